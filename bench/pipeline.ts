/**
 * Shared set-up of the pipeline benchmarks: the provider's simulator in a process of its own, a fresh database prepared like `npm start`'s, and an integration connected
 * to the chosen simulator through the lifecycle service.
 */
import { createVault, generateKeySpec, parseKeyring } from '../db/vault.js';
import { DEMO_ORGANIZATION } from '../domain/demo.js';
import { createLogger } from '../domain/logging.js';
import type { ProviderId } from '../domain/providers.js';
import { invoiceHeader, type DatasetSpec } from '../simulators/dataset/index.js';
import { createLifecycle } from '../pipelines/lifecycle.js';
import { prepareDatabase } from '../pipelines/setup.js';
import { syncIntegration, type SyncDependencies, type SyncTotals } from '../pipelines/sync.js';
import type { FreshDatabase } from '../test/database-server.js';
import { startChildSimulator, type ChildSimulator } from './support/child-simulator.js';

export const BENCH_FROM = '2025-01-01T00:00:00Z';
export const BENCH_TO = '2025-12-31T00:00:00Z';
const SEED = 2026;

/** How many invoices an inbox needs to hold about `lines` lines. */
function benchDataset(provider: ProviderId, invoices: number): DatasetSpec {
  return { seed: SEED, provider, invoices, from: BENCH_FROM, to: BENCH_TO, customer: { vkn: DEMO_ORGANIZATION.vkn, name: DEMO_ORGANIZATION.name } };
}

export function invoicesForLines(provider: ProviderId, lines: number): number {
  const spec = benchDataset(provider, 1_000_000);
  let sum = 0;
  let index = 0;
  while (sum < lines) sum += invoiceHeader(spec, index++).lineCount;
  return index;
}

/** The provider's simulator over a dataset of `invoices`, in a process of its own. */
export function startSimulatorProcess(provider: ProviderId, invoices: number): Promise<ChildSimulator> {
  return startChildSimulator(benchDataset(provider, invoices));
}

export interface ConnectedIntegration {
  deps: SyncDependencies;
  integrationId: string;
}

export async function connectIntegration(database: FreshDatabase, provider: ProviderId, simulator: Pick<ChildSimulator, 'url' | 'credentials'>): Promise<ConnectedIntegration> {
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

export interface Backfilled extends ConnectedIntegration {
  totals: SyncTotals;
  /** Wall time and peak RSS of the backfill alone. */
  seconds: number;
  peakRss: number;
}

/**
 * The common start of the pipeline benchmarks: the provider's simulator in its own process holding about
 * `lines` lines, an integration connected to it, and one backfill; `run` gets them, then the simulator stops.
 */
export async function withBackfill<T>(database: FreshDatabase, provider: ProviderId, lines: number, run: (backfilled: Backfilled) => Promise<T>): Promise<T> {
  const simulator = await startSimulatorProcess(provider, invoicesForLines(provider, lines));
  try {
    const connected = await connectIntegration(database, provider, simulator);
    const backfill = await withPeakRss(() => syncIntegration(connected.deps, { integrationId: connected.integrationId, trigger: 'backfill', performedBy: 'bench' }));
    if (backfill.result.status !== 'succeeded') throw new Error(`backfill ended ${backfill.result.status}`);
    return await run({ ...connected, totals: backfill.result.totals, seconds: backfill.seconds, peakRss: backfill.peakRss });
  } finally {
    await simulator.stop();
  }
}
