import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command-line mistake: printed without a stack trace, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** node:util parseArgs, with its errors turned into CliUsageError. */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}
