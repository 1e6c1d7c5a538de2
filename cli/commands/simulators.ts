/**
 * `npm run etl -- simulators [--invoices N] [--seed S] [--faults SPEC] [--from ISO] [--to ISO]
 * [--manifest PATH] [--vkn VKN] [--name TITLE]`: starts the five provider simulators on loopback
 * ports, writes the dataset manifest, prints ONE JSON object
 * `{ providers: { edm: { url, wsdlUrl, credentials }, … }, manifest }` and serves until SIGINT/SIGTERM.
 * `--faults` uses the grammar of simulators/faults.ts and applies to every provider.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeManifest } from '../../simulators/dataset/index.js';
import { parseFaultSpec, FaultSpecError, startAllSimulators, type FaultSpec } from '../../simulators/index.js';
import { DAY_MS } from '../../simulators/dates.js';
import { DEMO_ORGANIZATION } from '../../domain/demo.js';
import { providerIds } from '../../domain/providers.js';
import { CliUsageError, parseCommandArgs } from '../usage.js';

export const summary = 'start the five provider simulators with a demo dataset and print their URLs and credentials';

export const usage = `usage: npm run etl -- simulators [--invoices N] [--seed S] [--from ISO] [--to ISO] [--faults SPEC] [--manifest PATH] [--vkn V --name N]
  Starts the five provider simulators on loopback ports and prints one JSON object: per provider its
  URL, WSDL URL and demo credentials, and the path of the dataset manifest. Serves until SIGINT/SIGTERM.
  --invoices N  invoices per provider inbox (default 2000), over --from … --to (default: the last 730 days)
  --faults SPEC comma-separated name[=value][@selector] (grammar in simulators/faults.ts), e.g. http500@3-4,throttle=429:2@%5`;


export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    invoices: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    faults: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    manifest: { type: 'string' },
    vkn: { type: 'string', default: DEMO_ORGANIZATION.vkn },
    name: { type: 'string', default: DEMO_ORGANIZATION.name },
  });
  const invoices = positiveInt('--invoices', values.invoices);
  if (!/^\d+$/.test(values.seed)) throw new CliUsageError(`--seed must be a non-negative integer, got "${values.seed}"`);
  const seed = Number(values.seed);
  const to = isoOption('--to', values.to ?? new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS).toISOString());
  const from = isoOption('--from', values.from ?? new Date(Date.parse(to) - 730 * DAY_MS).toISOString());
  let faults: FaultSpec | undefined;
  try {
    faults = values.faults === undefined ? undefined : parseFaultSpec(values.faults);
  } catch (error) {
    if (error instanceof FaultSpecError) throw new CliUsageError(error.message);
    throw error;
  }

  const simulators = await startAllSimulators({
    seed,
    invoices,
    from,
    to,
    customer: { vkn: values.vkn, name: values.name },
    ...(faults ? { faults: Object.fromEntries(providerIds.map((id) => [id, faults])) } : {}),
  });
  const closeAll = () => Promise.all(simulators.map((s) => s.close()));
  try {
    const manifestPath = values.manifest ?? join(await mkdtemp(join(tmpdir(), 'simulators-')), 'manifest.jsonl');
    const manifest = await writeManifest(simulators.map((s) => s.dataset), manifestPath);
    const providers = Object.fromEntries(simulators.map((s) => [s.provider, { url: s.url, wsdlUrl: s.wsdlUrl, credentials: s.credentials }]));
    process.stdout.write(JSON.stringify({ providers, manifest: manifest.path }) + '\n');
  } catch (error) {
    await closeAll();
    throw error;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await closeAll();
  return 0;
}

function positiveInt(flag: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new CliUsageError(`${flag} must be a positive integer, got "${value}"`);
  return Number(value);
}

function isoOption(flag: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new CliUsageError(`${flag} must be an ISO date, got "${value}"`);
  return new Date(ms).toISOString();
}
