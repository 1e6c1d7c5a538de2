/** The HTTP application: the health check and, when given, the admin panel at /admin. */
import express, { type Express, type Router } from 'express';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface AppDependencies {
  db: Kysely<Database>;
  /** What the health check reports as the database in use. */
  databaseKind: 'embedded' | 'external';
  /** The admin panel's router (admin/panel.ts). */
  panel?: Router;
}

export function createApp({ db, databaseKind, panel }: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // Before any body parser: AdminJS's own form parser waits for the body (stack.md §3.1).
  if (panel) app.use('/admin', panel);

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
