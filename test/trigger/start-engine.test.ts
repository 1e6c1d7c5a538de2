/**
 * `npm start` with ENGINE=trigger, as a user runs it: the service starts against its database, says
 * that syncs run on Trigger.dev, and never creates the local job queue (no pgboss schema); without a
 * secret key it refuses to start with exit code 2, naming the variable.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../database.js';
import { root } from './task-context.js';

/** Runs `npm start` until its output matches `until` (then SIGTERM) or it exits; returns its output and exit code. */
function runStart(env: NodeJS.ProcessEnv, until: RegExp | null): Promise<{ output: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/start.ts'], { cwd: root, env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (until?.test(output)) child.kill('SIGTERM');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ output, code })));
}

let dataDir = '';

describe('npm start with ENGINE=trigger', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'start-trigger-'));
  });
  afterAll(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts without the local job queue and says syncs run on Trigger.dev', async () => {
    const { output, code } = await runStart({ DATABASE_URL: database.url, ENGINE: 'trigger', TRIGGER_SECRET_KEY: 'tr_dev_start_test', TRIGGER_API_URL: 'http://127.0.0.1:9' }, /Service:\s+http:\/\//);
    expect(code).toBe(0);
    expect(output).toContain('Trigger.dev engine: syncs run as Trigger.dev tasks');
    expect(output).not.toContain('local engine started');
    expect(output).not.toContain('tr_dev_start_test');
    const { rows } = await sql<{ name: string }>`SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name = 'pgboss'`.execute(database.db);
    expect(rows).toEqual([]);
  });

  it('without TRIGGER_SECRET_KEY it stops with exit code 2 naming the variable', async () => {
    const { output, code } = await runStart({ DATABASE_URL: database.url, ENGINE: 'trigger', TRIGGER_SECRET_KEY: '' }, null);
    expect(code).toBe(2);
    expect(output).toContain('TRIGGER_SECRET_KEY: expected a Trigger.dev secret key when ENGINE=trigger');
  });
});
