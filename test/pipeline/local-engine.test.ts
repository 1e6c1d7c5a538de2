/**
 * The local engine on pg-boss against a real database: a connect queues its backfill and the engine
 * runs it; sync-now requests made together make one job, and one made before a run that then succeeded
 * is answered by it; the daily dispatch queues every connected
 * integration; a second engine on the same database never runs one integration twice; a run left
 * active by a dead process is marked interrupted and resumed at start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifecycle } from '../../pipelines/lifecycle.js';
import { startLocalEngine, type LocalEngine } from '../../pipelines/local-engine.js';
import type { SyncOutcome } from '../../pipelines/sync.js';
import { createHarness, logger, type Harness } from './harness.js';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('local engine (pg-boss)', () => {
  let h: Harness;
  let lifecycle: ReturnType<typeof createLifecycle>;
  const engines: LocalEngine[] = [];
  const outcomes: { engine: number; integrationId: string; outcome: SyncOutcome }[] = [];
  const start = async () => {
    const index = engines.length;
    const engine = await startLocalEngine({ connectionString: h.database.url, sync: h.deps, pollingIntervalSeconds: 0.5, onOutcome: (integrationId, outcome) => outcomes.push({ engine: index, integrationId, outcome }) });
    engines.push(engine);
    return engine;
  };
  beforeAll(async () => {
    h = await createHarness();
    await h.startSimulator('uyumsoft', 40);
    await h.startSimulator('qnb', 40);
  });
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.stop()));
    await h.close();
  });

  it('runs the backfill a connect queued, once, even with two engines on the database', async () => {
    await start();
    await start();
    lifecycle = createLifecycle({ db: h.database.db, vault: h.vault, engine: engines[0]!, logger, extractorOptions: h.deps.extractorOptions ?? {} });
    const simulator = h.simulators.get('uyumsoft')!;
    const { id } = await lifecycle.connect({ organizationId: h.organizationId, provider: 'uyumsoft', credentials: simulator.credentials, startDate: '2025-01-01', endpointUrl: simulator.url, performedBy: 'ops@example.com' });
    const done = await until('the backfill', async () => outcomes.find((o) => o.integrationId === id));
    expect(done.outcome.status).toBe('succeeded');
    // Sync-now requests made together while nothing runs: one job, one run.
    const requests = await Promise.all([lifecycle.syncNow(id, 'a@example.com'), lifecycle.syncNow(id, 'b@example.com')]);
    expect(requests.filter((r) => r.status === 'queued' && r.jobId !== null)).toHaveLength(1);
    await until('the sync now', async () => (outcomes.filter((o) => o.integrationId === id).length === 2 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a duplicate would have started by now
    const runs = await h.database.db.selectFrom('sync_runs').select(['trigger', 'status']).where('integration_id', '=', id).orderBy('created_at').execute();
    expect(runs).toEqual([{ trigger: 'connect', status: 'succeeded' }, { trigger: 'manual', status: 'succeeded' }]);
  });

  it('a request made before a run that then succeeded is answered by that run; one made after it gets a run of its own', async () => {
    const id = outcomes[0]!.integrationId;
    const manualRuns = () => h.database.db.selectFrom('sync_runs').select('id').where('integration_id', '=', id).where('trigger', '=', 'manual').execute();
    const last = await h.database.db.selectFrom('sync_runs').select('started_at').where('integration_id', '=', id).where('status', '=', 'succeeded').orderBy('started_at', 'desc').executeTakeFirstOrThrow();
    const before = (await manualRuns()).length;
    const jobState = async (jobId: string) => (await h.deps.pool.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [jobId])).rows[0]?.state;

    const answered = await engines[0]!.enqueue(id, 'manual', 'early@example.com', new Date(last.started_at!.getTime() - 1_000));
    await until('the answered job', async () => ((await jobState(answered!)) === 'completed' ? true : undefined));
    expect(await manualRuns()).toHaveLength(before);

    const fresh = await engines[0]!.enqueue(id, 'manual', 'later@example.com', new Date());
    await until('the later job', async () => ((await jobState(fresh!)) === 'completed' ? true : undefined));
    expect(await manualRuns()).toHaveLength(before + 1);
  });

  it('the daily dispatch queues every connected integration, and each syncs once', async () => {
    const simulator = h.simulators.get('qnb')!;
    const { id: qnb } = await lifecycle.connect({ organizationId: h.organizationId, provider: 'qnb', credentials: simulator.credentials, startDate: '2025-01-01', endpointUrl: simulator.url, performedBy: 'ops@example.com' });
    await until('the qnb backfill run', async () => outcomes.find((o) => o.integrationId === qnb));
    const before = outcomes.length;
    expect(await engines[0]!.dispatchDaily()).toBe(2);
    await until('two daily syncs', async () => (outcomes.length >= before + 2 ? true : undefined));
    const scheduled = await h.database.db.selectFrom('sync_runs').select('integration_id').where('trigger', '=', 'schedule').execute();
    expect(scheduled.map((r) => r.integration_id).sort()).toEqual([...new Set(scheduled.map((r) => r.integration_id))].sort());
    expect(scheduled).toHaveLength(2);
  });

  it('at start, a run a dead process left active is marked interrupted and resumed from its checkpoint', async () => {
    const integration = await h.database.db.selectFrom('integrations').select(['id', 'organization_id']).where('provider', '=', 'qnb').executeTakeFirstOrThrow();
    await Promise.all(engines.splice(0).map((e) => e.stop()));
    await h.database.db.insertInto('sync_runs').values({ organization_id: integration.organization_id, integration_id: integration.id, trigger: 'schedule', status: 'running', started_at: new Date(), performed_by: 'system' }).execute();
    outcomes.length = 0;
    await start();
    const resumed = await until('the resumed run', async () => outcomes.find((o) => o.integrationId === integration.id));
    expect(resumed.outcome.status).toBe('succeeded');
    const statuses = await h.database.db.selectFrom('sync_runs').select(['status', 'trigger']).where('integration_id', '=', integration.id).orderBy('created_at', 'desc').limit(2).execute();
    expect(statuses).toEqual([{ status: 'succeeded', trigger: 'backfill' }, { status: 'interrupted', trigger: 'schedule' }]);
  });
});
