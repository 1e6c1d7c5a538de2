/**
 * `etl export csv`: the Data Inventory as CSV (one row per line), streamed to a file or stdout, through
 * the export module the panel uses; --excel for Turkish Excel (UTF-8 BOM, `;`).
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Command } from 'commander';
import { ExportFilters, exportInventoryCsv } from '../../pipelines/export-csv.js';
import { withCliContext, type GlobalOptions } from '../context.js';
import { CliUsageError } from '../usage.js';

export function exportCommand(): Command {
  const command = new Command('export').description('export the Data Inventory');
  command.command('csv').description('one row per inventory line; decimals with a dot; formula-looking text neutralized')
    .option('--from <date>', 'issue date from (YYYY-MM-DD)')
    .option('--to <date>', 'issue date up to and including')
    .option('--provider <provider>', 'only this integrator')
    .option('--category <key>', 'only this emission category')
    .option('--scope <n>', 'only scope 1, 2 or 3')
    .option('--status <status>', 'needs_review, ready_for_ef_matching, calculated or excluded')
    .option('--out <file>', 'write here instead of stdout')
    .option('--excel', 'UTF-8 BOM and ";" separators, for Excel in Turkish')
    .action((options: Record<string, string | boolean | undefined>, self: Command) => withCliContext(self.optsWithGlobals<GlobalOptions>(), async (context) => {
      const { out, excel, json: _json, org: _org, as: _as, ...filterOptions } = options;
      const filters = ExportFilters.safeParse(filterOptions);
      if (!filters.success) throw new CliUsageError(filters.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
      const output = typeof out === 'string' ? createWriteStream(out) : process.stdout;
      const { rows } = await exportInventoryCsv(context.syncDependencies, { organizationId: context.organizationId, filters: filters.data, excel: excel === true, performedBy: context.performedBy }, output);
      if (output !== process.stdout) {
        output.end();
        await finished(output);
      }
      process.stderr.write(`exported ${rows} inventory lines${typeof out === 'string' ? ` to ${out}` : ''}\n`);
    }));
  return command;
}
