/**
 * `npm run migrate`: applies pending migrations to the configured database and exits: 0 done, 1 failed
 * or interrupted, 2 wrong configuration.
 */
import { ConfigError, loadConfig } from '../db/config.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase, type OpenDatabase } from '../db/open.js';
import { createLogger } from '../domain/logging.js';
import { stopOnSignals } from './signals.js';

let database: OpenDatabase | undefined;
const signals = stopOnSignals(async () => database?.close(), 1);
try {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, name: 'migrate' });
  database = await openDatabase(config, log);
  const applied = await migrateToLatest(database.db);
  log.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date');
} catch (error) {
  process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
} finally {
  signals.dispose();
  await database?.close();
}
