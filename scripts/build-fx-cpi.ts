/**
 * Regenerates transformers/fx/data/fx-cpi-monthly.json from the official source files in
 * transformers/fx/data/source/ (run: npx tsx scripts/build-fx-cpi.ts). Refuses sources whose SHA-256
 * differs from transformers/fx/data/sources.json.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { buildFxCpiTable, CPI_FILE, ECB_CSV_IN_ZIP, ECB_FILE, FxSourceError, type SourceManifest } from '../transformers/fx/build.js';
import type { FxCpiFile } from '../transformers/fx/table.js';

const dataDir = new URL('../transformers/fx/data/', import.meta.url);
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function readSources(): Parameters<typeof buildFxCpiTable>[0] {
  const zip = readFileSync(new URL(ECB_FILE, dataDir));
  const csv = unzipSync(zip)[ECB_CSV_IN_ZIP];
  if (!csv) throw new FxSourceError(ECB_FILE, `no ${ECB_CSV_IN_ZIP} inside`);
  const cpi = readFileSync(new URL(CPI_FILE, dataDir));
  return { ecbZip: { text: strFromU8(csv), sha256: sha256(zip) }, cpi: { text: cpi.toString('utf8'), sha256: sha256(cpi) } };
}

/** One month per line keeps the diff of a new month readable. */
export function fxCpiJson(table: FxCpiFile): string {
  const { fx, cpi, ...head } = table;
  const { months: fxRows, ...fxHead } = fx;
  const { months: cpiRows, ...cpiHead } = cpi;
  const rows = (items: readonly unknown[]): string => items.map((r) => `      ${JSON.stringify(r)}`).join(',\n');
  const open = (o: object): string => JSON.stringify(o, null, 2).slice(0, -2).replaceAll('\n', '\n  ');
  return `${JSON.stringify(head, null, 2).slice(0, -2)},\n` +
    `  "fx": ${open(fxHead)},\n    "months": [\n${rows(fxRows)}\n    ]\n  },\n` +
    `  "cpi": ${open(cpiHead)},\n    "months": [\n${rows(cpiRows)}\n    ]\n  }\n}\n`;
}

export function buildFxCpiJson(): string {
  const manifest = JSON.parse(readFileSync(new URL('sources.json', dataDir), 'utf8')) as SourceManifest;
  return fxCpiJson(buildFxCpiTable(readSources(), manifest));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const json = buildFxCpiJson();
  writeFileSync(new URL('fx-cpi-monthly.json', dataDir), json);
  const table = JSON.parse(json) as FxCpiFile;
  process.stdout.write(`wrote transformers/fx/data/fx-cpi-monthly.json: FX ${table.fx.months[0]?.month}…${table.fx.months.at(-1)?.month}, CPI ${table.cpi.months[0]?.month}…${table.cpi.months.at(-1)?.month}\n`);
}
