/**
 * PostgreSQL connections of the pipeline terminated mid-sync (pg_terminate_backend, as a server restart
 * or failover does to them): the run either recovers or ends failed with a reason — never half a page —
 * and the next sync completes the inventory exactly as an undisturbed sync of the same inbox.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderId } from '../../domain/providers.js';
import { syncIntegration, type SyncDependencies } from '../../pipelines/sync.js';
import { createHarness, type Harness } from '../pipeline/harness.js';
import { inventoryState } from '../pipeline/inventory-state.js';
import { expectSurvived } from './lines.js';

const INVOICES = 60;
const PROVIDERS: ProviderId[] = ['qnb', 'uyumsoft', 'isnet'];

const smallPages = (deps: SyncDependencies): SyncDependencies => ({ ...deps, extractorOptions: { ...deps.extractorOptions, pageSize: 5 } });

/** Terminates every other connection to the harness database (the pipeline's pooled ones). */
async function terminatePipelineConnections(h: Harness): Promise<number> {
  const observer = new pg.Client({ connectionString: h.database.url });
  await observer.connect();
  try {
    const result = await observer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    return result.rowCount ?? 0;
  } finally {
    await observer.end();
  }
}

/** Every committed page is whole: the runs' counters add up to what the tables hold. */
async function wholePages(h: Harness, integrationId: string) {
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

describe('database connections terminated mid-sync', () => {
  let reference: Harness;
  let disturbed: Harness;
  beforeAll(async () => {
    [reference, disturbed] = await Promise.all([createHarness(), createHarness()]);
  });
  afterAll(() => Promise.all([reference?.close(), disturbed?.close()]));

  it.each(PROVIDERS)('%s: the run recovers or fails with a reason, never half a page, and the next sync completes it', async (provider) => {
    await Promise.all([reference.startSimulator(provider, INVOICES), disturbed.startSimulator(provider, INVOICES)]);
    const referenceId = await reference.connect(provider);
    const disturbedId = await disturbed.connect(provider);
    expect((await syncIntegration(smallPages(reference.deps), { integrationId: referenceId, trigger: 'backfill', performedBy: 'system' })).status).toBe('succeeded');

    let terminated: Promise<number> | undefined;
    const outcome = await syncIntegration(smallPages(disturbed.deps), { integrationId: disturbedId, trigger: 'backfill', performedBy: 'system' }, {
      onProgress: (p) => void (p.pages === 2 && (terminated = terminatePipelineConnections(disturbed))),
    });
    expect(await terminated).toBeGreaterThan(0);
    if (outcome.status === 'failed') expect(outcome.error).toMatch(/\w{5,}/);
    else expect(outcome.status).toBe('succeeded');
    expect(await wholePages(disturbed, disturbedId)).toEqual({ documentsCounted: true, linesCounted: true, invoicesCounted: true, documentsStored: true });
    const runs = await disturbed.database.db.selectFrom('sync_runs').select(['status', 'error']).where('integration_id', '=', disturbedId).execute();
    for (const run of runs.filter((r) => r.status === 'failed')) expect(run.error).toMatch(/\w{5,}/);

    if (outcome.status !== 'succeeded') expect((await syncIntegration(smallPages(disturbed.deps), { integrationId: disturbedId, trigger: 'backfill', performedBy: 'system' })).status).toBe('succeeded');
    const expected = await inventoryState(reference, referenceId);
    const actual = await inventoryState(disturbed, disturbedId);
    await expectSurvived(actual, expected, 1);
  }, 120_000);
});
