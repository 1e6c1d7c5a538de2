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
import { Command } from 'commander';
import { CliUsageError } from '../usage.js';

interface SimulatorOptions {
  invoices: string;
  seed: string;
  faults?: string;
  from?: string;
  to?: string;
  manifest?: string;
  vkn: string;
  name: string;
}

export function simulatorsCommand(): Command {
  return new Command('simulators')
    .description('start the five provider simulators with a demo dataset and print one JSON object of URLs, WSDLs, credentials and the manifest path; serves until SIGINT/SIGTERM')
    .option('--invoices <n>', 'invoices per provider inbox', '2000')
    .option('--seed <s>', 'dataset seed', '1')
    .option('--from <iso>', 'first instant of the dataset (default: 730 days before --to)')
    .option('--to <iso>', 'last instant of the dataset (default: today)')
    .option('--faults <spec>', 'comma-separated name[=value][@selector] (grammar in simulators/faults.ts), e.g. http500@3-4,throttle=429:2@%5')
    .option('--manifest <path>', 'where to write the dataset manifest (JSON lines)')
    .option('--vkn <vkn>', "the customer's VKN", DEMO_ORGANIZATION.vkn)
    .option('--name <title>', "the customer's name", DEMO_ORGANIZATION.name)
    .action(async (options: SimulatorOptions) => {
      process.exitCode = await run(options);
    });
}

async function run(values: SimulatorOptions): Promise<number> {
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
