import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded.js';

const root = await mkdtemp(path.join(os.tmpdir(), 'embedded-test-'));
await chmod(root, 0o755);
afterAll(() => rm(root, { recursive: true, force: true }));

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  const clusterDir = path.join(root, 'pg');

  it('creates a cluster, keeps its data across stop and start, and listens on loopback only', async () => {
    const first = await startEmbeddedPostgres({ clusterDir, persistent: true });
    expect(first.created).toBe(true);
    await query(first.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$still here$$)');
    const [settings] = await query<{ listen: string; version: string }>(first.url, `SELECT current_setting('listen_addresses') AS listen, current_setting('server_version') AS version`);
    expect(settings).toEqual({ listen: '127.0.0.1', version: '15.18' });
    await first.stop();
    await expect(query(first.url, 'SELECT 1')).rejects.toThrow();

    const second = await startEmbeddedPostgres({ clusterDir, persistent: true });
    expect(second.created).toBe(false);
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    // The password is generated once and kept in a file only its owner can read.
    expect(new URL(second.url).password).toBe(encodeURIComponent((await readFile(`${clusterDir}.password`, 'utf8')).trim()));
    await second.stop();
  });

  /** Running, and not a zombie left for a parent that never reaps it. */
  async function alive(pid: number): Promise<boolean> {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  }

  /** `npm start` stand-in: another process owning the cluster's server, until it is killed. */
  async function ownerProcess(): Promise<{ child: ChildProcess; port: number }> {
    const code = `const { startEmbeddedPostgres } = await import(${JSON.stringify(new URL('./embedded.ts', import.meta.url).href)});
      const s = await startEmbeddedPostgres({ clusterDir: ${JSON.stringify(clusterDir)}, persistent: true });
      process.stdout.write(s.port + '\\n'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    return { child, port: Number(line) };
  }

  it('connects to the server another live process runs on the cluster, and leaves it running', async () => {
    const owner = await ownerProcess();
    try {
      const attached = await startEmbeddedPostgres({ clusterDir, persistent: true });
      expect(attached).toMatchObject({ attached: true, created: false, port: owner.port });
      expect(await query(attached.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
      await attached.stop();
      expect(await query(attached.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]); // still served by its owner
    } finally {
      owner.child.kill('SIGTERM');
      await once(owner.child, 'exit');
    }
  });

  it('recovers a cluster whose server was left running by a killed process', async () => {
    const owner = await ownerProcess();
    const pid = Number((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(pid).toBeGreaterThan(0);
    // kill -9 of the owner: its server keeps running, holds postmaster.pid, and nobody will stop it.
    owner.child.kill('SIGKILL');
    await once(owner.child, 'exit');
    expect(await alive(pid)).toBe(true);
    const again = await startEmbeddedPostgres({ clusterDir, persistent: true });
    expect(again.attached).toBe(false);
    expect(await query(again.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    expect(await alive(pid)).toBe(false); // the orphan was stopped, not left beside the new one
    await again.stop();
  });
});
