/**
 * `sync-integration`: one chunk of one integration's sync as a Trigger.dev run. A thin shell around
 * syncIntegration, the function the local engine and the CLI call: it maps the run's cancel signal to a
 * stop, its progress to run metadata, a long backfill to a chain of bounded chunks (each continues from
 * the checkpoint the last one committed), and the outcome to Trigger.dev's retry rules: a transient
 * provider failure is retried with exponential backoff and jitter, anything else (refused credentials,
 * an answer we cannot use) ends the run at once with the integration in Error and the reason.
 */
import { AbortTaskRunError, metadata, schemaTask } from '@trigger.dev/sdk';
import { SyncStopped, syncIntegration, type SyncOutcome, type SyncTotals } from '../sync.js';
import { taskDependencies } from '../scale-out/dependencies.js';
import { continuationOptions, SYNC_MAX_DURATION_S, SYNC_TASK_ID, SyncPayload } from '../scale-out/runs.js';

export type SyncTaskResult =
  | { status: 'succeeded'; syncRunId: string; totals: SyncTotals }
  | { status: 'incomplete'; syncRunId: string; totals: SyncTotals; continuedBy: string }
  | { status: 'cancelled' | 'interrupted'; syncRunId: string; totals: SyncTotals; reason: string }
  | { status: 'already_running'; syncRunId: string | null }
  | { status: 'skipped'; reason: string };

export const syncIntegrationTask = schemaTask({
  id: SYNC_TASK_ID,
  description: 'Sync one integration from its checkpoint: extract, transform, load page by page',
  schema: SyncPayload,
  // One run per integration at a time (every trigger passes concurrencyKey = integration id); the
  // advisory lock in syncIntegration is the second guard. No waits inside: a waiting run frees its slot.
  concurrency: { perKey: 1, total: 20 },
  maxDuration: SYNC_MAX_DURATION_S,
  machine: 'small-1x',
  retry: { maxAttempts: 5, factor: 2, minTimeoutInMs: 30_000, maxTimeoutInMs: 15 * 60_000, randomize: true },
  run: async (payload, { ctx, signal }): Promise<SyncTaskResult> => {
    const deps = await taskDependencies();
    const stop = new AbortController();
    const onCancel = () => stop.abort(new SyncStopped('the Trigger.dev run was cancelled', 'user'));
    signal.addEventListener('abort', onCancel, { once: true });
    if (signal.aborted) onCancel();
    let outcome: SyncOutcome;
    try {
      outcome = await syncIntegration(
        deps.sync,
        { integrationId: payload.integrationId, trigger: payload.trigger, performedBy: payload.performedBy, engine: 'trigger', engineRunId: ctx.run.id, deadline: Date.now() + deps.chunkMs },
        { signal: stop.signal, onProgress: (progress) => void metadata.set('progress', { ...progress, chunk: payload.chunk }) },
      );
    } finally {
      signal.removeEventListener('abort', onCancel);
    }
    switch (outcome.status) {
      case 'succeeded':
        return { status: 'succeeded', syncRunId: outcome.run.id, totals: outcome.totals };
      case 'incomplete': {
        const target = await deps.sync.db.selectFrom('integrations').select(['id', 'organization_id', 'provider']).where('id', '=', payload.integrationId).executeTakeFirstOrThrow();
        const next = await syncIntegrationTask.trigger({ integrationId: payload.integrationId, trigger: 'backfill', performedBy: 'system', chunk: payload.chunk + 1 }, await continuationOptions(target));
        return { status: 'incomplete', syncRunId: outcome.run.id, totals: outcome.totals, continuedBy: next.id };
      }
      case 'failed':
        // The pipeline has already set the integration to Error with this reason.
        if (outcome.kind === 'transient') throw new Error(outcome.error);
        throw new AbortTaskRunError(outcome.error);
      case 'cancelled':
      case 'interrupted':
        return { status: outcome.status, syncRunId: outcome.run.id, totals: outcome.totals, reason: outcome.error };
      case 'already_running':
        return { status: 'already_running', syncRunId: outcome.runId };
      case 'skipped':
        return { status: 'skipped', reason: outcome.reason };
    }
  },
});
