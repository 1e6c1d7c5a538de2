import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
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

  it('recovers a cluster whose server was left running by a killed process', async () => {
    const orphan = await startEmbeddedPostgres({ clusterDir, persistent: true });
    // Simulate `kill -9` of the owning process: the server keeps running and holds postmaster.pid.
    const pid = Number((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(pid).toBeGreaterThan(0);
    const again = await startEmbeddedPostgres({ clusterDir, persistent: true });
    expect(again.port).not.toBe(orphan.port);
    expect(await query(again.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
    expect(() => process.kill(pid, 0)).toThrow(); // the orphan was stopped, not left beside the new one
    await again.stop();
  });
});
