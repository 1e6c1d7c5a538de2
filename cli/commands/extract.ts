/**
 * `etl extract PROVIDER --base-url URL --from YYYY-MM-DD [--to YYYY-MM-DD] [--username U] [--vkn V] [--json]`:
 * a dry run of one extractor, no database: one line per document and a summary line. The password comes
 * from ETL_PROVIDER_PASSWORD, --password-stdin or a prompt, never from argv. A rejected credential exits 2
 * with the provider's reason on stderr. Read-only: never marks invoices as read.
 */
import { Command } from 'commander';
import { ProviderId } from '../../domain/providers.js';
import { Checkpoint, initialCheckpoint, IsoDate, type Page } from '../../extractors/contract.js';
import { AuthError, ExtractorError } from '../../extractors/errors.js';
import { extractorFactories } from '../../extractors/registry.js';
import { DAY_MS, isoInstant, turkeyDayStart } from '../../extractors/time.js';
import { providerPassword } from '../secrets.js';
import { CliUsageError } from '../usage.js';

interface ExtractOptions {
  baseUrl: string;
  username?: string;
  passwordStdin?: boolean;
  vkn?: string;
  from: string;
  to?: string;
  json?: boolean;
}

/** With the global --json: one JSON line per document {ettn, receivedAt, bytes}, then {documents, failed, pages, retries}. */
export function extractCommand(): Command {
  return new Command('extract').argument('<provider>', ProviderId.options.join(' | '))
    .description('dry-run one provider extractor: list documents fetched for a date range (no database)')
    .requiredOption('--base-url <url>', "the provider's SOAP endpoint (a simulator's URL from `etl simulators`)")
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD)')
    .option('--to <date>', 'last day included (default: everything up to now)')
    .option('--username <name>', 'edm, qnb, crs, uyumsoft (the password: ETL_PROVIDER_PASSWORD, --password-stdin or a prompt)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--vkn <vkn>', 'the company VKN (qnb, and isnet alone)')
    .action(async (providerName: string, options: ExtractOptions, self: Command) => {
      process.exitCode = await run(providerName, { ...options, json: self.optsWithGlobals<{ json?: boolean }>().json === true });
    });
}

async function run(providerName: string, values: ExtractOptions): Promise<number> {
  const provider = ProviderId.safeParse(providerName);
  if (!provider.success) throw new CliUsageError(`expected one provider: ${ProviderId.options.join(', ')}`);
  if (!IsoDate.safeParse(values.from).success) throw new CliUsageError('--from YYYY-MM-DD (a calendar date) is required');
  if (values.to !== undefined && !IsoDate.safeParse(values.to).success) throw new CliUsageError('--to must be a calendar date YYYY-MM-DD');
  const password = values.username !== undefined ? await providerPassword(values) : undefined;

  let onRetry = () => {};
  const extractor = extractorFactories[provider.data]({ baseUrl: values.baseUrl, onRetry: () => onRetry() });
  const credentials = extractor.credentials.safeParse({
    ...(values.username !== undefined ? { username: values.username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(values.vkn !== undefined ? { vkn: values.vkn } : {}),
  });
  if (!credentials.success) {
    await extractor.close();
    throw new CliUsageError(`credentials: ${credentials.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }

  // --to is inclusive: read up to the end of that Turkey-time day.
  const until = values.to ? isoInstant(turkeyDayStart(values.to) + DAY_MS) : null;
  const checkpoint: Checkpoint = initialCheckpoint(provider.data, values.from, until);
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const totals = { documents: 0, failed: 0, pages: 0, retries: 0 };
  onRetry = () => totals.retries++;
  const print = (line: object) => process.stdout.write((values.json ? JSON.stringify(line) : Object.entries(line).map(([k, v]) => `${k}=${String(v)}`).join(' ')) + '\n');
  try {
    let last: Page | undefined;
    for await (const page of extractor.extract(credentials.data, checkpoint, controller.signal)) {
      totals.pages++;
      for (const document of page.documents) {
        totals.documents++;
        print({ ettn: document.ettn, receivedAt: document.receivedAt, bytes: Buffer.byteLength(document.xml, 'utf8') });
      }
      for (const failed of page.failed) {
        totals.failed++;
        print({ ettn: failed.ettn, receivedAt: failed.receivedAt, failed: failed.reason });
      }
      last = page;
    }
    print({ ...totals, ...(values.json ? {} : { checkpoint: JSON.stringify(last?.checkpoint ?? checkpoint) }) });
    return 0;
  } catch (error) {
    if (error instanceof AuthError) {
      process.stderr.write(`etl extract: ${error.message}\n`);
      return 2;
    }
    if (controller.signal.aborted) {
      process.stderr.write('etl extract: interrupted\n');
      print(totals);
      return 1;
    }
    if (error instanceof ExtractorError) {
      process.stderr.write(`etl extract: ${error.name}: ${error.message}\n`);
      print(totals);
      return 1;
    }
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await extractor.close();
  }
}
