import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulators/index.js';

const run = promisify(execFile);
/** The password travels in the environment, never in argv. */
const etl = (args: string[], password = '') =>
  run(process.execPath, ['--import', 'tsx', 'cli/etl.ts', ...args], { cwd: new URL('../..', import.meta.url).pathname, env: { ...process.env, ETL_PROVIDER_PASSWORD: password } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('etl extract', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator('uyumsoft', {
      dataset: { seed: 3, provider: 'uyumsoft', invoices: 40, from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z', customer: { vkn: '1234567890', name: 'Demo A.Ş.' } },
    });
  });
  afterAll(() => sim.close());

  it('prints one JSON line per document and a summary', async () => {
    const { username = '', password = '' } = sim.credentials;
    const out = await etl(['extract', 'uyumsoft', '--base-url', sim.url, '--username', username, '--from', '2024-12-01', '--to', '2025-02-20', '--json'], password);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines.at(-1)!;
    const documents = lines.slice(0, -1);
    expect(Object.keys(summary).sort()).toEqual(['documents', 'failed', 'pages', 'retries']);
    expect(summary.documents).toBe(documents.length);
    expect(documents.length).toBeGreaterThan(10);
    for (const d of documents) {
      expect(Object.keys(d).sort()).toEqual(['bytes', 'ettn', 'receivedAt']);
      expect(d.bytes).toBeGreaterThan(1000);
    }
    expect(new Set(documents.map((d) => d.ettn)).size).toBe(documents.length);
  });

  it('exits 2 with the provider reason on stderr for a bad credential, without echoing it', async () => {
    const out = await etl(['extract', 'uyumsoft', '--base-url', sim.url, '--username', 'demo', '--from', '2025-01-01', '--json'], 'Sekret-123');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/Uyumsoft rejected the username or password: .*Unauthorized/);
    expect(out.stderr + out.stdout).not.toContain('Sekret-123');
  });

  it.each([['--from', '2026-13-01'], ['--to', '2026-02-29']])('refuses the impossible date %s %s with exit 2, before calling the provider', async (flag, date) => {
    const before = sim.calls.length;
    const dates = flag === '--from' ? ['--from', date] : ['--from', '2025-01-01', '--to', date];
    const out = await etl(['extract', 'uyumsoft', '--base-url', sim.url, '--username', 'u', ...dates], 'p');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(flag);
    expect(sim.calls.length).toBe(before);
  });
});
