/**
 * Every committed page is whole: the runs' counters add up to what the tables hold. A page cut in half
 * by a lost connection (its lines without its counters, or the reverse) makes one of these false.
 */
import type { Harness } from '../pipeline/harness.js';

export interface WholePages {
  documentsCounted: boolean;
  linesCounted: boolean;
  invoicesCounted: boolean;
  documentsStored: boolean;
}

export const allPagesWhole: WholePages = { documentsCounted: true, linesCounted: true, invoicesCounted: true, documentsStored: true };

export async function wholePages(h: Harness, integrationId: string): Promise<WholePages> {
  const db = h.database.db;
  const runs = await db.selectFrom('sync_runs').select((eb) => [eb.fn.sum<number>('documents').as('documents'), eb.fn.sum<number>('lines').as('lines'), eb.fn.sum<number>('invoices_new').as('invoices')]).where('integration_id', '=', integrationId).executeTakeFirstOrThrow();
  const count = async (table: 'invoices' | 'inventory_lines' | 'source_documents') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('integration_id', '=', integrationId).executeTakeFirstOrThrow()).n);
  const integration = await db.selectFrom('integrations').select(['documents_fetched', 'records_imported']).where('id', '=', integrationId).executeTakeFirstOrThrow();
  return {
    documentsCounted: Number(runs.documents ?? 0) === integration.documents_fetched,
    linesCounted: Number(runs.lines ?? 0) === (await count('inventory_lines')) && integration.records_imported === (await count('inventory_lines')),
    invoicesCounted: Number(runs.invoices ?? 0) === (await count('invoices')),
    documentsStored: (await count('source_documents')) === (await count('invoices')),
  };
}
