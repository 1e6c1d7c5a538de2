/**
 * The `etl` command: `npm run etl -- <command> [options]` (commander; `--help` on every command).
 * Exit codes: 0 success, 1 failure, 2 bad usage or bad input (a refused credential included).
 * Database commands work on the database `npm start` uses, on the demo organization unless --org.
 */
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../db/config.js';
import { ConnectionRefused, IntegrationNotFound, InvalidInput, InvalidTransition } from '../pipelines/errors.js';
import { activityCommand } from './commands/activity.js';
import { exportCommand } from './commands/export.js';
import { extractCommand } from './commands/extract.js';
import { simulatorsCommand } from './commands/simulators.js';
import { integrationsCommand } from './commands/integrations.js';
import { quarantineCommand } from './commands/quarantine.js';
import { runsCommand } from './commands/runs.js';
import { syncCommand } from './commands/sync.js';
import { vaultCommand } from './commands/vault.js';
import { CliUsageError } from './usage.js';

/** The commands that need no database keep their own option parsing (cli/commands/<name>.ts). */
type StandaloneModule = { run(argv: string[]): Promise<number>; usage: string };
const standalone: Record<string, () => Promise<StandaloneModule>> = {
  classify: () => import('./commands/classify.js'),
  inspect: () => import('./commands/inspect.js'),
};
const summaries: Record<string, string> = {
  classify: 'classify invoice lines read as JSON lines on stdin (no database)',
  inspect: 'parse, normalize, classify and calculate one UBL-TR invoice file (no database)',
};

/** What an error means for the exit code and the message a person reads (never a stack for known errors). */
function exitCodeOf(error: unknown): { code: number; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof CliUsageError || error instanceof InvalidInput || error instanceof IntegrationNotFound || error instanceof InvalidTransition || error instanceof ConfigError) return { code: 2, message };
  if (error instanceof ConnectionRefused) return { code: error.kind === 'auth' || error.kind === 'setup' ? 2 : 1, message };
  return { code: 1, message };
}

function program(): Command {
  const etl = new Command('etl')
    .description('engineer commands: integrations, syncs, runs, activity, quarantine, CSV export, vault key rotation, and offline tools')
    .addOption(new Option('--org <vkn>', 'the organization, by VKN (default: the demo organization)'))
    .addOption(new Option('--as <email>', 'who is acting, for the Activity Log (default: cli:<login>)'))
    .addOption(new Option('--json', 'one JSON object per result on stdout, nothing else'))
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const command of [integrationsCommand(), syncCommand(), runsCommand(), activityCommand(), quarantineCommand(), exportCommand(), vaultCommand(), extractCommand(), simulatorsCommand()]) etl.addCommand(command);
  for (const [name, load] of Object.entries(standalone)) {
    etl.command(name).description(summaries[name] ?? '').helpOption(false).allowUnknownOption().allowExcessArguments().argument('[args...]')
      .action(async (args: string[], _options, self: Command) => {
        const command = await load();
        // The program's own --json and --org are taken by commander wherever they stand; hand them back
        // (inspect's --org is the same thing: the organization's VKN, which decides the direction).
        const globals = self.optsWithGlobals<{ json?: boolean; org?: string }>();
        if (globals.json && !args.includes('--json')) args.push('--json');
        if (globals.org !== undefined && !args.includes('--org')) args.push('--org', globals.org);
        if (args.includes('--help') || args.includes('-h')) return void process.stdout.write(command.usage + '\n');
        process.exitCode = await command.run(args);
      });
  }
  // Subcommands exit through the override too, so every parse error becomes exit code 2.
  const propagate = (command: Command) => command.commands.forEach((c) => { c.exitOverride(); c.showHelpAfterError(); propagate(c); });
  propagate(etl);
  return etl;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0) {
    process.stderr.write(program().helpInformation());
    return 2;
  }
  try {
    await program().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are "errors" that mean success; usage mistakes are 2.
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.help' ? 0 : 2;
    }
    const { code, message } = exitCodeOf(error);
    process.stderr.write(`etl: ${message}\n`);
    return code;
  }
}

process.exitCode = await main(process.argv.slice(2));
