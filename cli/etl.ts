/**
 * The `etl` command: `npm run etl -- <command> [options]`.
 * Each command lives in cli/commands/<name>.ts and exports `run(argv): Promise<number>` (the exit code).
 * Commands are loaded lazily so that `inspect` never pays for the database driver, for example.
 */
import { CliUsageError } from './usage.js';

type CommandModule = { run(argv: string[]): Promise<number>; summary: string; usage: string };

const commands: Record<string, () => Promise<CommandModule>> = {
  classify: () => import('./commands/classify.js'),
  extract: () => import('./commands/extract.js'),
  inspect: () => import('./commands/inspect.js'),
  simulators: () => import('./commands/simulators.js'),
};

async function help(): Promise<string> {
  const lines = await Promise.all(Object.entries(commands).map(async ([name, load]) => `  ${name.padEnd(11)} ${(await load()).summary}`));
  return ['usage: npm run etl -- <command> [options]   (npm run etl -- <command> --help for its options)', '', 'commands:', ...lines].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write((await help()) + '\n');
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`etl: unknown command "${name}"\n${await help()}\n`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`etl ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
