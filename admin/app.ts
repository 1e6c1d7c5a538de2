/** The HTTP application: health check now; the admin panel mounts here too. */
import express, { type Express } from 'express';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface AppDependencies {
  db: Kysely<Database>;
  /** What the health check reports as the database in use. */
  databaseKind: 'embedded' | 'external';
}

export function createApp({ db, databaseKind }: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', async (_req, res) => {
    const started = performance.now();
    try {
      const { rows } = await sql<{ version: string }>`SELECT current_setting('server_version') AS version`.execute(db);
      res.json({
        status: 'ok',
        database: { status: 'ok', kind: databaseKind, serverVersion: rows[0]?.version, latencyMs: Math.round(performance.now() - started) },
      });
    } catch (error) {
      res.status(503).json({
        status: 'error',
        database: { status: 'error', kind: databaseKind, error: error instanceof Error ? error.message : String(error) },
      });
    }
  });

  return app;
}
