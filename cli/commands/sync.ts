/**
 * `etl sync INTEGRATION [--wait]`: runs the pipeline in this process. The advisory lock keeps it from
 * racing the server's engine: when a run is already going it says so and exits 1, or with --wait waits
 * for that run and reports it. --json prints one object:
 * {"run", "status", "invoices": {"new", "updated", "unchanged"}, "lines", "quarantined", "durationMs"}.
 */
import { Command } from 'commander';
import type { SyncRun } from '../../db/schema.js';
import { syncIntegration } from '../../pipelines/sync.js';
import { stopOnSignals } from '../signals.js';
import { withCliContext, type CliContext, type GlobalOptions } from '../context.js';
import { printJson, startProgress } from '../output.js';

function runJson(run: SyncRun) {
  const durationMs = run.started_at && run.finished_at ? run.finished_at.getTime() - run.started_at.getTime() : null;
  return {
    run: run.id, status: run.status, invoices: { new: run.invoices_new, updated: run.invoices_updated, unchanged: run.invoices_unchanged },
    lines: run.lines, quarantined: run.quarantined, durationMs, ...(run.error ? { error: run.error } : {}),
  };
}

function report(context: CliContext, run: SyncRun): number {
  const json = runJson(run);
  if (context.json) printJson(json);
  else process.stdout.write(`run ${run.id}: ${run.status} — ${json.invoices.new} new, ${json.invoices.updated} updated, ${json.invoices.unchanged} unchanged invoices, ${json.lines} lines, ${json.quarantined} quarantined, ${((json.durationMs ?? 0) / 1000).toFixed(1)} s${run.error ? `\n${run.error}` : ''}\n`);
  return run.status === 'succeeded' ? 0 : 1;
}

async function waitFor(context: CliContext, runId: string): Promise<SyncRun> {
  for (;;) {
    const run = await context.database.db.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    if (run.status !== 'queued' && run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export function syncCommand(): Command {
  return new Command('sync').argument('<integration>', 'id or provider').description('sync one integration now, in this process')
    .option('--wait', 'when a run is already going, wait for it and report it instead of exiting 1')
    .action((ref: string, options: { wait?: boolean }, self: Command) => withCliContext(self.optsWithGlobals<GlobalOptions>(), async (context) => {
      const integration = await context.integration(ref);
      const controller = new AbortController();
      // Ctrl-C stops after the page in flight is committed; the next run resumes from there.
      const signals = stopOnSignals(async () => controller.abort(), 1);
      const progress = startProgress(`sync ${integration.provider}`, 100);
      try {
        const outcome = await syncIntegration(context.syncDependencies, { integrationId: integration.id, trigger: 'manual', performedBy: context.performedBy }, {
          signal: controller.signal,
          onProgress: (p) => progress.update(Math.round(p.share * 100), `${p.pages} pages, ${p.documents} documents, ${p.lines} lines, ${p.quarantined} quarantined`),
        });
        progress.stop();
        if (outcome.status === 'skipped') {
          process.stderr.write(`etl sync: ${integration.provider} was not synced: ${outcome.reason}\n`);
          return void (process.exitCode = 1);
        }
        if (outcome.status === 'already_running') {
          if (!options.wait || !outcome.runId) {
            process.stderr.write(`etl sync: a sync of ${integration.provider} is already running (run ${outcome.runId ?? 'starting'}); use --wait to wait for it\n`);
            return void (process.exitCode = 1);
          }
          return void (process.exitCode = report(context, await waitFor(context, outcome.runId)));
        }
        process.exitCode = report(context, outcome.run);
      } finally {
        progress.stop();
        signals.dispose();
      }
    }));
}
