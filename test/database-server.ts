/**
 * Finds a PostgreSQL server for a test or benchmark run, in the documented order:
 * DATABASE_URL, then testcontainers when a container runtime answers, then embedded PostgreSQL.
 * Each caller then creates databases of its own on it (createDatabaseOn) and drops them at the end.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from '../db/database.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrateToLatest } from '../db/migrate.js';

export type ServerKind = 'DATABASE_URL' | 'testcontainers' | 'embedded';

export interface TestServer {
  kind: ServerKind;
  /** A URL to a database on the server from which databases can be created and dropped. */
  url: string;
  stop(): Promise<void>;
}

async function tryContainer(): Promise<TestServer | undefined> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch {
    return undefined; // no runtime answers: fails within milliseconds
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:15-alpine').start();
  return { kind: 'testcontainers', url: container.getConnectionUri(), stop: async () => void (await container.stop()) };
}

async function embedded(): Promise<TestServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'einvoice-test-pg-'));
  await chmod(dir, 0o755); // the server may run as the unprivileged postgres user
  const server = await startEmbeddedPostgres({ clusterDir: path.join(dir, 'pg'), persistent: false, database: 'postgres' });
  return {
    kind: 'embedded',
    url: server.url,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function startTestServer(env: NodeJS.ProcessEnv = process.env): Promise<TestServer> {
  if (env.DATABASE_URL) return { kind: 'DATABASE_URL', url: env.DATABASE_URL, stop: async () => {} };
  return (await tryContainer()) ?? (await embedded());
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates a fresh, empty database on the server and returns its URL and a drop function. */
export async function createDatabaseOn(serverUrl: string, prefix: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`.toLowerCase();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Drops every database whose name starts with the prefix (what a crashed test left behind). */
export async function dropDatabasesWithPrefix(serverUrl: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export interface FreshDatabase extends DatabaseHandle {
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** A new database on the server with its own pool, migrated unless asked not to. */
export async function createFreshDatabase(serverUrl: string, prefix: string, options: { migrate?: boolean } = {}): Promise<FreshDatabase> {
  const created = await createDatabaseOn(serverUrl, prefix);
  const handle = createDatabase(created.url, { max: 4 });
  if (options.migrate ?? true) await migrateToLatest(handle.db);
  return {
    ...handle,
    url: created.url,
    name: created.name,
    drop: async () => {
      await handle.destroy();
      await created.drop();
    },
  };
}
