/** `npm run migrate`: applies pending migrations to the configured database and exits. */
import { ConfigError, loadConfig } from '../db/config.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/open.js';
import { createLogger } from '../domain/logging.js';

try {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, name: 'migrate' });
  const database = await openDatabase(config, log);
  try {
    const applied = await migrateToLatest(database.db);
    log.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date');
  } finally {
    await database.close();
  }
} catch (error) {
  process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
