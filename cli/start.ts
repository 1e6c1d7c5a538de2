/**
 * `npm start`: the whole service in one process — database (embedded unless DATABASE_URL), migrations,
 * the factor library and demo organization, the first admin user (its password printed once), the
 * provider simulators the demo integrations point at, the engine (ENGINE=local: the pg-boss job queue
 * and daily sync in this process; ENGINE=trigger: runs are triggered on Trigger.dev and nothing is
 * queued here) and the HTTP server with the admin panel at /admin. It connects nothing by itself: a user does.
 * Stops cleanly on SIGINT/SIGTERM (running syncs are interrupted and resume at the next start) and exits
 * 0; a failed start exits 1, a wrong configuration 2.
 */
import type { Server } from 'node:http';
import { createApp } from '../admin/app.js';
import { ensureFirstAdmin } from '../admin/first-admin.js';
import { panelRouter } from '../admin/panel.js';
import { loadSessionSecret } from '../admin/session-secret.js';
import { createLifecycle } from '../pipelines/lifecycle.js';
import { ConfigError, loadConfig } from '../db/config.js';
import { openAsAppRole } from '../db/app-role.js';
import { openDatabase, type OpenDatabase } from '../db/open.js';
import { wireDemoIntegrations } from '../db/seed.js';
import { DEMO_ORGANIZATION } from '../domain/demo.js';
import { providerNames } from '../domain/providers.js';
import { startDemoSimulators } from '../simulators/demo.js';
import type { RunningSimulator } from '../simulators/index.js';
import { loadVault } from '../db/vault.js';
import { createLogger } from '../domain/logging.js';
import { startEngine, type RunningEngine } from '../pipelines/engines.js';
import { prepareDatabase } from '../pipelines/setup.js';
import { stopOnSignals } from './signals.js';

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Express 5 passes EADDRINUSE to the callback instead of emitting 'error' (stack.md §3.1).
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger({ level: config.logLevel, name: 'einvoice' });
  let database: OpenDatabase | undefined;
  let server: Server | undefined;
  let simulators: RunningSimulator[] = [];
  let engine: RunningEngine | undefined;
  stopOnSignals(async (signal) => {
    log.info({ signal }, 'stopping');
    await new Promise<void>((resolve, reject) => (server ? server.close((error) => (error ? reject(error) : resolve())) : resolve()));
    await engine?.stop();
    await Promise.all(simulators.map((s) => s.close()));
    await database?.close();
    log.info('stopped');
  }, 0);

  database = await openDatabase(config, log);
  const prepared = await prepareDatabase(database.db);
  log.info({ applied: prepared.migrationsApplied }, prepared.migrationsApplied.length ? 'migrations applied' : 'schema up to date');
  database = await openAsAppRole(database, log);
  log.info(prepared.factors, 'emission factors loaded');
  const vault = await loadVault(config);
  log.info({ keyId: vault.vault.activeKeyId, source: vault.source }, 'credential vault ready');
  simulators = await startDemoSimulators(DEMO_ORGANIZATION);
  await wireDemoIntegrations(database.db, prepared.demoOrganizationId, simulators);
  log.info({ simulators: simulators.map((s) => ({ provider: s.provider, url: s.url })) }, 'provider simulators serving the demo inboxes');
  engine = await startEngine(config, { connectionString: (database.owner ?? database).url, sync: { db: database.db, pool: database.pool, vault: vault.vault, logger: log } });
  if (engine.kind === 'local') log.info({ dailySync: config.dailySyncCron, timeZone: config.timeZone }, 'local engine started');
  else log.info({ api: config.trigger.apiUrl }, 'Trigger.dev engine: syncs run as Trigger.dev tasks (the daily sync is its daily-dispatch schedule); no job queue in this process');
  const firstAdmin = await ensureFirstAdmin(database.db, prepared.demoOrganizationId, config.adminEmail);
  const lifecycle = createLifecycle({ db: database.db, vault: vault.vault, engine: engine.engine, logger: log });
  const panel = await panelRouter({ db: database.db, pool: database.pool, lifecycle, sessionSecret: await loadSessionSecret(config.dataDir) });
  log.info('admin panel ready');

  server = await listen(createApp({ db: database.db, databaseKind: database.kind, panel: panel.router }), config.port, config.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  log.info({ url }, 'listening');

  const lines = [
    '',
    `  Service:  ${url}   (health: ${url}/healthz)`,
    `  Panel:    ${url}/admin`,
    `  Login:    ${firstAdmin.email}`,
    firstAdmin.generatedPassword ? `  Password: ${firstAdmin.generatedPassword}   (shown once; store it now)` : '  Password: the one shown at the first start',
    '',
    '  Provider simulators (demo inboxes of ' + DEMO_ORGANIZATION.name + '):',
    ...simulators.map((s) => `    ${providerNames[s.provider].padEnd(22)} ${s.url}   ${Object.entries(s.credentials).map(([k, v]) => `${k}=${v}`).join(' ')}`),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
