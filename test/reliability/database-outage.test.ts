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
import { allPagesWhole, wholePages } from './whole-pages.js';

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
    const db = disturbed.database.db;
    if (outcome.status === 'failed') {
      // Failing cleanly is the integration in Error with the run's reason, as after a server restart.
      expect(outcome.error).toMatch(/\w{5,}/);
      expect(await db.selectFrom('integrations').select(['status', 'last_error']).where('id', '=', disturbedId).executeTakeFirstOrThrow()).toEqual({ status: 'error', last_error: outcome.error });
    } else expect(outcome.status).toBe('succeeded');
    expect(await wholePages(disturbed, disturbedId)).toEqual(allPagesWhole);
    const runs = await db.selectFrom('sync_runs').select(['status', 'error']).where('integration_id', '=', disturbedId).execute();
    expect(runs.filter((r) => r.status === 'running' || r.status === 'queued')).toEqual([]);
    for (const run of runs.filter((r) => r.status === 'failed')) expect(run.error).toMatch(/\w{5,}/);

    if (outcome.status !== 'succeeded') expect((await syncIntegration(smallPages(disturbed.deps), { integrationId: disturbedId, trigger: 'backfill', performedBy: 'system' })).status).toBe('succeeded');
    const expected = await inventoryState(reference, referenceId);
    const actual = await inventoryState(disturbed, disturbedId);
    await expectSurvived(actual, expected, 1);
  }, 120_000);
});
