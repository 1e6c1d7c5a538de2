/** Minimal RFC 4180 reader for the committed factor source files (quoted fields, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** Rows as records keyed by the header line; a row with the wrong field count is an error naming its line. */
export function csvRecords(text: string, file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error(`${file}: empty file`);
  return rows.map((cells, i) => {
    if (cells.length !== header.length) throw new Error(`${file}: data row ${i + 1} has ${cells.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
  });
}
