/**
 * `npm start`: the whole service in one process — database (embedded unless DATABASE_URL), migrations,
 * the demo organization, the provider simulators and the HTTP server. Stops cleanly on SIGINT/SIGTERM
 * and exits 0; a failed start exits 1, a wrong configuration 2.
 */
import type { Server } from 'node:http';
import { createApp } from '../admin/app.js';
import { ConfigError, loadConfig } from '../db/config.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase, type OpenDatabase } from '../db/open.js';
import { seedDemoOrganization, wireDemoIntegrations } from '../db/seed.js';
import { DEMO_ORGANIZATION } from '../domain/demo.js';
import { providerNames } from '../domain/providers.js';
import { startDemoSimulators } from '../simulators/demo.js';
import type { RunningSimulator } from '../simulators/index.js';
import { loadVault } from '../db/vault.js';
import { createLogger } from '../domain/logging.js';
import { loadEmissionFactors } from '../loaders/emission-factors.js';
import { factorRows, loadFactorLibrary } from '../transformers/emissions/index.js';
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
  stopOnSignals(async (signal) => {
    log.info({ signal }, 'stopping');
    await new Promise<void>((resolve, reject) => (server ? server.close((error) => (error ? reject(error) : resolve())) : resolve()));
    await Promise.all(simulators.map((s) => s.close()));
    await database?.close();
    log.info('stopped');
  }, 0);

  database = await openDatabase(config, log);
  const applied = await migrateToLatest(database.db);
  log.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date');
  const factors = await loadEmissionFactors(database.db, factorRows(loadFactorLibrary()));
  log.info(factors, 'emission factors loaded');
  const vault = await loadVault(config);
  log.info({ keyId: vault.vault.activeKeyId, source: vault.source }, 'credential vault ready');
  const organizationId = await seedDemoOrganization(database.db);
  simulators = await startDemoSimulators(DEMO_ORGANIZATION);
  await wireDemoIntegrations(database.db, organizationId, simulators);
  log.info({ simulators: simulators.map((s) => ({ provider: s.provider, url: s.url })) }, 'provider simulators serving the demo inboxes');

  server = await listen(createApp({ db: database.db, databaseKind: database.kind }), config.port, config.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  log.info({ url }, 'listening');

  const lines = [
    '',
    `  Service:  ${url}   (health: ${url}/healthz)`,
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
