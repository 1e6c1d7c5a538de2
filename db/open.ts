/** The database the configuration names: DATABASE_URL, or the embedded server under the data folder. */
import path from 'node:path';
import type { Logger } from '../domain/logging.js';
import type { Config } from './config.js';
import { createDatabase, redactUrl, type DatabaseHandle } from './database.js';
import { startEmbeddedPostgres } from './embedded.js';

export interface OpenDatabase extends DatabaseHandle {
  kind: 'embedded' | 'external';
  /** Connection URL (with its password: never log it; redactUrl for messages). */
  url: string;
  /** The schema owner's connection, when this one is the app role's (app-role.ts): migrations and pg-boss use it. */
  owner?: OpenDatabase;
  /** Closes the pool, then stops the embedded server if there is one. Calling it again waits for the first call. */
  close(): Promise<void>;
}

const idleError = (log: Logger) => (error: Error) => log.warn({ err: error.message }, 'idle database connection closed');

export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>, log: Logger): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    log.info({ database: redactUrl(config.databaseUrl) }, 'using DATABASE_URL');
    const handle = createDatabase(config.databaseUrl, { onIdleError: idleError(log) });
    let closed: Promise<void> | undefined;
    return { ...handle, kind: 'external', url: config.databaseUrl, close: () => (closed ??= handle.destroy()) };
  }
  const clusterDir = path.join(config.dataDir, 'pg');
  const started = performance.now();
  const server = await startEmbeddedPostgres({ clusterDir, persistent: true });
  log.info(
    { clusterDir, port: server.port, created: server.created, ms: Math.round(performance.now() - started) },
    server.attached ? 'embedded PostgreSQL already running (npm start): connected to it' : server.created ? 'embedded PostgreSQL created and started' : 'embedded PostgreSQL started on existing data',
  );
  const handle = createDatabase(server.url, { onIdleError: idleError(log) });
  let closed: Promise<void> | undefined;
  const close = async () => {
    await handle.destroy();
    await server.stop();
  };
  return { ...handle, kind: 'embedded', url: server.url, close: () => (closed ??= close()) };
}
