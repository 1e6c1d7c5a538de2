/**
 * Secrets (issue 16 §4): after a scenario of connect, a refused edit, an accepted edit, syncs, failures,
 * a quarantined document, a CSV export, panel use (panel-use.ts) and CLI commands, no password, credential
 * JSON, vault key, ciphertext, panel user's password hash or session id appears in the logs (pino output
 * captured at debug level, and whatever the process printed to its console or stderr), the Activity Log, run errors, quarantine reasons, the CSV, the panel's HTML and
 * JSON responses, the CLI's output, or the argv of the CLI's process.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { format } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRolePassword } from '../../db/app-role.js';
import { createLogger } from '../../domain/logging.js';
import { exportInventoryCsv } from '../../pipelines/export-csv.js';
import { createLifecycle } from '../../pipelines/lifecycle.js';
import { syncIntegration } from '../../pipelines/sync.js';
import { startSimulator } from '../../simulators/index.js';
import { createHarness, datasetFor, type Harness } from '../pipeline/harness.js';
import { etl, type EtlResult } from './etl-child.js';
import { recordFigure } from './figures.js';
import { usePanel, type PanelUse } from './panel-use.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Runs `scenario` with everything this process writes to its console and stderr also kept in `into`: the
 * panel and its libraries have no logger of the pipeline's and print there (AdminJS prints the errors of actions).
 */
async function capturingConsole<T>(into: Capture, scenario: () => Promise<T>): Promise<T> {
  const originals = consoleMethods.map((method) => [method, console[method]] as const);
  const write = process.stderr.write.bind(process.stderr);
  for (const [method, original] of originals) console[method] = (...args: unknown[]) => { into.text += `${format(...args)}\n`; original.apply(console, args); };
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => { into.text += chunk.toString(); return write(chunk, ...rest); }) as typeof process.stderr.write;
  try {
    return await scenario();
  } finally {
    for (const [method, original] of originals) console[method] = original;
    process.stderr.write = write;
  }
}

describe('no secret leaks anywhere a person or another process can read', () => {
  let h: Harness;
  const logs = new Capture();
  const consoleOutput = new Capture();
  const csv = new Capture();
  const cli: EtlResult[] = [];
  let panel: PanelUse;
  const password = `Sifre-${randomBytes(9).toString('hex')}`;
  const wrongPassword = `Yanlis-${randomBytes(9).toString('hex')}`;

  beforeAll(() => capturingConsole(consoleOutput, async () => {
    h = await createHarness();
    const logger = createLogger({ level: 'debug' }, logs);
    const deps = { ...h.deps, logger };
    const lifecycle = createLifecycle({ db: h.database.db, vault: h.vault, engine: h.engine, logger, ...(h.deps.extractorOptions ? { extractorOptions: h.deps.extractorOptions } : {}) });
    const simulator = await startSimulator('qnb', { dataset: datasetFor('qnb', 30), credentials: { password }, faults: { content: [{ kind: 'badBase64', indices: [3] }] } });
    h.simulators.set('qnb', simulator);
    const credentials = simulator.credentials;
    const integration = await lifecycle.connect({ organizationId: h.organizationId, provider: 'qnb', credentials, startDate: '2025-01-01', endpointUrl: simulator.url, performedBy: 'ops@example.com' });
    await expect(lifecycle.edit(integration.id, { credentials: { ...credentials, password: wrongPassword } }, 'ops@example.com')).rejects.toThrow();
    await lifecycle.edit(integration.id, { credentials }, 'ops@example.com');
    expect((await syncIntegration(deps, { integrationId: integration.id, trigger: 'backfill', performedBy: 'system' })).status).toBe('succeeded');
    simulator.setFaults({ wrongCredentials: true });
    expect((await syncIntegration(deps, { integrationId: integration.id, trigger: 'manual', performedBy: 'ops@example.com' })).status).toBe('failed');
    simulator.setFaults({ http500: {} });
    expect((await syncIntegration(deps, { integrationId: integration.id, trigger: 'manual', performedBy: 'ops@example.com' })).status).toBe('failed');
    simulator.setFaults({});
    await exportInventoryCsv(h.database, { organizationId: h.organizationId, filters: {}, excel: false, performedBy: 'analyst@example.com' }, csv);
    cli.push(await etl(h, ['integrations', 'edit', 'qnb', '--username', credentials.username!, '--vkn', credentials.vkn!], { ETL_PROVIDER_PASSWORD: password }));
    cli.push(await etl(h, ['integrations', 'edit', 'qnb', '--username', credentials.username!, '--vkn', credentials.vkn!], { ETL_PROVIDER_PASSWORD: wrongPassword }));
    for (const args of [['sync', 'qnb'], ['runs', '--json'], ['activity', '--json'], ['quarantine', 'list', '--json'], ['integrations', 'list', '--json'], ['vault', 'rotate']]) cli.push(await etl(h, args));
    // After the CLI's key rotation: the ciphertext scanned is the one the panel's reads could have shown.
    panel = await usePanel(h, lifecycle, integration.id, credentials, wrongPassword);
  }), 240_000);
  afterAll(() => h?.close());

  it('the scenario did what it says: a refused edit, two failed syncs, a quarantined document, an export, CLI commands', async () => {
    const db = h.database.db;
    const activity = await db.selectFrom('activity_log').select('action_type').execute();
    expect(activity.map((a) => a.action_type)).toEqual(expect.arrayContaining(['connect', 'edit', 'sync_failed', 'export', 'login']));
    expect((await db.selectFrom('quarantined_documents').select('reason').execute()).length).toBeGreaterThan(0);
    expect((await db.selectFrom('sync_runs').select('error').where('status', '=', 'failed').execute()).length).toBe(2);
    expect(csv.text.split('\n').length).toBeGreaterThan(10);
    expect(logs.text).toContain('sync finished');
    const integrationId = (await db.selectFrom('integrations').select('id').where('provider', '=', 'qnb').executeTakeFirstOrThrow()).id;
    expect(panel.bodies.filter((body) => body.includes(integrationId)).length).toBeGreaterThan(5);
    expect(panel.bodies.filter((body) => body.includes('window.REDUX_STATE')).length).toBeGreaterThan(10);
    expect(cli.map((r) => r.code)).toEqual([0, 2, 0, 0, 0, 0, 0, 0]);
    expect(cli.every((r) => r.cmdline.includes('cli/etl.ts'))).toBe(true);
  });

  it('no secret in logs, activity, run errors, quarantine, CSV, panel responses, CLI output or argv', async () => {
    const db = h.database.db;
    const integration = await db.selectFrom('integrations').select(['credentials_ciphertext', 'last_error']).executeTakeFirstOrThrow();
    const keys = h.keySpec.split(',').map((entry) => entry.slice(entry.indexOf(':') + 1));
    const hashes = (await db.selectFrom('admin_users').select('password_hash').execute()).map((u) => u.password_hash);
    const sessionIds = (await sql<{ sid: string }>`SELECT sid FROM admin_sessions`.execute(db)).rows.map((r) => r.sid);
    expect(hashes.length * sessionIds.length).toBeGreaterThan(0);
    // The CLI's SQL runs as the service's database role, whose password is derived from the database URL.
    const secrets = [password, wrongPassword, ...keys, integration.credentials_ciphertext!, ...panel.passwords, ...hashes, ...sessionIds, appRolePassword(h.database.url)];
    const places: Record<string, string> = {
      logs: logs.text,
      console: consoleOutput.text,
      activity: JSON.stringify(await db.selectFrom('activity_log').select(['details', 'metadata']).execute()),
      runErrors: JSON.stringify(await db.selectFrom('sync_runs').select(['error', 'progress']).execute()),
      lastError: String(integration.last_error),
      quarantine: JSON.stringify(await db.selectFrom('quarantined_documents').select(['reason', 'details', 'error_code']).execute()),
      csv: csv.text,
      panel: panel.bodies.join('\n'),
      cliOutput: cli.map((r) => r.stdout + r.stderr).join('\n'),
      argv: cli.map((r) => r.cmdline).join('\n'),
    };
    const leaks = Object.entries(places).flatMap(([place, text]) => secrets.filter((secret) => text.includes(secret)).map((secret) => `${place} holds ${secret.slice(0, 4)}…`));
    await recordFigure('secretsLeaked', leaks.length, 0);
    expect(leaks).toEqual([]);
  });
});
