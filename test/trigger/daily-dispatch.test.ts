/**
 * The `daily-dispatch` scheduled task in the SDK's in-memory harness against real PostgreSQL: one
 * `sync-integration` run per connected (or failing) integration of every organization, none for paused,
 * disconnected or never-connected ones; each keyed by integration and Istanbul day so a repeated
 * dispatch asks for the very same runs; thousands of integrations go out in batches Trigger.dev accepts.
 */
import { getIdempotencyKeyOptions } from '@trigger.dev/core/v3';
import { tasks } from '@trigger.dev/sdk';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IntegrationStatus } from '../../db/schema.js';
import { createVault, generateKeySpec, parseKeyring } from '../../db/vault.js';
import { providerIds } from '../../domain/providers.js';
import type { TaskDependencies } from '../../pipelines/scale-out/dependencies.js';
import type { DispatchSummary } from '../../pipelines/scale-out/dispatch.js';
import type { SyncPayload } from '../../pipelines/scale-out/runs.js';
import { logger } from '../pipeline/harness.js';
import { createTestDatabase, type TestDatabase } from '../database.js';
import { loadTasks, runTask } from './task-context.js';

type Item = { payload: SyncPayload; options?: { concurrencyKey?: string; idempotencyKey?: unknown; idempotencyKeyTTL?: string; tags?: string | string[]; ttl?: string | number } };

const scheduled = (timestamp: string) => ({ scheduleId: 'sched_daily', type: 'DECLARATIVE', timestamp: new Date(timestamp), timezone: 'Europe/Istanbul', upcoming: [] });

describe('daily-dispatch task', () => {
  let database: TestDatabase;
  let batches: Item[][] = [];
  const due: { id: string; organization_id: string; provider: string }[] = [];
  const deps = (batchSize: number): TaskDependencies => ({ sync: { db: database.db, pool: database.pool, vault: createVault(parseKeyring(generateKeySpec())), logger }, chunkMs: 60_000, batchSize });

  async function organization(name: string, statuses: IntegrationStatus[]): Promise<void> {
    const { id } = await database.db.insertInto('organizations').values({ name, vkn: null }).returning('id').executeTakeFirstOrThrow();
    const rows = await database.db.insertInto('integrations')
      .values(statuses.map((status, i) => ({ organization_id: id, provider: providerIds[i]!, status, credentials_key_id: 'k1', credentials_ciphertext: 'sealed', start_date: '2025-01-01' })))
      .returning(['id', 'organization_id', 'provider', 'status']).execute();
    due.push(...rows.filter((r) => r.status === 'connected' || r.status === 'error'));
  }

  async function dispatch(timestamp: string, runId: string, batchSize = 500): Promise<DispatchSummary> {
    batches = [];
    const run = await runTask('daily-dispatch', scheduled(timestamp), { deps: deps(batchSize), runId });
    if (!run.ok) throw run.error;
    return run.output as DispatchSummary;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTasks();
    vi.spyOn(tasks, 'batchTrigger').mockImplementation(async (id, items) => {
      expect(id).toBe('sync-integration');
      const batch = items as Item[];
      batches.push(batch);
      return { batchId: `batch_${batches.length}`, runCount: batch.length } as Awaited<ReturnType<typeof tasks.batchTrigger>>;
    });
    await organization('Anadolu Lojistik', ['connected', 'paused', 'error', 'disconnected', 'not_connected']);
    await organization('Ege Gıda', ['connected', 'connected', 'connected', 'connected', 'connected']);
    await organization('Marmara Tekstil', ['paused', 'paused']);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await database.drop();
  });

  it('triggers one run per connected or failing integration, keyed by integration and Istanbul day', async () => {
    // 03:30 in Istanbul on 1 December.
    const summary = await dispatch('2026-12-01T00:30:00Z', 'run_dispatch_1', 4);
    expect(summary).toEqual({ day: '2026-12-01', integrations: due.length, batches: Math.ceil(due.length / 4) });
    expect(due).toHaveLength(7);
    expect(batches.map((b) => b.length)).toEqual([4, 3]);
    const items = batches.flat();
    expect(items.map((i) => i.payload.integrationId).sort()).toEqual(due.map((d) => d.id).sort());
    for (const item of items) {
      const target = due.find((d) => d.id === item.payload.integrationId)!;
      expect(item.payload).toEqual({ integrationId: target.id, trigger: 'schedule', performedBy: 'system', chunk: 1 });
      expect(item.options).toMatchObject({ concurrencyKey: target.id, ttl: '20h', idempotencyKeyTTL: '2d', tags: [`integration_${target.id}`, `org_${target.organization_id}`, `provider_${target.provider}`] });
      expect(getIdempotencyKeyOptions(String(item.options?.idempotencyKey))).toEqual({ key: `daily:${target.id}:2026-12-01`, scope: 'global' });
    }
  });

  it('a repeated dispatch the same Istanbul day asks for the same runs; the next day for new ones', async () => {
    const keys = async (timestamp: string, runId: string) => {
      await dispatch(timestamp, runId);
      return new Map(batches.flat().map((i) => [i.payload.integrationId, String(i.options?.idempotencyKey)]));
    };
    const first = await keys('2026-12-01T00:30:00Z', 'run_dispatch_1');
    // A retry from another run at 23:59 Istanbul time is still 1 December.
    const again = await keys('2026-12-01T20:59:00Z', 'run_dispatch_retry');
    expect(again).toEqual(first);
    // 00:30 Istanbul on 2 December is 21:30 UTC on the 1st.
    const nextDay = await keys('2026-12-01T21:30:00Z', 'run_dispatch_2');
    expect([...nextDay.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [id, key] of nextDay) expect(key).not.toBe(first.get(id));
    expect(getIdempotencyKeyOptions(nextDay.get(due[0]!.id)!)).toEqual({ key: `daily:${due[0]!.id}:2026-12-02`, scope: 'global' });
  });

  it('dispatches thousands of integrations in batches of at most 500, each exactly once', async () => {
    const organizations = 400;
    await sql`
      WITH orgs AS (INSERT INTO organizations (name) SELECT 'Bulk ' || n FROM generate_series(1, ${organizations}) AS n RETURNING id)
      INSERT INTO integrations (organization_id, provider, status, credentials_key_id, credentials_ciphertext, start_date)
      SELECT orgs.id, p.provider, 'connected', 'k1', 'sealed', DATE '2025-01-01' FROM orgs CROSS JOIN unnest(${[...providerIds]}::text[]) AS p(provider)`.execute(database.db);
    const summary = await dispatch('2026-12-01T00:30:00Z', 'run_dispatch_bulk');
    const expected = due.length + organizations * providerIds.length;
    expect(summary).toEqual({ day: '2026-12-01', integrations: expected, batches: Math.ceil(expected / 500) });
    expect(batches.every((b) => b.length <= 500)).toBe(true);
    const ids = batches.flat().map((i) => i.payload.integrationId);
    expect(new Set(ids).size).toBe(expected);
  });
});
