/**
 * `daily-dispatch`: at 03:00 Istanbul time (a stable minute inside that hour, Trigger.dev's default
 * schedule window), one `sync-integration` run per connected integration of every organization. Each
 * run is keyed by integration and Istanbul day, so a retried or repeated dispatch never doubles a run.
 */
import { logger, schedules, tasks } from '@trigger.dev/sdk';
import { taskDependencies } from '../scale-out/dependencies.js';
import { dispatchDaily } from '../scale-out/dispatch.js';
import { DAILY_DISPATCH_TASK_ID, SYNC_TASK_ID } from '../scale-out/runs.js';
// Type only: importing the task module here would index sync-integration under this file.
import type { syncIntegrationTask } from './sync-integration.js';

export const dailyDispatchTask = schedules.task({
  id: DAILY_DISPATCH_TASK_ID,
  description: 'Trigger the daily sync of every connected integration',
  cron: { pattern: '0 3 * * *', timezone: 'Europe/Istanbul' },
  maxDuration: 900,
  retry: { maxAttempts: 3, factor: 2, minTimeoutInMs: 60_000, maxTimeoutInMs: 600_000, randomize: true },
  run: async (payload) => {
    const deps = await taskDependencies();
    const summary = await dispatchDaily(deps.sync.db, payload.timestamp, deps.batchSize, (items) => tasks.batchTrigger<typeof syncIntegrationTask>(SYNC_TASK_ID, items));
    logger.info('daily sync dispatched', { ...summary });
    return summary;
  },
});
