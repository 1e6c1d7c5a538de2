/**
 * The lifecycle service on the Trigger.dev engine: connect, an edit that moves the start date, resume
 * and sync now trigger `sync-integration` with the integration as concurrency key and the right
 * idempotency; pause and disconnect cancel the Trigger.dev run of the integration's active sync_runs row
 * (and only when there is one). Then the engine's real SDK client against a stand-in Trigger.dev API on
 * loopback: what goes over the wire, and a quick failure when the API is down.
 */
import { getIdempotencyKeyOptions } from '@trigger.dev/core/v3';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TriggerOptions } from '@trigger.dev/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifecycle, type Lifecycle } from '../../pipelines/lifecycle.js';
import { createTriggerEngine, triggerDevApi, type TriggerApi } from '../../pipelines/scale-out/engine.js';
import type { SyncPayload } from '../../pipelines/scale-out/runs.js';
import { finishRun, startRun } from '../../pipelines/runs.js';
import { createHarness, logger, type Harness } from '../pipeline/harness.js';

class RecordingTriggerApi implements TriggerApi {
  readonly triggered: { payload: SyncPayload; options: TriggerOptions }[] = [];
  readonly cancelled: string[] = [];
  refuseCancel = false;
  async triggerSync(payload: SyncPayload, options: TriggerOptions) {
    this.triggered.push({ payload, options });
    return { id: `run_${this.triggered.length}` };
  }
  async cancelRun(runId: string) {
    if (this.refuseCancel) throw new Error('Connection error.');
    this.cancelled.push(runId);
  }
}

const keyOf = (options: TriggerOptions | undefined) => getIdempotencyKeyOptions(String(options?.idempotencyKey));

describe('lifecycle on the Trigger.dev engine', () => {
  let h: Harness;
  let api: RecordingTriggerApi;
  let lifecycle: Lifecycle;
  let integrationId: string;
  const activeTriggerRun = async (engineRunId: string) => {
    const integration = await h.database.db.selectFrom('integrations').select(['organization_id']).where('id', '=', integrationId).executeTakeFirstOrThrow();
    return startRun(h.database.db, { organizationId: integration.organization_id, integrationId, trigger: 'schedule', performedBy: 'system', engine: 'trigger', engineRunId, windowFrom: null });
  };
  beforeAll(async () => {
    h = await createHarness();
    await h.startSimulator('uyumsoft', 10);
    api = new RecordingTriggerApi();
    lifecycle = createLifecycle({ db: h.database.db, vault: h.vault, engine: createTriggerEngine({ db: h.database.db, api, logger }), logger, extractorOptions: h.deps.extractorOptions ?? {} });
  });
  afterAll(() => h.close());

  it('a connect triggers the backfill, keyed to this connect', async () => {
    const simulator = h.simulators.get('uyumsoft')!;
    const connected = await lifecycle.connect({ organizationId: h.organizationId, provider: 'uyumsoft', credentials: simulator.credentials, startDate: '2025-02-01', endpointUrl: simulator.url, performedBy: 'ops@example.com' });
    integrationId = connected.id;
    expect(api.triggered).toHaveLength(1);
    const [{ payload, options }] = api.triggered as [(typeof api.triggered)[number]];
    expect(payload).toEqual({ integrationId, trigger: 'connect', performedBy: 'ops@example.com', chunk: 1 });
    expect(options).toMatchObject({ concurrencyKey: integrationId, idempotencyKeyTTL: '30d', tags: [`integration_${integrationId}`, `org_${h.organizationId}`, 'provider_uyumsoft'] });
    expect(keyOf(options)).toEqual({ key: `connect:${integrationId}:${connected.connected_at!.toISOString()}`, scope: 'global' });
  });

  it('sync now triggers a run that requests within a minute share, and returns its run id', async () => {
    const result = await lifecycle.syncNow(integrationId, 'analyst@example.com');
    expect(result).toEqual({ status: 'queued', jobId: 'run_2' });
    const { payload, options } = api.triggered[1]!;
    expect(payload).toEqual({ integrationId, trigger: 'manual', performedBy: 'analyst@example.com', chunk: 1 });
    expect(options).toMatchObject({ concurrencyKey: integrationId, idempotencyKeyTTL: '1m' });
    expect(keyOf(options)).toEqual({ key: `manual:${integrationId}`, scope: 'global' });
  });

  it('an earlier start date triggers the gap backfill, keyed to that edit', async () => {
    const edited = await lifecycle.edit(integrationId, { startDate: '2025-01-01' }, 'ops@example.com');
    const { payload, options } = api.triggered[2]!;
    expect(payload).toEqual({ integrationId, trigger: 'backfill', performedBy: 'ops@example.com', chunk: 1 });
    expect(keyOf(options)).toEqual({ key: `backfill:${integrationId}:${edited.updated_at.toISOString()}`, scope: 'global' });
  });

  it('pause cancels the Trigger.dev run of the active sync, and resume triggers a catch-up run', async () => {
    const running = await activeTriggerRun('run_live_1');
    await lifecycle.pause(integrationId, 'ops@example.com');
    expect(api.cancelled).toEqual(['run_live_1']);
    await finishRun(h.database.db, running.id, 'cancelled', 'the Trigger.dev run was cancelled', null);
    await lifecycle.resume(integrationId, 'ops@example.com');
    expect(api.triggered.at(-1)!.payload).toEqual({ integrationId, trigger: 'manual', performedBy: 'ops@example.com', chunk: 1 });
    // Nothing runs now: a pause cancels nothing.
    await lifecycle.pause(integrationId, 'ops@example.com');
    expect(api.cancelled).toEqual(['run_live_1']);
    await lifecycle.resume(integrationId, 'ops@example.com');
  });

  it('disconnect cancels the active run; a cancel Trigger.dev refuses still disconnects (the sync stops at its next status poll)', async () => {
    await activeTriggerRun('run_live_2');
    api.refuseCancel = true;
    const disconnected = await lifecycle.disconnect(integrationId, 'ops@example.com');
    expect(disconnected.status).toBe('disconnected');
    expect(api.cancelled).toEqual(['run_live_1']);
    api.refuseCancel = false;
  });
});

describe('the engine\'s Trigger.dev client (a stand-in API on loopback)', () => {
  let server: Server;
  let apiUrl: string;
  let failing = false;
  const requests: { method: string; url: string; authorization: string | undefined; body: Record<string, unknown> }[] = [];
  const bodyOf = async (request: IncomingMessage) => {
    let text = '';
    for await (const chunk of request) text += String(chunk);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  beforeAll(async () => {
    server = createServer((request, response) => {
      void bodyOf(request).then((body) => {
        requests.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization, body });
        if (failing) return void response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"down"}');
        const cancel = /^\/api\/v2\/runs\/([^/]+)\/cancel$/.exec(request.url ?? '');
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(cancel ? { id: cancel[1] } : { id: 'run_from_api' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const payload: SyncPayload = { integrationId: '1f0e2a9c-3b5d-4e6f-8a7b-9c0d1e2f3a4b', trigger: 'manual', performedBy: 'ops@example.com', chunk: 1 };

  it('triggers sync-integration with the payload and options, and cancels by run id, with the secret key', async () => {
    const api = triggerDevApi({ secretKey: 'tr_dev_engine_test', apiUrl });
    const run = await api.triggerSync(payload, { concurrencyKey: payload.integrationId, tags: [`integration_${payload.integrationId}`], idempotencyKey: 'a'.repeat(64), idempotencyKeyTTL: '1m' });
    expect(run.id).toBe('run_from_api');
    await api.cancelRun('run_abc');
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/v1/tasks/sync-integration/trigger', 'POST /api/v2/runs/run_abc/cancel']);
    expect(requests.every((r) => r.authorization === 'Bearer tr_dev_engine_test')).toBe(true);
    const sent = requests[0]!.body as { payload: unknown; options: Record<string, unknown> };
    expect(JSON.parse(String(sent.payload))).toEqual({ json: payload }); // the SDK sends payloads as superjson
    expect(sent.options).toMatchObject({ concurrencyKey: payload.integrationId, tags: [`integration_${payload.integrationId}`], idempotencyKey: 'a'.repeat(64), idempotencyKeyTTL: '1m' });
  });

  it('with the API failing, a trigger is refused after two quick attempts, not the SDK\'s long default retries', async () => {
    failing = true;
    requests.length = 0;
    const api = triggerDevApi({ secretKey: 'tr_dev_engine_test', apiUrl });
    await expect(api.triggerSync(payload, { concurrencyKey: payload.integrationId })).rejects.toThrow();
    expect(requests).toHaveLength(2);
    failing = false;
  });
});
