/**
 * The operator CLI end to end: every database command through the `etl` entry point in a child process,
 * against real PostgreSQL and the simulators over HTTP — exit codes, JSON shapes, and the password never
 * in argv, logs or output.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryLockIntegration, unlockIntegration } from '../pipelines/runs.js';
import { createHarness, type Harness } from './pipeline/harness.js';

const root = path.resolve(import.meta.dirname, '..');
let h: Harness;
let dir: string;

interface Result { code: number; stdout: string; stderr: string; argv: string[] }

function etl(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<Result> {
  const argv = ['--import', 'tsx', 'cli/etl.ts', ...args];
  return new Promise((resolve) => {
    const child = execFile(process.execPath, argv, { cwd: root, env: { ...process.env, DATABASE_URL: h.database.url, ENCRYPTION_KEYS: h.keySpec, LOG_LEVEL: '', ETL_PROVIDER_PASSWORD: '', ...options.env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr, argv });
    });
    child.stdin?.end(options.stdin ?? '');
  });
}
const jsonLines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  h = await createHarness();
  await h.startSimulator('uyumsoft', 40);
  await h.startSimulator('isnet', 30);
  dir = await mkdtemp(path.join(os.tmpdir(), 'etl-cli-'));
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

describe('etl integrations, sync, runs, activity', () => {
  it('connect with a wrong password exits 2 with the provider reason and leaves nothing connected', async () => {
    const sim = h.simulators.get('uyumsoft')!;
    const r = await etl(['integrations', 'connect', 'uyumsoft', '--start-date', '2025-01-01', '--username', sim.credentials.username!, '--endpoint', sim.url], { env: { ETL_PROVIDER_PASSWORD: 'not-the-password' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Uyumsoft rejected the username or password');
    expect(r.stdout + r.stderr).not.toContain('not-the-password');
    const row = await h.database.db.selectFrom('integrations').select(['status', 'credentials_ciphertext']).where('provider', '=', 'uyumsoft').executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'not_connected', credentials_ciphertext: null });
  });

  it('connect reads the password from stdin, never from argv, and prints the integration as JSON', async () => {
    const sim = h.simulators.get('uyumsoft')!;
    const r = await etl(['--json', 'integrations', 'connect', 'uyumsoft', '--start-date', '2025-01-01', '--username', sim.credentials.username!, '--password-stdin', '--endpoint', sim.url, '--as', 'eng@example.com'], { stdin: `${sim.credentials.password}\n` });
    expect(r.code).toBe(0);
    expect(r.argv.join(' ')).not.toContain(sim.credentials.password);
    expect(r.stdout + r.stderr).not.toContain(sim.credentials.password);
    const [printed] = jsonLines(r.stdout);
    expect(printed).toMatchObject({ provider: 'uyumsoft', status: 'connected', startDate: '2025-01-01' });
    const isnet = h.simulators.get('isnet')!;
    expect((await etl(['integrations', 'connect', 'isnet', '--start-date', '2025-01-01', '--vkn', isnet.credentials.vkn!, '--endpoint', isnet.url])).code).toBe(0);
  });

  it('sync runs the pipeline in this process and prints the documented JSON', async () => {
    const r = await etl(['sync', 'uyumsoft', '--json']);
    expect(r.code).toBe(0);
    const [out] = jsonLines(r.stdout);
    expect(Object.keys(out!).sort()).toEqual(['durationMs', 'invoices', 'lines', 'quarantined', 'run', 'status']);
    expect(out).toMatchObject({ status: 'succeeded', quarantined: 0, invoices: { updated: 0, unchanged: 0 } });
    const lines = await h.database.db.selectFrom('inventory_lines').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(out!.lines).toBe(Number(lines.n));
    expect(r.stderr).toMatch(/sync uyumsoft: 100%/); // plain progress lines when not on a terminal
  });

  it('sync of an integration already syncing exits 1 and says so', async () => {
    const { id } = await h.database.db.selectFrom('integrations').select('id').where('provider', '=', 'isnet').executeTakeFirstOrThrow();
    const client = await h.database.pool.connect();
    try {
      expect(await tryLockIntegration(client, id)).toBe(true);
      const r = await etl(['sync', id]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('already running');
    } finally {
      await unlockIntegration(client, id);
      client.release();
    }
  });

  it('integrations list shows status, start date, last sync, records this month and who is responsible', async () => {
    const r = await etl(['integrations', 'list', '--json']);
    expect(r.code).toBe(0);
    const rows = jsonLines(r.stdout);
    expect(rows).toHaveLength(2);
    const uyumsoft = rows.find((x) => x.provider === 'uyumsoft')!;
    expect(uyumsoft).toMatchObject({ status: 'Connected', startDate: '2025-01-01', responsible: 'eng@example.com' });
    expect(uyumsoft.recordsThisMonth).toBe(uyumsoft.recordsImported);
    expect(uyumsoft.lastSuccessfulSyncAt).not.toBeNull();
    const table = await etl(['integrations', 'list']);
    expect(table.stdout).toMatch(/^provider +status +start date/m);
  });

  it('pause, resume, test and disconnect change the status and each writes the Activity Log', async () => {
    for (const [step, status] of [['pause', 'paused'], ['resume', 'connected'], ['test', null], ['disconnect', 'disconnected']] as const) {
      const r = await etl(['--json', 'integrations', step, 'isnet']);
      expect(r.code, `${step}: ${r.stderr}`).toBe(0);
      if (status) expect(jsonLines(r.stdout)[0]).toMatchObject({ status });
    }
    expect((await etl(['integrations', 'resume', 'isnet'])).code).toBe(2); // not paused: bad request
    expect((await etl(['integrations', 'pause', 'no-such-provider'])).code).toBe(2);
  });

  it('runs and activity list with the five filters', async () => {
    const runs = jsonLines((await etl(['runs', 'uyumsoft', '--json'])).stdout);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ provider: 'uyumsoft', trigger: 'manual', status: 'succeeded' });
    const byAction = jsonLines((await etl(['activity', '--json', '--action', 'connect'])).stdout);
    expect(byAction.map((e) => e.status).sort()).toEqual(['error', 'success', 'success']);
    expect(jsonLines((await etl(['activity', '--json', '--status', 'error'])).stdout).every((e) => e.status === 'error')).toBe(true);
    expect(jsonLines((await etl(['activity', '--json', '--provider', 'isnet'])).stdout).every((e) => e.provider === 'isnet')).toBe(true);
    expect(jsonLines((await etl(['activity', '--json', '--by', 'eng@example.com'])).stdout).map((e) => e.action)).toEqual(['connect']);
    const today = new Date().toISOString().slice(0, 10);
    expect(jsonLines((await etl(['activity', '--json', '--from', '2000-01-01', '--to', '2000-01-02'])).stdout)).toEqual([]);
    expect(jsonLines((await etl(['activity', '--json', '--from', today])).stdout).length).toBeGreaterThan(5);
    expect((await etl(['activity', '--status', 'loud'])).code).toBe(2);
  });
});

describe('etl export csv', () => {
  it('writes one row per inventory line with the documented header, and an Export entry', async () => {
    const file = path.join(dir, 'all.csv');
    const r = await etl(['export', 'csv', '--out', file]);
    expect(r.code).toBe(0);
    const [header, ...rows] = (await readFile(file, 'utf8')).trim().split('\n');
    for (const column of ['provider', 'ettn', 'document_number', 'line_no', 'issue_date', 'activity_period_start', 'activity_period_end', 'supplier_vkn', 'supplier_name', 'description', 'quantity', 'unit', 'net_amount', 'currency', 'net_amount_try', 'category', 'scope', 'scope3_category', 'method', 'factor_id', 'factor_source', 'kg_co2e', 'confidence', 'status']) {
      expect(header!.split(','), column).toContain(column);
    }
    const count = await h.database.db.selectFrom('inventory_lines').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(rows).toHaveLength(Number(count.n));
    const exports = await h.database.db.selectFrom('activity_log').select('details').where('action_type', '=', 'export').execute();
    expect(exports.at(-1)?.details).toContain(`Exported ${count.n} inventory lines`);
  });

  it('filters, and --excel round-trips Turkish text with a BOM and ";"', async () => {
    const categoryRow = await h.database.db.selectFrom('inventory_lines').select(['category']).groupBy('category').orderBy((eb) => eb.fn.countAll(), 'desc').executeTakeFirstOrThrow();
    const expected = await h.database.db.selectFrom('inventory_lines').select(['description']).where('category', '=', categoryRow.category).execute();
    const r = await etl(['export', 'csv', '--category', categoryRow.category, '--excel']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\ufeff')).toBe(true);
    const [header, ...rows] = r.stdout.slice(1).trim().split('\n');
    expect(header!.split(';')[0]).toBe('provider');
    expect(rows).toHaveLength(expected.length);
    const turkish = expected.find((e) => /[çğışöüÇĞİŞÖÜ]/.test(e.description));
    if (turkish) expect(r.stdout).toContain(turkish.description);
    expect((await etl(['export', 'csv', '--scope', '7'])).code).toBe(2);
  });

  it('neutralizes a description that a spreadsheet would run as a formula', async () => {
    const line = await h.database.db.selectFrom('inventory_lines').select('id').limit(1).executeTakeFirstOrThrow();
    await h.database.db.updateTable('inventory_lines').set({ description: '=HYPERLINK("http://x","y")' }).where('id', '=', line.id).execute();
    const r = await etl(['export', 'csv']);
    expect(r.stdout).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(r.stdout).not.toMatch(/[,;]=HYPERLINK/);
  });
});
