/**
 * `etl activity`: the Activity Log, newest first, with the panel's five filters — action type,
 * provider, status, performed by, and a date range.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { ProviderId } from '../../domain/providers.js';
import { IsoDate } from '../../extractors/contract.js';
import type { ActivityAction } from '../../db/schema.js';
import { withCliContext, type GlobalOptions } from '../context.js';
import { printJson, printTable } from '../output.js';
import { CliUsageError } from '../usage.js';

const actions = ['connect', 'edit', 'pause', 'resume', 'disconnect', 'test_connection', 'sync_attempt', 'sync_completed', 'sync_failed', 'sync_cancelled', 'backfill', 'document_changed', 'replay', 'export', 'login', 'user_change', 'rule_change'] as const satisfies readonly ActivityAction[];

const Filters = z.object({
  action: z.enum(actions).optional(),
  provider: ProviderId.optional(),
  status: z.enum(['success', 'error', 'info']).optional(),
  by: z.string().min(1).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});

export function activityCommand(): Command {
  return new Command('activity').description('the Activity Log, newest first')
    .option('--action <type>', `action type: ${actions.join(', ')}`)
    .option('--provider <provider>', 'integrator')
    .option('--status <status>', 'success, error or info')
    .option('--by <who>', 'performed by (a user e-mail, cli:<login> or system)')
    .option('--from <date>', 'from this day (YYYY-MM-DD, Turkey time)')
    .option('--to <date>', 'up to and including this day')
    .option('--limit <n>', 'how many', '100')
    .action((options: Record<string, string | undefined>, self: Command) => withCliContext(self.optsWithGlobals<GlobalOptions>(), async (context) => {
      const parsed = Filters.safeParse(options);
      if (!parsed.success) throw new CliUsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
      const f = parsed.data;
      let query = context.database.db.selectFrom('activity_log').selectAll().where('organization_id', '=', context.organizationId).orderBy('id', 'desc').limit(f.limit);
      if (f.action) query = query.where('action_type', '=', f.action);
      if (f.provider) query = query.where('provider', '=', f.provider);
      if (f.status) query = query.where('status', '=', f.status);
      if (f.by) query = query.where('performed_by', '=', f.by);
      if (f.from) query = query.where('occurred_at', '>=', new Date(`${f.from}T00:00:00+03:00`));
      if (f.to) query = query.where('occurred_at', '<', new Date(Date.parse(`${f.to}T00:00:00+03:00`) + 86_400_000));
      const entries = await query.execute();
      if (context.json) return entries.forEach((e) => printJson({ id: e.id, occurredAt: e.occurred_at, action: e.action_type, details: e.details, provider: e.provider, status: e.status, performedBy: e.performed_by, syncRunId: e.sync_run_id }));
      printTable(['timestamp', 'action', 'integrator', 'status', 'performed by', 'details'], entries.map((e) => [e.occurred_at, e.action_type, e.provider, e.status, e.performed_by, e.details]));
    }));
}
