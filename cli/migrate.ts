/**
 * `npm run migrate`: brings the configured database to the state `npm start` runs on (schema, emission
 * factor library, demo organization) and exits: 0 done, 1 failed or interrupted, 2 wrong configuration.
 */
import { ConfigError, loadConfig } from '../db/config.js';
import { openDatabase, type OpenDatabase } from '../db/open.js';
import { createLogger } from '../domain/logging.js';
import { prepareDatabase } from '../pipelines/setup.js';
import { stopOnSignals } from './signals.js';

let database: OpenDatabase | undefined;
const signals = stopOnSignals(async () => database?.close(), 1);
try {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, name: 'migrate' });
  database = await openDatabase(config, log);
  const prepared = await prepareDatabase(database.db);
  log.info({ applied: prepared.migrationsApplied, factors: prepared.factors }, prepared.migrationsApplied.length ? 'migrations applied' : 'schema up to date');
} catch (error) {
  process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
} finally {
  signals.dispose();
  await database?.close();
}
