/**
 * Control of running syncs: pause and disconnect stop a running sync within seconds (and keep what was
 * committed), two simultaneous sync requests make one run, a refused credential is refused with the
 * provider's reason, and a start date moved earlier backfills only the gap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionRefused } from '../../pipelines/errors.js';
import type { SyncOutcome } from '../../pipelines/sync.js';
import { createHarness, type Harness } from './harness.js';

/** Starts a sync and resolves once its first page is committed. */
async function startedSync(h: Harness, integrationId: string): Promise<{ outcome: Promise<SyncOutcome> }> {
  let firstPage!: () => void;
  const committed = new Promise<void>((resolve) => (firstPage = resolve));
  const outcome = h.sync(integrationId, { onProgress: () => firstPage() });
  await Promise.race([committed, outcome]);
  return { outcome };
}

describe('pause and disconnect stop a running sync', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    // Every call answers after 150 ms: a backfill of 200 invoices one by one takes many seconds.
    await h.startSimulator('uyumsoft', 200, { slow: { delayMs: 150 } });
    await h.startSimulator('crs', 200, { slow: { delayMs: 150 } });
  });
  afterAll(() => h.close());

  it.each([['pause', 'uyumsoft', 'paused'], ['disconnect', 'crs', 'disconnected']] as const)('%s stops a running sync within seconds and keeps its committed pages', async (step, provider, status) => {
    const id = await h.connect(provider);
    const { outcome } = await startedSync(h, id);
    const asked = Date.now();
    await h.lifecycle[step](id, 'ops@example.com');
    const result = await outcome;
    expect(Date.now() - asked).toBeLessThan(10_000); // only catches a hang: one status poll plus the call in flight
    expect(result.status).toBe('cancelled');
    const integration = await h.database.db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(integration.status).toBe(status);
    if (step === 'disconnect') expect([integration.credentials_ciphertext, integration.credentials_key_id]).toEqual([null, null]);
    const kept = await h.database.db.selectFrom('invoices').select('id').where('integration_id', '=', id).execute();
    expect(kept.length).toBeGreaterThan(0);
    const run = await h.database.db.selectFrom('sync_runs').selectAll().where('integration_id', '=', id).executeTakeFirstOrThrow();
    expect(run.status).toBe('cancelled');
    expect(h.engine.cancelled).toContain(id);
    // No data flows while paused or disconnected.
    expect(await h.sync(id)).toEqual({ status: 'skipped', reason: `the integration is ${status}` });
  });
});

describe('one run per integration', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.startSimulator('isnet', 60, { slow: { delayMs: 50 } });
  });
  afterAll(() => h.close());

  it('two simultaneous sync requests make one run; the second reports the running one', async () => {
    const id = await h.connect('isnet');
    const [a, b] = await Promise.all([h.sync(id), h.sync(id)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual(['already_running', 'succeeded']);
    const running = a.status === 'already_running' ? a : b;
    const done = a.status === 'succeeded' ? a : b;
    if (running.status === 'already_running' && done.status === 'succeeded') expect(running.runId).toBe(done.run.id);
    expect(await h.database.db.selectFrom('sync_runs').select('id').where('integration_id', '=', id).execute()).toHaveLength(1);
  });
});

describe('connect and edit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await h.startSimulator('edm', 60);
  });
  afterAll(() => h.close());

  it('refuses a wrong password with the provider reason, stores nothing, and logs the refusal', async () => {
    const simulator = h.simulators.get('edm')!;
    const attempt = h.lifecycle.connect({ organizationId: h.organizationId, provider: 'edm', credentials: { ...simulator.credentials, password: 'wrong' }, startDate: '2025-01-01', endpointUrl: simulator.url, performedBy: 'ops@example.com' });
    await expect(attempt).rejects.toBeInstanceOf(ConnectionRefused);
    await expect(attempt).rejects.toThrow(/EDM Bilişim e-Fatura rejected the username or password/);
    const row = await h.database.db.selectFrom('integrations').selectAll().where('provider', '=', 'edm').executeTakeFirstOrThrow();
    expect([row.status, row.credentials_ciphertext]).toEqual(['not_connected', null]);
    const log = await h.database.db.selectFrom('activity_log').select(['action_type', 'status', 'details']).where('integration_id', '=', row.id).execute();
    expect(log).toEqual([{ action_type: 'connect', status: 'error', details: expect.stringContaining('rejected the username or password') }]);
    expect(JSON.stringify(log)).not.toContain('wrong');
    await expect(h.lifecycle.connect({ organizationId: h.organizationId, provider: 'edm', credentials: { username: '' }, startDate: '2025-13-01', performedBy: 'ops@example.com' })).rejects.toThrow(/credentials.username: username is required; credentials.password/);
  });

  it('a start date moved earlier backfills only the gap; moved later it keeps the data and says so', async () => {
    const id = await h.connect('edm', '2025-02-01');
    await h.sync(id);
    const before = await h.database.db.selectFrom('invoices').select('ettn').where('integration_id', '=', id).execute();
    await h.lifecycle.edit(id, { startDate: '2025-01-01' }, 'ops@example.com');
    const gap = await h.sync(id);
    expect(gap.status).toBe('succeeded');
    const after = await h.database.db.selectFrom('invoices').select('ettn').where('integration_id', '=', id).execute();
    expect(after.length).toBeGreaterThan(before.length);
    if (gap.status === 'succeeded') {
      expect(gap.totals.invoicesNew).toBe(after.length - before.length);
      // Only the gap was read, and then the usual overlap of the main checkpoint: nothing before was read again beyond it.
      expect(gap.totals.invoicesUnchanged).toBeLessThan(before.length);
    }
    await h.lifecycle.edit(id, { startDate: '2025-02-10' }, 'ops@example.com');
    expect(await h.database.db.selectFrom('invoices').select('ettn').where('integration_id', '=', id).execute()).toHaveLength(after.length);
    const edits = await h.database.db.selectFrom('activity_log').select('details').where('integration_id', '=', id).where('action_type', '=', 'edit').orderBy('id').execute();
    expect(edits.map((e) => e.details)).toEqual([expect.stringContaining('only the gap before 2025-02-01 is backfilled'), expect.stringContaining('data already loaded before 2025-02-10 is kept')]);
  });
});
