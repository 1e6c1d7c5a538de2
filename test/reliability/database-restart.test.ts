/**
 * Issue 16 §1: PostgreSQL itself stopped (fast shutdown) and started again a second later in the middle of a backfill,
 * on a server of this test's own: the run recovers or ends failed — the integration in Error, with a reason
 * that names the database — never half a page and never a run left `running`; the next sync completes the
 * inventory row for row as an undisturbed backfill of the same inbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderId } from '../../domain/providers.js';
import { syncIntegration, type SyncDependencies, type SyncRequest } from '../../pipelines/sync.js';
import { createHarness, type Harness } from '../pipeline/harness.js';
import { inventoryState } from '../pipeline/inventory-state.js';
import { expectSurvived } from './lines.js';
import { startOwnPostgres, type OwnPostgres } from './own-postgres.js';
import { allPagesWhole, wholePages } from './whole-pages.js';

const INVOICES = 60;
const DOWN_MS = 1_000;
const PROVIDERS: ProviderId[] = ['qnb', 'uyumsoft', 'isnet'];

const smallPages = (deps: SyncDependencies): SyncDependencies => ({ ...deps, extractorOptions: { ...deps.extractorOptions, pageSize: 5 } });
const backfill = (integrationId: string): SyncRequest => ({ integrationId, trigger: 'backfill', performedBy: 'system' });

describe('PostgreSQL stopped and restarted mid-sync', () => {
  let server: OwnPostgres;
  let reference: Harness;
  let disturbed: Harness;
  beforeAll(async () => {
    server = await startOwnPostgres();
    [reference, disturbed] = await Promise.all([createHarness(), createHarness({ serverUrl: server.url })]);
  });
  afterAll(async () => {
    try {
      await Promise.all([reference?.close(), disturbed?.close()]);
    } finally {
      await server?.close(); // its cluster too, even when a database could not be dropped
    }
  });

  it.each(PROVIDERS)('%s: the run recovers or fails with the database as its reason, never half a page, and the next sync completes it', async (provider) => {
    await Promise.all([reference.startSimulator(provider, INVOICES), disturbed.startSimulator(provider, INVOICES)]);
    const referenceId = await reference.connect(provider);
    const disturbedId = await disturbed.connect(provider);
    expect((await syncIntegration(smallPages(reference.deps), backfill(referenceId))).status).toBe('succeeded');

    let restarted: Promise<void> | undefined;
    let back = false;
    let pagesAfterRestart = 0;
    const outcome = await syncIntegration(smallPages(disturbed.deps), backfill(disturbedId), {
      onProgress: (p) => {
        if (back) pagesAfterRestart++;
        if (p.pages === 2) restarted ??= server.restart(DOWN_MS).then(() => void (back = true));
      },
    });
    await restarted;
    expect(restarted).toBeDefined();
    const db = disturbed.database.db;
    const integration = await db.selectFrom('integrations').select(['status', 'last_error']).where('id', '=', disturbedId).executeTakeFirstOrThrow();
    if (outcome.status === 'failed') {
      expect(outcome.error).toMatch(/database/i);
      expect(integration).toEqual({ status: 'error', last_error: outcome.error });
    } else {
      expect(outcome.status).toBe('succeeded');
      // It recovered only if it went on through the restart; a run that ended first proved nothing.
      expect(pagesAfterRestart, 'the run ended before the server went down: too few pages').toBeGreaterThan(0);
    }
    expect(await wholePages(disturbed, disturbedId)).toEqual(allPagesWhole);
    const runs = await db.selectFrom('sync_runs').select(['status', 'error']).where('integration_id', '=', disturbedId).execute();
    expect(runs.filter((r) => r.status === 'running' || r.status === 'queued')).toEqual([]);
    for (const run of runs.filter((r) => r.status === 'failed')) expect(run.error).toMatch(/database/i);

    if (outcome.status !== 'succeeded') expect((await syncIntegration(smallPages(disturbed.deps), backfill(disturbedId))).status).toBe('succeeded');
    const expected = await inventoryState(reference, referenceId);
    const actual = await inventoryState(disturbed, disturbedId);
    // The issue counts a database restart among §1's crashes (not a provider fault case): it goes into
    // `crashes survived`, with the lines lost and duplicated against the reference.
    await expectSurvived(actual, expected, 1);
  }, 120_000);
});
