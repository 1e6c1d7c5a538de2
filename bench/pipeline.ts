/**
 * Shared set-up of the pipeline benchmarks: the provider simulators in a process of their own (the
 * `etl simulators` command), a fresh database prepared like `npm start`'s, and an integration connected
 * to the chosen simulator through the lifecycle service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createVault, generateKeySpec, parseKeyring } from '../db/vault.js';
import { DEMO_ORGANIZATION } from '../domain/demo.js';
import { createLogger } from '../domain/logging.js';
import type { ProviderId } from '../domain/providers.js';
import { invoiceHeader, type DatasetSpec } from '../simulators/dataset/index.js';
import { createLifecycle } from '../pipelines/lifecycle.js';
import { prepareDatabase } from '../pipelines/setup.js';
import type { SyncDependencies } from '../pipelines/sync.js';
import type { FreshDatabase } from '../test/database-server.js';

const root = path.resolve(import.meta.dirname, '..');
export const BENCH_FROM = '2025-01-01T00:00:00Z';
export const BENCH_TO = '2025-12-31T00:00:00Z';
const SEED = 2026;

/** How many invoices an inbox needs to hold about `lines` lines. */
export function invoicesForLines(provider: ProviderId, lines: number): number {
  const spec: DatasetSpec = { seed: SEED, provider, invoices: 1_000_000, from: BENCH_FROM, to: BENCH_TO, customer: { vkn: DEMO_ORGANIZATION.vkn, name: DEMO_ORGANIZATION.name } };
  let sum = 0;
  let index = 0;
  while (sum < lines) sum += invoiceHeader(spec, index++).lineCount;
  return index;
}

export interface SimulatorProcess {
  providers: Record<ProviderId, { url: string; credentials: Record<string, string> }>;
  stop(): Promise<void>;
}

export async function startSimulatorProcess(invoices: number): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'cli/etl.ts', 'simulators', '--invoices', String(invoices), '--seed', String(SEED), '--from', BENCH_FROM, '--to', BENCH_TO], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await once(lines, 'line')) as [string];
  const printed = JSON.parse(first) as { providers: SimulatorProcess['providers'] };
  return {
    providers: printed.providers,
    stop: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface ConnectedIntegration {
  deps: SyncDependencies;
  integrationId: string;
}

export async function connectIntegration(database: FreshDatabase, provider: ProviderId, simulator: SimulatorProcess['providers'][ProviderId]): Promise<ConnectedIntegration> {
  const { demoOrganizationId } = await prepareDatabase(database.db);
  const vault = createVault(parseKeyring(generateKeySpec()));
  const logger = createLogger({ level: 'silent' });
  const lifecycle = createLifecycle({ db: database.db, vault, logger, engine: { enqueue: async () => null, cancel: async () => {} } });
  const integration = await lifecycle.connect({ organizationId: demoOrganizationId, provider, credentials: simulator.credentials, startDate: BENCH_FROM.slice(0, 10), endpointUrl: simulator.url, performedBy: 'bench' });
  return { deps: { db: database.db, pool: database.pool, vault, logger }, integrationId: integration.id };
}

/** Peak resident set size while `run` runs, sampled every 50 ms. */
export async function withPeakRss<T>(run: () => Promise<T>): Promise<{ result: T; peakRss: number; seconds: number }> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const result = await run();
    return { result, peakRss: Math.max(peakRss, process.memoryUsage().rss), seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(sampler);
  }
}
