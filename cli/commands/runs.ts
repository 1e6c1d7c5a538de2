/** `etl runs [INTEGRATION]`: the sync history — trigger, window, status, duration, counts and error. */
import { Command } from 'commander';
import { withCliContext, type GlobalOptions } from '../context.js';
import { printJson, printTable } from '../output.js';
import { CliUsageError } from '../usage.js';

export function runsCommand(): Command {
  return new Command('runs').argument('[integration]', 'id or provider (default: all)').description('sync runs, newest first')
    .option('--limit <n>', 'how many', '50')
    .action((ref: string | undefined, options: { limit: string }, self: Command) => withCliContext(self.optsWithGlobals<GlobalOptions>(), async (context) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliUsageError(`--limit must be a positive integer, got "${options.limit}"`);
      let query = context.database.db.selectFrom('sync_runs as r').innerJoin('integrations as i', 'i.id', 'r.integration_id').selectAll('r').select('i.provider')
        .where('r.organization_id', '=', context.organizationId).orderBy('r.created_at', 'desc').limit(limit);
      if (ref) query = query.where('r.integration_id', '=', (await context.integration(ref)).id);
      const runs = await query.execute();
      const rows = runs.map((r) => ({
        id: r.id, provider: r.provider, trigger: r.trigger, status: r.status, windowFrom: r.window_from, windowTo: r.window_to, startedAt: r.started_at,
        durationMs: r.started_at && r.finished_at ? r.finished_at.getTime() - r.started_at.getTime() : null, pages: r.pages, documents: r.documents,
        invoices: { new: r.invoices_new, updated: r.invoices_updated, unchanged: r.invoices_unchanged }, lines: r.lines, quarantined: r.quarantined,
        performedBy: r.performed_by, engine: r.engine, error: r.error,
      }));
      if (context.json) return rows.forEach((r) => printJson(r));
      printTable(['started', 'provider', 'trigger', 'status', 'seconds', 'new', 'updated', 'unchanged', 'lines', 'quarantined', 'by', 'error'],
        rows.map((r) => [r.startedAt, r.provider, r.trigger, r.status, r.durationMs === null ? null : (r.durationMs / 1000).toFixed(1), r.invoices.new, r.invoices.updated, r.invoices.unchanged, r.lines, r.quarantined, r.performedBy, r.error]));
    }));
}
