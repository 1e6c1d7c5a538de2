/**
 * An integration's whole stored state, comparable across databases (row ids, factor ids and timestamps
 * left out): invoices, lines, source documents, checkpoint, counters and what its runs committed.
 */
import { expect } from 'vitest';
import type { Harness } from './harness.js';

export async function inventoryState(h: Harness, integrationId: string) {
  const db = h.database.db;
  // Ids are derived from the integration (and factor ids are per database): compare by ETTN and line.
  const invoices = await db.selectFrom('invoices').selectAll().where('integration_id', '=', integrationId).orderBy('ettn').execute();
  const lines = await db.selectFrom('inventory_lines as l').innerJoin('invoices as i', 'i.id', 'l.invoice_id').selectAll('l').select('i.ettn')
    .where('l.integration_id', '=', integrationId).orderBy('i.ettn').orderBy('l.line_no').execute();
  const documents = await db.selectFrom('source_documents').select(['ettn', 'version', 'sha256', 'xml']).where('integration_id', '=', integrationId).orderBy('ettn').orderBy('version').execute();
  const integration = await db.selectFrom('integrations').select(['checkpoint', 'records_imported', 'documents_fetched', 'status']).where('id', '=', integrationId).executeTakeFirstOrThrow();
  const runs = await db.selectFrom('sync_runs').select(['status', 'pages', 'documents', 'invoices_new', 'invoices_updated', 'lines', 'quarantined']).where('integration_id', '=', integrationId).execute();
  const volatile = new Set(['id', 'invoice_id', 'source_document_id', 'factor_id', 'organization_id', 'integration_id', 'created_at', 'updated_at']);
  const strip = <T extends object>(rows: T[]) => rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !volatile.has(key))));
  const checkpoint = integration.checkpoint as { main: { syncedThrough: string | null; position: unknown; startDate: string } };
  const succeeded = runs.filter((r) => r.status === 'succeeded');
  return {
    invoices: strip(invoices), lines: strip(lines), documents,
    checkpoint: { position: checkpoint.main.position, startDate: checkpoint.main.startDate, synced: checkpoint.main.syncedThrough !== null },
    counters: { records: integration.records_imported, fetched: integration.documents_fetched, status: integration.status },
    committed: {
      pages: runs.reduce((n, r) => n + r.pages, 0), documents: runs.reduce((n, r) => n + r.documents, 0), invoicesNew: runs.reduce((n, r) => n + r.invoices_new, 0),
      lines: runs.reduce((n, r) => n + r.lines, 0), succeededRuns: succeeded.length,
    },
  };
}

export type InventoryState = Awaited<ReturnType<typeof inventoryState>>;

/** The stored inventory (not the run bookkeeping) equals the reference's, table by table. */
export function expectSameInventory(actual: InventoryState, expected: InventoryState): void {
  expect(actual.invoices).toEqual(expected.invoices);
  expect(actual.lines).toEqual(expected.lines);
  expect(actual.documents).toEqual(expected.documents);
  expect(actual.checkpoint).toEqual(expected.checkpoint);
  expect(actual.counters).toEqual(expected.counters);
}
