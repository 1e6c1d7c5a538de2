/**
 * `npm run etl -- extract PROVIDER --base-url URL [--username U --password P] [--vkn VKN]
 *    --from YYYY-MM-DD [--to YYYY-MM-DD] [--json]`
 * A dry run of one extractor, no database: one line per document and a summary line. A rejected
 * credential exits with code 2 and the provider's reason on stderr. Passwords are never printed.
 */
import { ProviderId } from '../../domain/providers.js';
import { Checkpoint, initialCheckpoint, IsoDate, type Page } from '../../extractors/contract.js';
import { AuthError, ExtractorError } from '../../extractors/errors.js';
import { extractorFactories } from '../../extractors/registry.js';
import { DAY_MS, isoInstant, turkeyDayStart } from '../../extractors/time.js';
import { CliUsageError, parseCommandArgs } from '../usage.js';

export const summary = 'dry-run one provider extractor: list documents fetched for a date range (no database)';

export const usage = `usage: npm run etl -- extract PROVIDER --base-url URL [credentials] --from YYYY-MM-DD [--to YYYY-MM-DD] [--json]
  PROVIDER        edm | qnb | crs | isnet | uyumsoft
  --base-url URL  the provider's SOAP endpoint (a simulator's URL from \`etl simulators\`)
  credentials     --username U --password P (edm, crs, uyumsoft); plus --vkn V (qnb); --vkn V alone (isnet)
  --to            last day included (default: everything up to now)
  --json          one JSON line per document {ettn, receivedAt, bytes}, then {documents, pages, retries}
Read-only: never marks invoices as read. A rejected credential exits 2 with the provider's reason.`;


export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      'base-url': { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      vkn: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  const provider = ProviderId.safeParse(positionals[0]);
  if (!provider.success || positionals.length !== 1) throw new CliUsageError(`expected one provider: ${ProviderId.options.join(', ')}`);
  if (!values['base-url']) throw new CliUsageError('--base-url is required');
  if (!values.from || !IsoDate.safeParse(values.from).success) throw new CliUsageError('--from YYYY-MM-DD (a calendar date) is required');
  if (values.to !== undefined && !IsoDate.safeParse(values.to).success) throw new CliUsageError('--to must be a calendar date YYYY-MM-DD');

  let onRetry = () => {};
  const extractor = extractorFactories[provider.data]({ baseUrl: values['base-url'], onRetry: () => onRetry() });
  const credentials = extractor.credentials.safeParse({
    ...(values.username !== undefined ? { username: values.username } : {}),
    ...(values.password !== undefined ? { password: values.password } : {}),
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
