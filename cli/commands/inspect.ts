/**
 * `npm run etl -- inspect FILE.xml [--json] [--org VKN ...]`: parse, normalize, classify and calculate one
 * UBL-TR invoice without a database, and print it (a table, or JSON with amounts as decimal strings).
 * The file is decoded as its BOM or XML declaration says (UTF-8, UTF-16, windows-1254, …), strictly.
 * A document that cannot be read exits 2 with the ParseError on stderr.
 */
import { readFile, stat } from 'node:fs/promises';
import { classificationStatus } from '../../transformers/classify/index.js';
import { DEFAULT_GWP_BASIS, GWP_BASES } from '../../transformers/emissions/index.js';
import {
  decodeXmlBytes,
  DEFAULT_MAX_BYTES,
  defaultTransformContext,
  ParseError,
  transformDocument,
  type TransformedDocument,
} from '../../transformers/index.js';
import { CliUsageError, parseCommandArgs } from '../usage.js';
import { auditJson, auditTable } from './inspect-audit.js';

export const usage = `usage: npm run etl -- inspect FILE.xml [--json] [--org VKN]... [--gwp-basis AR5|AR6|AR4]
  --json     one JSON object: invoice, lines (category, subcategory, scope, confidence, status, method, kgCO2e,
             audit: factor, GWP basis, conversion steps, rounding, flags), flags
The table ends with each line's audit: the factor (id, value, unit, edition, source, licence, GWP basis), every
conversion with its rate or index and source, and the rounding.
  --org VKN  the organization's VKN/TCKN (decides incoming/outgoing; default: assume incoming)
  --gwp-basis  GWP basis of refrigerant results (default AR5; AR6 for IFRS S2)
The file is decoded as its BOM or XML declaration says; undecodable bytes, malformed XML or a file
over the size limit exit 2 with the ParseError (code, path or line/column, message) on stderr.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { json: { type: 'boolean' }, org: { type: 'string', multiple: true }, 'gwp-basis': { type: 'string' } },
    true,
  );
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new CliUsageError(usage);
  const basis = values['gwp-basis'] ?? DEFAULT_GWP_BASIS;
  const gwpBasis = GWP_BASES.find((b) => b === basis.toUpperCase());
  if (!gwpBasis) throw new CliUsageError(`--gwp-basis must be one of ${GWP_BASES.join(', ')}, got "${basis}"`);

  const refuse = (error: ParseError): number => {
    process.stderr.write(values.json ? JSON.stringify({ error: error.toJSON() }) + '\n' : `${file}: ${error.describe()}\n`);
    return 2;
  };
  let bytes: Uint8Array;
  try {
    // The size limit before the file is read: an oversized file never reaches memory.
    const { size } = await stat(file);
    if (size > DEFAULT_MAX_BYTES) return refuse(new ParseError('too_large', `file has ${size} bytes, limit is ${DEFAULT_MAX_BYTES}`));
    bytes = await readFile(file);
  } catch (error) {
    throw new CliUsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }

  let doc: TransformedDocument;
  try {
    doc = transformDocument(decodeXmlBytes(bytes, { maxBytes: DEFAULT_MAX_BYTES }), { ...defaultTransformContext(values.org ?? []), calculation: { gwpBasis } });
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return refuse(error);
  }
  process.stdout.write(values.json ? JSON.stringify(inspectJson(doc), null, 2) + '\n' : inspectTable(doc));
  return 0;
}

/** The documented JSON shape of `inspect --json`. */
export function inspectJson({ invoice, lines, flags }: TransformedDocument) {
  return {
    invoice: {
      ettn: invoice.ettn,
      number: invoice.number,
      issueDate: invoice.issueDate,
      profile: invoice.profile,
      type: invoice.type,
      currency: invoice.currency,
      supplier: { vkn: invoice.supplier.vkn, name: invoice.supplier.name },
      customer: { vkn: invoice.customer?.vkn ?? null, name: invoice.customer?.name ?? null },
      totals: {
        lineExtension: invoice.totals.lineExtension,
        taxExclusive: invoice.totals.taxExclusive,
        taxInclusive: invoice.totals.taxInclusive,
        payable: invoice.totals.payable,
      },
      kdv: invoice.kdv,
      withholding: invoice.withholding,
    },
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      description: l.description,
      quantity: l.quantity,
      unitCode: l.unitCode,
      unit: l.unit,
      netAmount: l.netAmount,
      category: l.classification.category,
      subcategory: l.classification.subcategory,
      scope: l.classification.scope,
      scope3Category: l.classification.scope3Category,
      confidence: l.classification.confidence,
      status: classificationStatus(l.classification),
      method: l.calculation?.method ?? null,
      kgCO2e: l.calculation?.kgCO2e ?? null,
      audit: auditJson(l.calculation),
    })),
    flags,
  };
}

function inspectTable(doc: TransformedDocument): string {
  const { invoice } = inspectJson(doc);
  const n = doc.invoice;
  const header = [
    `invoice   ${invoice.number ?? '(no number)'}  ETTN ${invoice.ettn}`,
    `issued    ${invoice.issueDate}  ${invoice.profile ?? '?'} / ${invoice.type ?? '?'}  ${n.direction} (${n.role}, sign ${n.sign})`,
    `supplier  ${invoice.supplier.vkn ?? '-'}  ${invoice.supplier.name ?? ''}`,
    `customer  ${invoice.customer.vkn ?? '-'}  ${invoice.customer.name ?? ''}`,
    `period    ${n.activityPeriod.start} … ${n.activityPeriod.end} (${n.activityPeriod.basis})`,
    `totals    net ${invoice.totals.lineExtension}  tax-excl ${invoice.totals.taxExclusive}  tax-incl ${invoice.totals.taxInclusive}  payable ${invoice.totals.payable} ${invoice.currency}` +
      (n.fx ? `  (1 ${n.currency} = ${n.fx.rate} TRY, ${n.fx.source})` : ''),
    `taxes     KDV ${invoice.kdv}  withholding ${invoice.withholding}`,
    '',
  ];
  const rows = doc.lines.map((l) => [
    l.lineNo,
    l.description,
    l.quantity ?? '',
    l.unitCode ?? '(none)',
    l.netAmount,
    l.classification.category,
    l.classification.scope === null ? '' : String(l.classification.scope) + (l.classification.scope3Category ? `.${l.classification.scope3Category}` : ''),
    l.classification.confidence.toFixed(2),
    l.calculation?.method ?? (l.calculation ? 'none' : 'n/a'),
    l.calculation?.kgCO2e ?? '',
  ]);
  const table = formatTable(['#', 'description', 'qty', 'unit', 'net', 'category', 'scope', 'conf', 'method', 'kgCO2e'], rows, new Set([2, 4, 7, 9]));
  const flags = doc.flags.length === 0 ? ['flags     none'] : ['flags', ...doc.flags.map((f) => `  ${f.code}${f.path ? ` @ ${f.path}` : ''}: ${f.message}`)];
  return [...header, ...table, '', ...auditTable(doc.lines), '', ...flags, ''].join('\n');
}

function formatTable(head: string[], rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const cell = (text: string, i: number): string => {
    const t = text.length > widths[i]! ? text.slice(0, widths[i]! - 1) + '…' : text;
    return rightAligned.has(i) ? t.padStart(widths[i]!) : t.padEnd(widths[i]!);
  };
  const line = (r: string[]): string => r.map(cell).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}
