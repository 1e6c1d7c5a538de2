/**
 * The `sync-integration` task shell in the SDK's in-memory harness, against real PostgreSQL and the
 * provider simulators over HTTP: progress lands in the run metadata and the Trigger.dev run id on the
 * sync_runs row; a long backfill runs as a chain of one-page chunks, each continuing from the checkpoint
 * the last one committed, until the inventory equals the simulator's manifest; refused credentials end
 * the run without retries and the integration in Error; a provider that keeps failing is left to the
 * task's retries; a cancel mid-backfill keeps every committed page and the next run continues.
 */
import { AbortTaskRunError } from '@trigger.dev/sdk';
import { getIdempotencyKeyOptions } from '@trigger.dev/core/v3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProviderId } from '../../domain/providers.js';
import type { ExtractorOptions } from '../../extractors/options.js';
import { credentialContext } from '../../pipelines/dependencies.js';
import type { TaskDependencies } from '../../pipelines/scale-out/dependencies.js';
import type { syncIntegrationTask as SyncIntegrationTask, SyncTaskResult } from '../../pipelines/trigger/sync-integration.js';
import { manifestEntries } from '../../simulators/dataset/index.js';
import { createHarness, datasetFor, instantTiming, START_DATE, type Harness } from '../pipeline/harness.js';
import { loadTasks, runTask } from './task-context.js';

const INVOICES = 40;
type Continuation = { payload: unknown; options: Parameters<typeof SyncIntegrationTask.trigger>[1] };

describe('sync-integration task', () => {
  let h: Harness;
  const continuations: Continuation[] = [];
  const deps = (chunkMs: number, extractor: Partial<ExtractorOptions> = {}): TaskDependencies => ({ sync: { ...h.deps, extractorOptions: { ...h.deps.extractorOptions, pageSize: 10, ...extractor } }, chunkMs, batchSize: 500 });
  beforeAll(async () => {
    h = await createHarness();
    // Imported only once the catalog is installed, so the task registers in it as in a worker.
    await loadTasks();
    const { syncIntegrationTask } = await import('../../pipelines/trigger/sync-integration.js');
    vi.spyOn(syncIntegrationTask, 'trigger').mockImplementation(async (payload, options) => {
      continuations.push({ payload, options });
      return { id: `run_chunk_${continuations.length + 1}` } as Awaited<ReturnType<typeof SyncIntegrationTask.trigger>>;
    });
  });
  afterEach(() => h.rewritePages(null));
  afterAll(async () => {
    vi.restoreAllMocks();
    await h.close();
  });

  const delivered = (provider: ProviderId) => [...manifestEntries(datasetFor(provider, INVOICES))].filter((e) => e.deliveredToInbox && (provider !== 'isnet' || e.issueDate >= START_DATE));
  const invoiceEttns = async (integrationId: string) => (await h.database.db.selectFrom('invoices').select('ettn').where('integration_id', '=', integrationId).execute()).map((r) => r.ettn).sort();
  const runsOf = (integrationId: string) => h.database.db.selectFrom('sync_runs').select(['status', 'engine', 'engine_run_id', 'pages', 'documents', 'trigger', 'error']).where('integration_id', '=', integrationId).orderBy('created_at').execute();

  it('backfills as a chain of chunks that continue from the checkpoint, with progress in the run metadata', async () => {
    await h.startSimulator('uyumsoft', INVOICES);
    const integrationId = await h.connect('uyumsoft');
    // Long windows: a few pages (the dataset's two months, then empty windows up to today). A chunk of
    // zero length stops after every page; "today" stays put between chunks, or the last window would
    // move on by the time between two one-page chunks and never end.
    const today = Date.now();
    const oneChunkPerPage = deps(0, { window: { windowMs: 120 * 86_400_000 }, timing: { ...instantTiming, now: () => today } });
    let payload: unknown = { integrationId, trigger: 'connect', performedBy: 'ops@example.com' };
    let runId = 'run_chunk_1';
    const results: { runId: string; output: SyncTaskResult; progress: unknown }[] = [];
    for (let chunk = 1; chunk <= 40; chunk++) {
      const run = await runTask('sync-integration', payload, { deps: oneChunkPerPage, runId });
      if (!run.ok) throw run.error;
      const output = run.output as SyncTaskResult;
      results.push({ runId, output, progress: run.metadata.progress });
      if (output.status !== 'incomplete') break;
      const next = continuations.at(-1)!;
      expect(next.payload).toEqual({ integrationId, trigger: 'backfill', performedBy: 'system', chunk: chunk + 1 });
      expect(next.options).toMatchObject({ concurrencyKey: integrationId, tags: expect.arrayContaining([`integration_${integrationId}`, 'provider_uyumsoft']) });
      // Keyed to the triggering run: a retried chunk returns the continuation it already triggered.
      expect(getIdempotencyKeyOptions(String(next.options?.idempotencyKey))).toEqual({ key: `continue:${integrationId}`, scope: 'run' });
      expect(output.continuedBy).toBe(runId = `run_chunk_${chunk + 1}`);
      payload = next.payload;
    }
    expect(results.length).toBeGreaterThan(2);
    expect(results.at(-1)!.output.status).toBe('succeeded');
    expect(await invoiceEttns(integrationId)).toEqual(delivered('uyumsoft').map((e) => e.ettn).sort());

    // Each chunk committed once (one page, with the empty windows before it that ride with a commit) and
    // carries its Trigger.dev run id; the first one is the connect's.
    const runs = await runsOf(integrationId);
    expect(runs.map((r) => r.engine_run_id)).toEqual(results.map((r) => r.runId));
    expect(runs.every((r) => r.engine === 'trigger' && r.status === 'succeeded' && r.pages >= 1)).toBe(true);
    expect(runs.map((r) => r.trigger)).toEqual(['connect', ...results.slice(1).map(() => 'backfill')]);
    const first = results[0]!.progress as Record<string, number>;
    expect(first).toMatchObject({ pages: 1, chunk: 1, documents: expect.any(Number), lines: expect.any(Number), share: expect.any(Number) });
    expect(first.documents).toBeGreaterThan(0);
    expect(first.lines).toBeGreaterThan(0);
    // The share of the date range each chunk covered, up to 1 when the backfill reached today.
    const shares = results.map((r) => (r.progress as { share: number }).share);
    expect(shares.some((share) => share > 0 && share < 1)).toBe(true);
    expect(results.at(-1)!.progress).toMatchObject({ share: 1, chunk: results.length });
  });

  it('a cancel mid-backfill keeps the committed pages, chains nothing, and the next run continues from the checkpoint', async () => {
    await h.startSimulator('qnb', INVOICES);
    const integrationId = await h.connect('qnb');
    const cancel = new AbortController();
    let pages = 0;
    h.rewritePages((page) => {
      if (++pages === 2) cancel.abort(); // what runs.cancel does to a running attempt
      return page;
    });
    const before = continuations.length;
    const run = await runTask('sync-integration', { integrationId, trigger: 'connect', performedBy: 'ops@example.com' }, { deps: deps(60_000), runId: 'run_cancelled', signal: cancel.signal });
    expect(run).toMatchObject({ ok: true, output: { status: 'cancelled', reason: 'the Trigger.dev run was cancelled' } });
    expect(continuations.length).toBe(before);
    const [cancelled] = await runsOf(integrationId);
    expect(cancelled).toMatchObject({ status: 'cancelled', engine_run_id: 'run_cancelled', error: 'the Trigger.dev run was cancelled' });
    expect(cancelled!.pages).toBeGreaterThanOrEqual(1);
    const loaded = await invoiceEttns(integrationId);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.length).toBeLessThan(delivered('qnb').length);
    const integration = await h.database.db.selectFrom('integrations').select(['status', 'checkpoint']).where('id', '=', integrationId).executeTakeFirstOrThrow();
    expect(integration.status).toBe('connected');
    expect(JSON.stringify(integration.checkpoint)).toContain('windowStart'); // mid-range position kept

    h.rewritePages(null);
    const resumed = await runTask('sync-integration', { integrationId, trigger: 'schedule', performedBy: 'system' }, { deps: deps(60_000), runId: 'run_next_day' });
    expect(resumed).toMatchObject({ ok: true, output: { status: 'succeeded' } });
    expect(await invoiceEttns(integrationId)).toEqual(delivered('qnb').map((e) => e.ettn).sort());
    const runs = await runsOf(integrationId);
    expect(runs[1]).toMatchObject({ status: 'succeeded', engine_run_id: 'run_next_day' });
    expect(runs[1]!.documents).toBeLessThan(delivered('qnb').length); // it did not start over from page one
  });

  it('refused credentials end the run with AbortTaskRunError (no retry) and the integration in Error with the reason', async () => {
    const simulator = await h.startSimulator('edm', INVOICES);
    const integrationId = await h.connect('edm');
    const wrong = h.vault.seal(JSON.stringify({ ...simulator.credentials, password: 'changed-at-the-provider' }), credentialContext(integrationId));
    await h.database.db.updateTable('integrations').set({ credentials_key_id: wrong.keyId, credentials_ciphertext: wrong.ciphertext }).where('id', '=', integrationId).execute();
    const run = await runTask('sync-integration', { integrationId, trigger: 'schedule', performedBy: 'system' }, { deps: deps(60_000), runId: 'run_auth' });
    expect(run.ok).toBe(false);
    const error = (run as { error: unknown }).error;
    expect(error).toBeInstanceOf(AbortTaskRunError);
    expect((error as Error).message).toMatch(/EDM Bilişim e-Fatura rejected the username or password/);
    const integration = await h.database.db.selectFrom('integrations').select(['status', 'last_error']).where('id', '=', integrationId).executeTakeFirstOrThrow();
    expect(integration).toEqual({ status: 'error', last_error: (error as Error).message });
    expect(await runsOf(integrationId)).toMatchObject([{ status: 'failed', engine_run_id: 'run_auth', error: (error as Error).message }]);
  });

  it('a provider that keeps failing throws a plain error, which Trigger.dev retries with backoff', async () => {
    await h.startSimulator('crs', INVOICES);
    const integrationId = await h.connect('crs');
    h.simulators.get('crs')!.setFaults({ http500: {} });
    const run = await runTask('sync-integration', { integrationId, trigger: 'schedule', performedBy: 'system' }, { deps: deps(60_000), runId: 'run_transient' });
    expect(run.ok).toBe(false);
    const error = (run as { error: unknown }).error;
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(AbortTaskRunError);
    expect((error as Error).message).toMatch(/could not be reached after 3 attempts/);
    expect(await runsOf(integrationId)).toMatchObject([{ status: 'failed', engine_run_id: 'run_transient' }]);
  });

  it('a payload that is not a sync request is refused by the task schema before anything runs', async () => {
    const run = await runTask('sync-integration', { integrationId: 'not-a-uuid', trigger: 'sometime', performedBy: '' }, { deps: deps(0), runId: 'run_bad' });
    expect(run.ok).toBe(false);
    expect(String((run as { error: unknown }).error)).toMatch(/integrationId|trigger|performedBy/);
  });
});
