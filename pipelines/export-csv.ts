/**
 * CSV export of the Data Inventory: one row per inventory line, streamed from PostgreSQL through a
 * server-side cursor and csv-stringify, so memory stays flat whatever the size. The CLI and the panel
 * both use it; every export writes an Export entry in the Activity Log.
 *
 * Decimals are PostgreSQL's plain text (a dot, no exponent). `excel` writes a UTF-8 BOM and `;` between
 * cells, so Turkish Excel opens the file in columns with ç, ğ, ı, ş intact. Text cells that a spreadsheet
 * would run as a formula (starting with = + - @, a tab or a carriage return) get a leading apostrophe in
 * every mode; numeric cells are left as numbers (a negative amount stays -12.50).
 */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { z } from 'zod';
import { CategoryKey } from '../domain/categories.js';
import { ProviderId } from '../domain/providers.js';
import type { Database } from '../db/schema.js';
import { IsoDate } from '../extractors/contract.js';
import { logActivity } from './activity.js';

export const ExportFilters = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  provider: ProviderId.optional(),
  category: CategoryKey.optional(),
  scope: z.coerce.number().int().min(1).max(3).optional(),
  status: z.enum(['needs_review', 'ready_for_ef_matching', 'calculated', 'excluded']).optional(),
});
export type ExportFilters = z.infer<typeof ExportFilters>;

/** The header row, in order; `text` columns are neutralized against formula injection. */
const columns = [
  ['provider', 'i.provider', 'text'], ['ettn', 'v.ettn', 'text'], ['document_number', 'l.document_number', 'text'], ['line_no', 'l.line_no', 'number'],
  ['line_ref', 'l.line_ref', 'text'], ['issue_date', 'l.issue_date', 'date'], ['activity_period_start', 'l.activity_period_start', 'date'],
  ['activity_period_end', 'l.activity_period_end', 'date'], ['supplier_vkn', 'l.supplier_vkn', 'text'], ['supplier_name', 'l.supplier_name', 'text'],
  ['description', 'l.description', 'text'], ['facility', 'l.facility', 'text'], ['region', 'l.region', 'text'], ['quantity', 'l.quantity', 'number'],
  ['unit', 'l.unit', 'text'], ['unit_code', 'l.unit_code', 'text'], ['net_amount', 'l.net_amount', 'number'], ['currency', 'l.currency', 'text'],
  ['net_amount_try', 'l.amount_try', 'number'], ['category', 'l.category', 'text'], ['scope', 'l.scope', 'number'], ['scope3_category', 'l.scope3_category', 'number'],
  ['method', 'l.method', 'text'], ['factor_id', 'l.factor_id', 'text'], ['factor_key', 'f.key', 'text'], ['factor_edition', 'f.edition', 'text'],
  ['factor_source', 'f.source', 'text'], ['kg_co2e', 'l.kg_co2e', 'number'], ['confidence', 'l.confidence', 'number'],
  ['classification_source', 'l.classification_source', 'text'], ['status', 'l.status', 'text'], ['line_id', 'l.id', 'text'],
] as const;
export const exportColumns = columns.map(([name]) => name);

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet would evaluate gets a leading apostrophe (OWASP CSV injection advice). */
export function neutralize(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export interface ExportRequest {
  organizationId: string;
  filters: ExportFilters;
  excel: boolean;
  performedBy: string;
}

const BATCH = 2_000;

/** The export's SELECT (also the benchmark's COPY baseline). */
export function exportQuery(request: ExportRequest): { text: string; values: unknown[] } {
  const values: unknown[] = [request.organizationId];
  const where = ['l.organization_id = $1'];
  const add = (clause: (p: string) => string, value: unknown) => {
    values.push(value);
    where.push(clause(`$${values.length}`));
  };
  const f = request.filters;
  if (f.from) add((p) => `l.issue_date >= ${p}::date`, f.from);
  if (f.to) add((p) => `l.issue_date <= ${p}::date`, f.to);
  if (f.provider) add((p) => `i.provider = ${p}`, f.provider);
  if (f.category) add((p) => `l.category = ${p}`, f.category);
  if (f.scope) add((p) => `l.scope = ${p}`, f.scope);
  if (f.status) add((p) => `l.status = ${p}`, f.status);
  const select = columns.map(([name, expression, kind]) => `${kind === 'text' ? expression : `${expression}::text`} AS ${name}`).join(', ');
  return {
    text: `SELECT ${select} FROM inventory_lines l JOIN invoices v ON v.id = l.invoice_id JOIN integrations i ON i.id = l.integration_id
           LEFT JOIN emission_factors f ON f.id = l.factor_id WHERE ${where.join(' AND ')} ORDER BY l.issue_date, v.ettn, l.line_no`,
    values,
  };
}

/** Streams the export into `output` (not ended); returns the number of rows written. */
export async function exportInventoryCsv(deps: { db: Kysely<Database>; pool: pg.Pool }, request: ExportRequest, output: Writable): Promise<{ rows: number }> {
  const filters = ExportFilters.parse(request.filters);
  const csv = stringify({ header: true, columns: exportColumns, delimiter: request.excel ? ';' : ',', bom: request.excel });
  csv.pipe(output, { end: false });
  const textColumns = columns.flatMap(([, , kind], index) => (kind === 'text' ? [index] : []));
  const client = await deps.pool.connect();
  let rows = 0;
  try {
    await client.query('BEGIN READ ONLY');
    const { text, values } = exportQuery({ ...request, filters });
    await client.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${text}`, values);
    for (;;) {
      // Rows as arrays: no object per row, and csv-stringify writes arrays fastest.
      const batch = await client.query<(string | null)[]>({ text: `FETCH ${BATCH} FROM export_rows`, rowMode: 'array' });
      for (const row of batch.rows) {
        for (const index of textColumns) {
          const value = row[index];
          if (value) row[index] = neutralize(value);
        }
        // Respect backpressure: a slow reader (a file, an HTTP client) holds the cursor, not memory.
        if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve));
        rows++;
      }
      if (batch.rows.length < BATCH) break;
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    csv.destroy();
    throw error;
  } finally {
    client.release();
  }
  csv.end();
  await finished(csv);
  const described = Object.entries(filters).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  await logActivity(deps.db, { organizationId: request.organizationId, action: 'export', status: 'success', performedBy: request.performedBy, details: `Exported ${rows} inventory lines as CSV${request.excel ? ' (Excel)' : ''}${described ? ` (${described})` : ''}`, metadata: { rows, filters, excel: request.excel } });
  return { rows };
}
