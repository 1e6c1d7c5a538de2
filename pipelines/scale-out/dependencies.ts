/**
 * What the Trigger.dev tasks run on. In a deployed worker: the database at DATABASE_URL, its SQL run as
 * the service's database role (db/app-role.ts: the Activity Log only read and appended to), and the vault
 * of ENCRYPTION_KEYS, built once per worker process from the environment the Trigger.dev project
 * holds. In tests: whatever the test put into the run's locals, so a task runs against a test database
 * and the simulators without any environment.
 */
import { AbortTaskRunError, locals } from '@trigger.dev/sdk';
import { ConfigError, loadConfig } from '../../db/config.js';
import { openAsAppRole } from '../../db/app-role.js';
import { createDatabase } from '../../db/database.js';
import { createVault, parseKeyring } from '../../db/vault.js';
import { createLogger } from '../../domain/logging.js';
import type { SyncDependencies } from '../sync.js';
import { CHUNK_MS } from './runs.js';

export interface TaskDependencies {
  sync: SyncDependencies;
  /** How long one chunk of a sync reads before it hands over to the next run. */
  chunkMs: number;
  /** Runs per batchTrigger call of the daily dispatch (Trigger.dev accepts up to 1,000). */
  batchSize: number;
}

export const taskDependenciesKey = locals.create<TaskDependencies>('einvoice.task-dependencies');

let fromEnvironment: Promise<TaskDependencies> | undefined;

/** A missing or wrong setting is not retried: every attempt would fail the same way. */
async function dependenciesFromEnvironment(): Promise<TaskDependencies> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    throw new AbortTaskRunError(error instanceof ConfigError ? error.message : String(error));
  }
  const missing = [!config.databaseUrl && 'DATABASE_URL', !config.encryptionKeys && 'ENCRYPTION_KEYS'].filter(Boolean);
  if (!config.databaseUrl || !config.encryptionKeys) throw new AbortTaskRunError(`set ${missing.join(' and ')} in the Trigger.dev environment: the tasks read the service's database and open its stored credentials`);
  const logger = createLogger({ level: config.logLevel, name: 'einvoice-trigger' });
  const onIdleError = (error: Error) => logger.warn({ err: error.message }, 'idle database connection closed');
  // One connection holds the run's advisory lock, the others serve its queries. The owner's pool sets up
  // the role, and is the worker's own when the owner may not make one.
  const owner = createDatabase(config.databaseUrl, { max: 3, applicationName: 'einvoice-trigger-owner', onIdleError });
  const { db, pool } = await openAsAppRole({ ...owner, kind: 'external', url: config.databaseUrl, close: () => owner.destroy() }, logger, { max: 3, applicationName: 'einvoice-trigger' });
  return { sync: { db, pool, vault: createVault(parseKeyring(config.encryptionKeys)), logger }, chunkMs: CHUNK_MS, batchSize: 500 };
}

export async function taskDependencies(): Promise<TaskDependencies> {
  const injected = locals.get(taskDependenciesKey);
  if (injected) return injected;
  fromEnvironment ??= dependenciesFromEnvironment();
  return fromEnvironment.catch((error: unknown) => {
    fromEnvironment = undefined;
    throw error;
  });
}
