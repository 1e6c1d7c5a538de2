/**
 * The `etl` command: `npm run etl -- <command> [options]`.
 * Each command lives in cli/commands/<name>.ts and exports `run(argv): Promise<number>` (the exit code).
 * Commands are loaded lazily so that `inspect` never pays for the database driver, for example.
 */
import { CliUsageError } from './usage.js';

type CommandModule = { run(argv: string[]): Promise<number>; summary: string };

const commands: Record<string, () => Promise<CommandModule>> = {
  classify: () => import('./commands/classify.js'),
  extract: () => import('./commands/extract.js'),
  inspect: () => import('./commands/inspect.js'),
  simulators: () => import('./commands/simulators.js'),
};

function help(): string {
  return ['usage: npm run etl -- <command> [options]', '', 'commands:', ...Object.keys(commands).map((c) => `  ${c}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`etl: unknown command "${name}"\n${help()}\n`);
    return 2;
  }
  try {
    return await (await load()).run(rest);
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`etl ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
