/** `etl quarantine list [INTEGRATION]` and `etl quarantine replay ID|--all`. */
import { Command } from 'commander';
import { replayQuarantined, type ReplayOutcome } from '../../pipelines/replay.js';
import { withCliContext, type GlobalOptions } from '../context.js';
import { printJson, printTable } from '../output.js';
import { CliUsageError } from '../usage.js';

export function quarantineCommand(): Command {
  const command = new Command('quarantine').description('documents that could not be loaded, and their replay');
  command.command('list').argument('[integration]', 'id or provider (default: all)').description('open quarantine entries with stage and reason')
    .option('--resolved', 'also the ones already replayed')
    .action((ref: string | undefined, options: { resolved?: boolean }, self: Command) => withCliContext(self.optsWithGlobals<GlobalOptions>(), async (context) => {
      let query = context.database.db.selectFrom('quarantined_documents as q').innerJoin('integrations as i', 'i.id', 'q.integration_id')
        .select(['q.id', 'i.provider', 'q.ettn', 'q.stage', 'q.error_code', 'q.reason', 'q.created_at', 'q.resolved_at', 'q.resolved_by'])
        .where('q.organization_id', '=', context.organizationId).orderBy('q.created_at', 'desc');
      if (!options.resolved) query = query.where('q.resolved_at', 'is', null);
      if (ref) query = query.where('q.integration_id', '=', (await context.integration(ref)).id);
      const entries = await query.execute();
      if (context.json) return entries.forEach((e) => printJson({ id: e.id, provider: e.provider, ettn: e.ettn, stage: e.stage, errorCode: e.error_code, reason: e.reason, createdAt: e.created_at, resolvedAt: e.resolved_at, resolvedBy: e.resolved_by }));
      printTable(['id', 'provider', 'ettn', 'stage', 'code', 'reason', 'quarantined'], entries.map((e) => [e.id, e.provider, e.ettn, e.stage, e.error_code, e.reason, e.created_at]));
    }));
  command.command('replay').argument('[id]', 'quarantine entry id').description('load a quarantined document again (after a fix or a rule change)')
    .option('--all', 'every open entry of the organization')
    .action((id: string | undefined, options: { all?: boolean }, self: Command) => withCliContext(self.optsWithGlobals<GlobalOptions>(), async (context) => {
      if ((id === undefined) === !options.all) throw new CliUsageError('give one quarantine entry id, or --all');
      const ids = id ? [id] : (await context.database.db.selectFrom('quarantined_documents').select('id').where('organization_id', '=', context.organizationId).where('resolved_at', 'is', null).execute()).map((r) => r.id);
      const outcomes: (ReplayOutcome & { id: string })[] = [];
      for (const entry of ids) outcomes.push({ id: entry, ...(await replayQuarantined(context.syncDependencies, entry, context.performedBy, context.organizationId)) });
      if (context.json) outcomes.forEach((o) => printJson(o.status === 'loaded' ? { id: o.id, status: o.status, runId: o.runId } : o));
      else printTable(['id', 'result', 'reason'], outcomes.map((o) => [o.id, o.status, o.status === 'loaded' ? `run ${o.runId}` : o.reason]));
      if (outcomes.some((o) => o.status !== 'loaded')) process.exitCode = 1;
    }));
  return command;
}
