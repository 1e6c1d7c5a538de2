/**
 * One extracted page into the Data Inventory in ONE transaction (DESIGN.md, "Data flow"): its new raw
 * documents (a changed XML for a known ETTN is the next version, with a document_changed activity entry),
 * invoices and lines upserted by deterministic id only where something changed, the lines a new version
 * no longer has removed, quarantined documents, the run's counters and progress, and the integration's
 * sync state (the checkpoint). A crash before COMMIT loses the page and nothing else; replaying it
 * writes the same rows again, so nothing is counted twice.
 *
 * Lines take the bulk path: COPY into a per-session temporary table, then one set-based merge.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { QuarantineStage } from '../db/schema.js';
import type { ProviderId } from '../domain/providers.js';
import type { Json } from '../domain/json.js';
import { sourceDocumentId } from './ids.js';
import { lineColumns, type InvoiceRow, type LineRow } from './rows.js';

export interface LoadedDocument {
  ettn: string;
  sha256: string;
  xml: string;
  receivedAt: string;
  providerRef: Json;
  invoice: InvoiceRow;
  lines: LineRow[];
}

export interface QuarantineEntry {
  ettn: string | null;
  stage: QuarantineStage;
  reason: string;
  errorCode: string | null;
  details: Json;
  payload: string;
  payloadSha256: string;
}

export interface PageLoad {
  organizationId: string;
  integrationId: string;
  provider: ProviderId;
  runId: string;
  documents: LoadedDocument[];
  quarantined: QuarantineEntry[];
  /** Documents of the page already stored with the same content: counted, not written. */
  unchanged: number;
  /** Extracted pages this commit covers: this one and the empty ones before it (default 1). */
  pages?: number;
  /** The integration's sync state after this page (its checkpoint), committed with the page. */
  syncState: Json;
  progress: Json;
}

export interface PageCounts {
  invoicesNew: number;
  invoicesUpdated: number;
  invoicesUnchanged: number;
  linesNew: number;
  linesUpdated: number;
  linesRemoved: number;
  quarantined: number;
  changedDocuments: number;
}

const invoiceColumns = [
  'id', 'organization_id', 'integration_id', 'source_document_id', 'ettn', 'number', 'profile', 'type', 'direction',
  'issue_date', 'supplier_vkn', 'supplier_name', 'customer_vkn', 'customer_name', 'currency', 'exchange_rate',
  'line_extension', 'tax_exclusive', 'tax_inclusive', 'payable', 'kdv_total', 'withholding_total', 'period_start',
  'period_end', 'flags',
] as const satisfies readonly (keyof InvoiceRow)[];
const invoiceTypes: Record<(typeof invoiceColumns)[number], string> = {
  id: 'uuid', organization_id: 'uuid', integration_id: 'uuid', source_document_id: 'uuid', ettn: 'text', number: 'text',
  profile: 'text', type: 'text', direction: 'text', issue_date: 'date', supplier_vkn: 'text', supplier_name: 'text',
  customer_vkn: 'text', customer_name: 'text', currency: 'char(3)', exchange_rate: 'numeric', line_extension: 'numeric',
  tax_exclusive: 'numeric', tax_inclusive: 'numeric', payable: 'numeric', kdv_total: 'numeric', withholding_total: 'numeric',
  period_start: 'date', period_end: 'date', flags: 'jsonb',
};
/** Columns whose change makes an upsert an update; ids and organization never change for an identity. */
const changing = <T extends string>(columns: readonly T[]) => columns.filter((c) => !['id', 'organization_id', 'integration_id', 'invoice_id', 'line_no'].includes(c));

/**
 * INSERT … ON CONFLICT (id) DO UPDATE … WHERE the row really differs, returning the id of every row
 * inserted or updated (an identical replay updates nothing, so updated_at stays what it was).
 */
function upsertSql(table: string, columns: readonly string[], source: string): string {
  const changed = changing(columns);
  return `
INSERT INTO ${table} (${columns.join(', ')})
SELECT ${columns.join(', ')} FROM ${source}
ON CONFLICT (id) DO UPDATE SET ${changed.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now()
WHERE (${changed.map((c) => `${table}.${c}`).join(', ')}) IS DISTINCT FROM (${changed.map((c) => `EXCLUDED.${c}`).join(', ')})
RETURNING id, (xmax = 0) AS inserted`;
}

type Upserted = { id: string; inserted: boolean };
const tally = (rows: readonly Upserted[]) => ({ inserted: rows.filter((r) => r.inserted).length, updated: rows.filter((r) => !r.inserted).length });

const upsertInvoicesSql = upsertSql('invoices', invoiceColumns, `jsonb_to_recordset($1::jsonb) AS r(${invoiceColumns.map((c) => `${c} ${invoiceTypes[c]}`).join(', ')})`);
const mergeLinesSql = upsertSql('inventory_lines', lineColumns, 'page_lines');

const sourceDocumentColumns = ['id', 'organization_id', 'integration_id', 'provider', 'ettn', 'version', 'sha256', 'xml', 'received_at', 'provider_ref', 'sync_run_id'] as const;

/**
 * The page's new raw documents, COPYed straight into source_documents (the XML is most of a page's
 * bytes). Versions are numbered here: one run per integration holds its lock, so nobody else adds a
 * version meanwhile. Returns the documents stored, with their versions.
 */
async function storeDocuments(client: pg.PoolClient, load: PageLoad): Promise<{ ettn: string; version: number }[]> {
  const ettns = [...new Set(load.documents.map((d) => d.ettn))];
  const { rows: existing } = await client.query<{ ettn: string; version: number; shas: string[] }>(
    'SELECT ettn, max(version)::int AS version, array_agg(sha256) AS shas FROM source_documents WHERE integration_id = $1 AND ettn = ANY($2::text[]) GROUP BY ettn',
    [load.integrationId, ettns],
  );
  const latest = new Map(existing.map((r) => [r.ettn, { version: r.version, shas: new Set(r.shas) }]));
  const stored: { ettn: string; version: number }[] = [];
  const rows: (string | number)[][] = [];
  for (const d of load.documents) {
    const known = latest.get(d.ettn) ?? { version: 0, shas: new Set<string>() };
    if (known.shas.has(d.sha256)) continue;
    known.version++;
    known.shas.add(d.sha256);
    latest.set(d.ettn, known);
    stored.push({ ettn: d.ettn, version: known.version });
    rows.push([sourceDocumentId(load.integrationId, d.ettn, d.sha256), load.organizationId, load.integrationId, load.provider, d.ettn, known.version, d.sha256, d.xml, d.receivedAt, JSON.stringify(d.providerRef), load.runId]);
  }
  if (rows.length > 0) {
    await pipeline(
      Readable.from(rows),
      stringify({ quoted_string: true }),
      client.query(copyFrom(`COPY source_documents (${sourceDocumentColumns.join(', ')}) FROM STDIN WITH (FORMAT csv)`)),
    );
  }
  return stored;
}

/** A per-session table for the page's lines; emptied at every commit. */
const pageLinesTableSql = `CREATE TEMP TABLE IF NOT EXISTS page_lines (LIKE inventory_lines INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`;

async function copyLines(client: pg.PoolClient, table: 'page_lines' | 'inventory_lines', rows: readonly LineRow[]): Promise<void> {
  // csv-stringify writes null as an empty unquoted field, which COPY reads as NULL; '' is quoted.
  await pipeline(
    Readable.from(rows.map((row) => lineColumns.map((c) => row[c]))),
    stringify({ quoted_string: true }),
    client.query(copyFrom(`COPY ${table} (${lineColumns.join(', ')}) FROM STDIN WITH (FORMAT csv)`)),
  );
}

/**
 * The lines of invoices this very transaction inserted cannot exist yet: they are COPYed straight into
 * inventory_lines (a backfill's usual case, at the COPY ceiling). The lines of invoices that existed go
 * through the page table and one merge, and the lines a new version no longer has are removed.
 */
async function loadLines(client: pg.PoolClient, documents: readonly LoadedDocument[], newInvoices: ReadonlySet<string>, counts: PageCounts): Promise<void> {
  const fresh = documents.filter((d) => newInvoices.has(d.invoice.id));
  const known = documents.filter((d) => !newInvoices.has(d.invoice.id));
  const freshLines = fresh.flatMap((d) => d.lines);
  if (freshLines.length > 0) await copyLines(client, 'inventory_lines', freshLines);
  counts.linesNew = freshLines.length;
  const knownLines = known.flatMap((d) => d.lines);
  if (knownLines.length > 0) {
    await client.query(pageLinesTableSql);
    await copyLines(client, 'page_lines', knownLines);
    const merged = tally((await client.query<Upserted>(mergeLinesSql)).rows);
    counts.linesNew += merged.inserted;
    counts.linesUpdated = merged.updated;
  }
  if (known.length > 0) {
    const removed = await client.query(
      `DELETE FROM inventory_lines l USING jsonb_to_recordset($1::jsonb) AS c(id uuid, lines int) WHERE l.invoice_id = c.id AND l.line_no > c.lines`,
      [JSON.stringify(known.map((d) => ({ id: d.invoice.id, lines: d.lines.length })))],
    );
    counts.linesRemoved = removed.rowCount ?? 0;
  }
}

export async function loadPage(client: pg.PoolClient, load: PageLoad): Promise<PageCounts> {
  // Two versions of one ETTN on a page: both documents are kept, the inventory takes the later one.
  const latest = new Map(load.documents.map((d) => [d.ettn, d]));
  const documents = [...latest.values()];
  const counts: PageCounts = { invoicesNew: 0, invoicesUpdated: 0, invoicesUnchanged: 0, linesNew: 0, linesUpdated: 0, linesRemoved: 0, quarantined: load.quarantined.length, changedDocuments: 0 };
  await client.query('BEGIN');
  try {
    if (load.documents.length > 0) {
      const changed = (await storeDocuments(client, load)).filter((r) => r.version > 1);
      counts.changedDocuments = changed.length;
      if (changed.length > 0) {
        await client.query(
          `INSERT INTO activity_log (organization_id, action_type, details, integration_id, provider, status, performed_by, sync_run_id, metadata)
           SELECT $1, 'document_changed', 'Invoice ' || r.ettn || ' was re-sent with changed content: stored as version ' || r.version || '; its lines replace the previous version''s', $2, $3, 'info', 'system', $4, jsonb_build_object('ettn', r.ettn, 'version', r.version)
           FROM jsonb_to_recordset($5::jsonb) AS r(ettn text, version int)`,
          [load.organizationId, load.integrationId, load.provider, load.runId, JSON.stringify(changed)],
        );
      }
      const upserted = (await client.query<Upserted>(upsertInvoicesSql, [JSON.stringify(documents.map((d) => d.invoice))])).rows;
      const invoices = tally(upserted);
      counts.invoicesNew = invoices.inserted;
      counts.invoicesUpdated = invoices.updated;
      // Unchanged: upserts that changed nothing, and earlier versions superseded on this very page.
      counts.invoicesUnchanged = load.documents.length - counts.invoicesNew - counts.invoicesUpdated;
      await loadLines(client, documents, new Set(upserted.filter((r) => r.inserted).map((r) => r.id)), counts);
    }
    if (load.quarantined.length > 0) {
      await client.query(
        `INSERT INTO quarantined_documents (organization_id, integration_id, sync_run_id, provider, ettn, stage, reason, error_code, details, payload, payload_sha256)
         SELECT $1, $2, $3, $4, ettn, stage, reason, error_code, details, payload, payload_sha256
         FROM jsonb_to_recordset($5::jsonb) AS r(ettn text, stage text, reason text, error_code text, details jsonb, payload text, payload_sha256 text)
         ON CONFLICT (integration_id, COALESCE(ettn, ''), payload_sha256) WHERE resolved_at IS NULL DO NOTHING`,
        [load.organizationId, load.integrationId, load.runId, load.provider, JSON.stringify(load.quarantined.map((q) => ({ ettn: q.ettn, stage: q.stage, reason: q.reason, error_code: q.errorCode, details: q.details, payload: q.payload, payload_sha256: q.payloadSha256 })))],
      );
    }
    counts.invoicesUnchanged += load.unchanged;
    const fetched = load.documents.length + load.quarantined.length + load.unchanged;
    await client.query(
      `UPDATE sync_runs SET pages = pages + $9, documents = documents + $2, invoices_new = invoices_new + $3, invoices_updated = invoices_updated + $4,
         invoices_unchanged = invoices_unchanged + $5, lines = lines + $6, quarantined = quarantined + $7, progress = $8::jsonb
       WHERE id = $1`,
      [load.runId, fetched, counts.invoicesNew, counts.invoicesUpdated, counts.invoicesUnchanged, counts.linesNew + counts.linesUpdated, counts.quarantined, JSON.stringify(load.progress), load.pages ?? 1],
    );
    await client.query(
      `UPDATE integrations SET checkpoint = $2::jsonb, records_imported = records_imported + $3, documents_fetched = documents_fetched + $4 WHERE id = $1`,
      [load.integrationId, JSON.stringify(load.syncState), counts.linesNew, fetched],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
  return counts;
}

/** Which of these (ETTN, SHA-256) pairs are already stored: those documents need no transform and no write. */
export async function storedDocuments(client: pg.ClientBase, integrationId: string, documents: readonly { ettn: string; sha256: string }[]): Promise<Set<string>> {
  if (documents.length === 0) return new Set();
  const { rows } = await client.query<{ key: string }>(
    `SELECT s.ettn || '/' || s.sha256 AS key FROM source_documents s JOIN jsonb_to_recordset($2::jsonb) AS r(ettn text, sha256 text)
       ON s.ettn = r.ettn AND s.sha256 = r.sha256 WHERE s.integration_id = $1`,
    [integrationId, JSON.stringify(documents)],
  );
  return new Set(rows.map((r) => r.key));
}
