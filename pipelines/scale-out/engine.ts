/**
 * The Trigger.dev engine behind the lifecycle service (`ENGINE=trigger`): a connect, an edit that
 * moved the start date, a resume and "sync now" trigger a `sync-integration` run; pause and disconnect
 * cancel the integration's in-flight run, found by the Trigger.dev run id its sync_runs row carries.
 * A run still queued needs no cancel: it finds the integration paused and skips, and the pipeline also
 * stops a running sync within one status poll if the cancel call fails.
 */
import { TriggerClient, type TriggerOptions } from '@trigger.dev/sdk';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../domain/logging.js';
import type { SyncEngine } from '../lifecycle.js';
import { activeRun } from '../runs.js';
import type { syncIntegrationTask } from '../trigger/sync-integration.js';
import { SYNC_TASK_ID, syncRunOptions, type SyncPayload } from './runs.js';

/** The two Trigger.dev calls the engine makes; tests record them. */
export interface TriggerApi {
  triggerSync(payload: SyncPayload, options: TriggerOptions): Promise<{ id: string }>;
  cancelRun(runId: string): Promise<void>;
}

/**
 * The API of the project the secret key belongs to, on Cloud or a self-hosted instance. A person waits
 * on these calls: two quick attempts, not the SDK's default retries (about 9 s with the API down).
 */
export function triggerDevApi(options: { secretKey: string; apiUrl: string }): TriggerApi {
  const client = new TriggerClient({ accessToken: options.secretKey, baseURL: options.apiUrl });
  const request = { retry: { maxAttempts: 2, minTimeoutInMs: 200, maxTimeoutInMs: 1_000 } };
  return {
    triggerSync: (payload, triggerOptions) => client.tasks.trigger<typeof syncIntegrationTask>(SYNC_TASK_ID, payload, triggerOptions, request),
    cancelRun: async (runId) => void (await client.runs.cancel(runId, request)),
  };
}

export function createTriggerEngine(deps: { db: Kysely<Database>; api: TriggerApi; logger: Logger; now?: () => Date }): SyncEngine {
  const { db, api, logger } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    async enqueue(integrationId, trigger, performedBy) {
      const target = await db.selectFrom('integrations').select(['id', 'organization_id', 'provider', 'connected_at', 'updated_at']).where('id', '=', integrationId).executeTakeFirstOrThrow();
      const run = await api.triggerSync({ integrationId, trigger, performedBy, chunk: 1 }, await syncRunOptions(target, trigger, now()));
      logger.info({ integrationId, trigger, triggerRunId: run.id }, 'sync run triggered on Trigger.dev');
      return run.id;
    },
    async cancel(integrationId) {
      const running = await activeRun(db, integrationId);
      if (running?.engine !== 'trigger' || !running.engine_run_id) return;
      try {
        await api.cancelRun(running.engine_run_id);
      } catch (error) {
        logger.warn({ integrationId, triggerRunId: running.engine_run_id, err: error instanceof Error ? error.message : String(error) }, 'Trigger.dev did not cancel the run; the sync stops at its next status poll');
      }
    },
  };
}
