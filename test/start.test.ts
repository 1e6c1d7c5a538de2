/**
 * `npm start` end to end, as a user runs it: a child process on a fresh data folder with the embedded
 * database, /healthz over HTTP, a clean stop on SIGTERM, and a second start that finds its data again.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = await mkdtemp(path.join(os.tmpdir(), 'start-test-'));
await chmod(root, 0o755);
afterAll(() => rm(root, { recursive: true, force: true }));

interface Started {
  url: string;
  output: () => string;
  stop(): Promise<number | null>;
}

function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/start.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Service:\s+(http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], output: () => output, stop: () => (child.kill('SIGTERM'), exited) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`start exited with ${code} before listening:\n${output}`)));
  });
}

describe('npm start', () => {
  it('serves /healthz from the embedded database, stops cleanly, and finds its data on the next start', async () => {
    const env = { DATA_DIR: path.join(root, 'data') };
    const first = await start(env);
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'ok', kind: 'embedded', serverVersion: '15.18' } });
    // The five provider simulators serve the demo inboxes on loopback, and answer with their WSDL.
    const simulatorUrls = [...first.output().matchAll(/^ {4}.+? (http:\/\/127\.0\.0\.1:\d+\/\S+)/gm)].map((m) => m[1]!);
    expect(simulatorUrls).toHaveLength(5);
    const edm = simulatorUrls.find((u) => u.includes('EFaturaEDM'));
    const wsdl = await fetch(`${edm}?singleWsdl`);
    expect(wsdl.status).toBe(200);
    expect(await wsdl.text()).toContain('GetInvoice');
    // The first admin user is created at the first start, its password printed once; the panel answers.
    expect(first.output()).toMatch(/Login: +admin@example\.com\n +Password: \S{20} +\(shown once/);
    expect((await fetch(`${first.url}/admin/login`)).status).toBe(200);
    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain('"msg":"stopped"');
    expect(first.output()).toMatch(/"inserted":[1-9]\d*,"unchanged":0,"msg":"emission factors loaded"/);

    const second = await start(env);
    expect(second.output()).toContain('embedded PostgreSQL started on existing data');
    expect(second.output()).toContain('Password: the one shown at the first start');
    expect(second.output()).toMatch(/"inserted":0,"unchanged":[1-9]\d*,"msg":"emission factors loaded"/);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    expect(await second.stop()).toBe(0);
  }, 120_000); // two starts of an embedded server: ~25 s alone, more on a loaded machine

  it('refuses a wrong configuration with one message naming the variable', async () => {
    await expect(start({ DATA_DIR: path.join(root, 'bad'), PORT: 'eighty' })).rejects.toThrow(/exited with 2[\s\S]*PORT: expected/);
  });
});
