/**
 * A pipeline under test: a fresh migrated database with the factor library and the demo organization,
 * a vault with a fresh key, provider simulators over HTTP, the lifecycle service with an engine that
 * only records what it was asked to queue (tests run syncIntegration themselves, or a real engine).
 */
import type { DatasetSpec } from '../../simulators/dataset/index.js';
import { startSimulator, type FaultSpecInput, type RunningSimulator } from '../../simulators/index.js';
import { createVault, generateKeySpec, parseKeyring, type Vault } from '../../db/vault.js';
import { DEMO_ORGANIZATION } from '../../domain/demo.js';
import { createLogger } from '../../domain/logging.js';
import type { ProviderId } from '../../domain/providers.js';
import type { SyncTrigger } from '../../db/schema.js';
import type { Page } from '../../extractors/contract.js';
import { registryExtractorFactory, type ExtractorFactory } from '../../pipelines/dependencies.js';
import { createLifecycle, type Lifecycle, type SyncEngine } from '../../pipelines/lifecycle.js';
import { prepareDatabase } from '../../pipelines/setup.js';
import { syncIntegration, type SyncDependencies, type SyncOptions, type SyncOutcome, type SyncRequest } from '../../pipelines/sync.js';
import { createTestDatabase, type TestDatabase } from '../database.js';

export const DATASET_FROM = '2025-01-01T00:00:00Z';
export const DATASET_TO = '2025-03-01T00:00:00Z';
export const START_DATE = '2025-01-01';

export const logger = createLogger({ level: 'silent' });

/** Sleeps are instant, so retries and Retry-After cost no wall time. */
export const instantTiming = {
  now: () => Date.now(),
  random: () => 0.5,
  sleep: async (_ms: number, signal: AbortSignal) => signal.throwIfAborted(),
};

export function datasetFor(provider: ProviderId, invoices: number, seed = 7): DatasetSpec {
  return { seed, provider, invoices, from: DATASET_FROM, to: DATASET_TO, customer: { vkn: DEMO_ORGANIZATION.vkn, name: DEMO_ORGANIZATION.name } };
}

export class RecordingEngine implements SyncEngine {
  readonly queued: { integrationId: string; trigger: SyncTrigger; performedBy: string }[] = [];
  readonly cancelled: string[] = [];
  async enqueue(integrationId: string, trigger: SyncTrigger, performedBy: string) {
    this.queued.push({ integrationId, trigger, performedBy });
    return `job-${this.queued.length}`;
  }
  async cancel(integrationId: string) {
    this.cancelled.push(integrationId);
  }
}

export interface Harness {
  database: TestDatabase;
  organizationId: string;
  vault: Vault;
  /** The vault's key spec (ENCRYPTION_KEYS form), for a child process that opens the same credentials. */
  keySpec: string;
  engine: RecordingEngine;
  lifecycle: Lifecycle;
  deps: SyncDependencies;
  /** Rewrites every extracted page before the pipeline sees it (a fault no simulator has yet). */
  rewritePages(rewrite: ((page: Page) => Page) | null): void;
  simulators: Map<ProviderId, RunningSimulator>;
  startSimulator(provider: ProviderId, invoices: number, faults?: FaultSpecInput): Promise<RunningSimulator>;
  /** Connects the provider to its simulator with the demo credentials; returns the integration id. */
  connect(provider: ProviderId, startDate?: string): Promise<string>;
  sync(integrationId: string, options?: SyncOptions, request?: Partial<SyncRequest>): Promise<SyncOutcome>;
  close(): Promise<void>;
}

/** `serverUrl`: a PostgreSQL server of the test's own (one it may stop); the suite's server otherwise. */
export async function createHarness(options: { serverUrl?: string } = {}): Promise<Harness> {
  const database = await createTestDatabase({ migrate: false, ...options });
  const { demoOrganizationId } = await prepareDatabase(database.db);
  const keySpec = generateKeySpec();
  const vault = createVault(parseKeyring(keySpec));
  const engine = new RecordingEngine();
  const extractorOptions = { retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 }, timing: instantTiming };
  let rewrite: ((page: Page) => Page) | null = null;
  const extractors: ExtractorFactory = (provider, options) => {
    const real = registryExtractorFactory(provider, options);
    return {
      ...real,
      async *extract(creds, from, signal) {
        for await (const page of real.extract(creds, from, signal)) yield rewrite ? rewrite(page) : page;
      },
    };
  };
  const deps: SyncDependencies = { db: database.db, pool: database.pool, vault, logger, extractors, extractorOptions, statusPollMs: 100 };
  const lifecycle = createLifecycle({ db: database.db, vault, engine, logger, extractorOptions });
  const simulators = new Map<ProviderId, RunningSimulator>();
  return {
    database, organizationId: demoOrganizationId, vault, keySpec, engine, lifecycle, deps, simulators,
    rewritePages: (next) => void (rewrite = next),
    async startSimulator(provider, invoices, faults) {
      const simulator = await startSimulator(provider, { dataset: datasetFor(provider, invoices), ...(faults ? { faults } : {}) });
      simulators.set(provider, simulator);
      return simulator;
    },
    async connect(provider, startDate = START_DATE) {
      const simulator = simulators.get(provider);
      if (!simulator) throw new Error(`start the ${provider} simulator first`);
      const integration = await lifecycle.connect({ organizationId: demoOrganizationId, provider, credentials: simulator.credentials, startDate, endpointUrl: simulator.url, performedBy: 'ops@example.com' });
      return integration.id;
    },
    sync: (integrationId, options = {}, request = {}) => syncIntegration(deps, { integrationId, trigger: 'manual', performedBy: 'ops@example.com', ...request }, options),
    async close() {
      await Promise.all([...simulators.values()].map((s) => s.close()));
      await database.drop();
    },
  };
}
