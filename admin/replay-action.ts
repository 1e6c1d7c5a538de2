/** Replay of a quarantined document from the panel, through the pipeline's replay (under the integration's lock). */
import type { ActionContext } from 'adminjs';
import { replayQuarantined } from '../pipelines/replay.js';
import type { SyncDependencies } from '../pipelines/sync.js';
import { allowed, userOf } from './roles.js';

export function replayAction(deps: Pick<SyncDependencies, 'db' | 'pool'>) {
  return {
    actionType: 'record' as const,
    icon: 'RotateCcw',
    component: false as const,
    guard: 'Replay this document through the pipeline now?',
    isAccessible: (context: ActionContext) => allowed('operate')(context) && !context.record?.params.resolved_at,
    handler: async (_request: unknown, _response: unknown, context: ActionContext) => {
      const record = context.record!;
      const user = userOf(context)!;
      const outcome = await replayQuarantined(deps, String(record.id()), user.email, user.organizationId);
      const reloaded = await context.resource.findOne(String(record.id()), context);
      const message = outcome.status === 'loaded'
        ? `Replayed: ${outcome.counts.linesNew + outcome.counts.linesUpdated} lines loaded (run ${outcome.runId})`
        : `Not loaded: ${outcome.reason}`;
      return { record: (reloaded ?? record).toJSON(context.currentAdmin), notice: { message, type: outcome.status === 'loaded' ? 'success' : 'error' } };
    },
  };
}
