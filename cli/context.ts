/**
 * What the database commands of `etl` share: the configuration, the same database `npm start` uses
 * (DATABASE_URL, else the embedded server in DATA_DIR — connected to when `npm start` runs it), the
 * credential vault, the organization (`--org VKN`, else the demo organization), who acts (`--as EMAIL`,
 * else `cli:<login>`), and the lifecycle service, whose syncs go to the engine the configuration names:
 * the job queue `npm start` works on (ENGINE=local) or Trigger.dev (ENGINE=trigger).
 */
import os from 'node:os';
import { loadConfig, type Config } from '../db/config.js';
import { openAsAppRole } from '../db/app-role.js';
import { openDatabase, type OpenDatabase } from '../db/open.js';
import { loadVault } from '../db/vault.js';
import type { Vault } from '../db/vault.js';
import { DEMO_ORGANIZATION } from '../domain/demo.js';
import { createLogger, type Logger } from '../domain/logging.js';
import { ProviderId } from '../domain/providers.js';
import type { Integration } from '../db/schema.js';
import { IntegrationNotFound } from '../pipelines/errors.js';
import { createLifecycle, type Lifecycle } from '../pipelines/lifecycle.js';
import { connectEngine, type RunningEngine } from '../pipelines/engines.js';
import { prepareDatabase } from '../pipelines/setup.js';
import type { SyncDependencies } from '../pipelines/sync.js';
import { CliUsageError } from './usage.js';

export interface GlobalOptions {
  org?: string;
  as?: string;
  json?: boolean;
}

export interface CliContext {
  config: Config;
  database: OpenDatabase;
  vault: Vault;
  logger: Logger;
  organizationId: string;
  performedBy: string;
  json: boolean;
  /** The lifecycle service; its engine is the job queue (opened on first use). */
  lifecycle(): Promise<Lifecycle>;
  syncDependencies: SyncDependencies;
  /** An integration by id or provider name, in this organization. */
  integration(ref: string): Promise<Integration>;
}

function performer(as: string | undefined): string {
  if (as !== undefined) {
    if (!/^[^@\s]+@[^@\s]+$/.test(as)) throw new CliUsageError(`--as expects an e-mail address, got "${as}"`);
    return as;
  }
  return `cli:${os.userInfo().username}`;
}

export async function withCliContext<T>(options: GlobalOptions, run: (context: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // Logs go to stderr, so stdout holds only results (JSON lines or tables).
  const logger = createLogger({ level: process.env.LOG_LEVEL ? config.logLevel : 'warn', name: 'etl' }, process.stderr);
  let database = await openDatabase(config, logger);
  let engine: RunningEngine | undefined;
  try {
    await prepareDatabase(database.db);
    database = await openAsAppRole(database, logger);
    const vkn = options.org ?? DEMO_ORGANIZATION.vkn;
    const organization = await database.db.selectFrom('organizations').select('id').where('vkn', '=', vkn).executeTakeFirst();
    if (!organization) throw new CliUsageError(`--org: no organization with VKN ${vkn}`);
    const vault = (await loadVault(config)).vault;
    const syncDependencies: SyncDependencies = { db: database.db, pool: database.pool, vault, logger };
    let lifecycle: Lifecycle | undefined;
    const context: CliContext = {
      config, database, vault, logger, organizationId: organization.id, performedBy: performer(options.as), json: options.json === true, syncDependencies,
      async lifecycle() {
        engine ??= await connectEngine(config, { connectionString: (database.owner ?? database).url, sync: { db: database.db, logger } });
        lifecycle ??= createLifecycle({ db: database.db, vault, engine: engine.engine, logger });
        return lifecycle;
      },
      async integration(ref) {
        const provider = ProviderId.safeParse(ref.toLowerCase());
        let query = database.db.selectFrom('integrations').selectAll().where('organization_id', '=', organization.id);
        if (provider.success) query = query.where('provider', '=', provider.data);
        else if (/^[0-9a-f-]{36}$/i.test(ref)) query = query.where('id', '=', ref.toLowerCase());
        else throw new CliUsageError(`"${ref}" is neither an integration id nor a provider (${ProviderId.options.join(', ')})`);
        const row = await query.executeTakeFirst();
        if (!row) throw new IntegrationNotFound(`no integration ${ref} in organization ${vkn}`);
        return row;
      },
    };
    return await run(context);
  } finally {
    await engine?.stop().catch(() => {});
    await database.close();
  }
}
