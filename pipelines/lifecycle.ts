/**
 * The integration lifecycle service: the only way the CLI, the panel and both engines change an
 * integration. Every step writes the Activity Log with who did it (a user's e-mail or `system`):
 * connect (validate, test first, encrypt, queue the backfill), edit (re-test when credentials or the
 * endpoint change; a moved start date backfills only the gap), pause, resume, disconnect (credentials
 * erased, data kept, the running sync stopped), test connection, sync now.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, Integration, SyncTrigger } from '../db/schema.js';
import type { Vault } from '../db/vault.js';
import { providerNames, type ProviderId } from '../domain/providers.js';
import type { Logger } from '../domain/logging.js';
import { IsoDate } from '../extractors/contract.js';
import { ExtractorError } from '../extractors/errors.js';
import type { ExtractorOptions } from '../extractors/options.js';
import { logActivity } from './activity.js';
import { credentialContext, extractorForIntegration, openCredentials, registryExtractorFactory, type ExtractorFactory } from './dependencies.js';
import { ConnectionRefused, IntegrationNotFound, InvalidInput, InvalidTransition } from './errors.js';
import { activeRun } from './runs.js';
import { displayStatus, type DisplayStatus } from './status.js';
import { changeStartDate, initialSyncState, readSyncState } from './sync-state.js';

/** What runs syncs: the local engine (pg-boss) or Trigger.dev. */
export interface SyncEngine {
  /**
   * Queues a sync; at most one job per integration waits at a time. Returns the job id, or null when one already
   * waits. `requestedAt` (default now) is when the request found no run active: a run that started since covers it.
   */
  enqueue(integrationId: string, trigger: SyncTrigger, performedBy: string, requestedAt?: Date): Promise<string | null>;
  /** Stops the integration's running sync if this engine runs it; others notice the status change within a poll. */
  cancel(integrationId: string): Promise<void>;
}

export interface LifecycleDependencies {
  db: Kysely<Database>;
  vault: Vault;
  engine: SyncEngine;
  logger: Logger;
  extractors?: ExtractorFactory;
  extractorOptions?: Partial<ExtractorOptions>;
  /** How long a connection test may take. */
  testTimeoutMs?: number;
  now?: () => Date;
}

export interface IntegrationCard {
  id: string;
  provider: ProviderId;
  providerName: string;
  status: DisplayStatus;
  storedStatus: Integration['status'];
  startDate: string | null;
  endpointUrl: string | null;
  lastSuccessfulSyncAt: Date | null;
  lastError: string | null;
  recordsImported: number;
  documentsFetched: number;
  responsible: string | null;
  activeRunId: string | null;
}

export interface ConnectInput {
  organizationId: string;
  provider: ProviderId;
  /** The provider's own form: username + password (+ VKN for QNB), or the VKN for İşNet. */
  credentials: Record<string, unknown>;
  startDate: string;
  endpointUrl?: string;
  performedBy: string;
}

export interface EditInput {
  credentials?: Record<string, unknown>;
  startDate?: string;
  endpointUrl?: string;
}

const EndpointUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' });

function problemsOf(error: z.ZodError, prefix = ''): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: prefix + (i.path.join('.') || 'value'), message: i.message }));
}

export function createLifecycle(deps: LifecycleDependencies) {
  const { db, vault, engine, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const factory = deps.extractors ?? registryExtractorFactory;

  async function load(integrationId: string, organizationId?: string): Promise<Integration> {
    let query = db.selectFrom('integrations').selectAll().where('id', '=', integrationId);
    if (organizationId) query = query.where('organization_id', '=', organizationId);
    const row = await query.executeTakeFirst();
    if (!row) throw new IntegrationNotFound(`integration ${integrationId} not found`);
    return row;
  }

  const activityOf = (integration: Integration) => ({ organizationId: integration.organization_id, integrationId: integration.id, provider: integration.provider });

  function validStartDate(value: string, field = 'startDate'): string {
    const parsed = IsoDate.safeParse(value);
    if (!parsed.success) throw new InvalidInput([{ field, message: parsed.error.issues[0]?.message ?? 'expected YYYY-MM-DD' }]);
    if (parsed.data > now().toISOString().slice(0, 10)) throw new InvalidInput([{ field, message: `${value} is in the future` }]);
    return parsed.data;
  }

  function validEndpoint(value: string): string {
    const parsed = EndpointUrl.safeParse(value);
    if (!parsed.success) throw new InvalidInput([{ field: 'endpointUrl', message: parsed.error.issues[0]?.message ?? 'expected a URL' }]);
    return parsed.data;
  }

  /** Calls the provider with these credentials; a refusal carries the provider's own reason. */
  async function test(integration: Pick<Integration, 'provider' | 'endpoint_url'>, credentials: unknown): Promise<void> {
    let extractor;
    try {
      extractor = extractorForIntegration(factory, integration, logger, deps.extractorOptions);
    } catch (error) {
      throw new ConnectionRefused(error instanceof Error ? error.message : String(error), 'setup');
    }
    try {
      await extractor.testConnection(credentials, AbortSignal.timeout(deps.testTimeoutMs ?? 30_000));
    } catch (error) {
      if (error instanceof ExtractorError) throw new ConnectionRefused(error.message, error.kind);
      if (error instanceof Error && error.name === 'TimeoutError') throw new ConnectionRefused(`${providerNames[integration.provider]} did not answer the connection test in time`, 'transient');
      throw error;
    } finally {
      await extractor.close().catch(() => {});
    }
  }

  function parseCredentials(provider: ProviderId, credentials: Record<string, unknown>): unknown {
    const schema = factory(provider, { baseUrl: 'http://127.0.0.1/' }).credentials;
    const parsed = schema.safeParse(credentials);
    if (!parsed.success) throw new InvalidInput(problemsOf(parsed.error, 'credentials.'));
    return parsed.data;
  }

  function seal(integrationId: string, credentials: unknown) {
    const sealed = vault.seal(JSON.stringify(credentials), credentialContext(integrationId));
    return { credentials_key_id: sealed.keyId, credentials_ciphertext: sealed.ciphertext };
  }

  async function withActivityOnRefusal<T>(integration: Integration, action: 'connect' | 'edit' | 'test_connection', performedBy: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof ConnectionRefused || error instanceof InvalidInput) {
        await logActivity(db, { ...activityOf(integration), action, status: 'error', performedBy, details: `${action === 'test_connection' ? 'Connection test' : action === 'connect' ? 'Connect' : 'Edit'} refused: ${error.message}` });
      }
      throw error;
    }
  }

  return {
    async list(organizationId: string): Promise<IntegrationCard[]> {
      const rows = await db
        .selectFrom('integrations as i')
        .leftJoin('admin_users as u', 'u.id', 'i.responsible_user_id')
        .selectAll('i')
        .select(['u.email as responsible_email'])
        .select((eb) => eb.selectFrom('sync_runs as r').select('r.id').whereRef('r.integration_id', '=', 'i.id').where('r.status', 'in', ['queued', 'running']).limit(1).as('active_run_id'))
        .where('i.organization_id', '=', organizationId)
        .orderBy('i.provider')
        .execute();
      return rows.map((r) => ({
        id: r.id, provider: r.provider, providerName: providerNames[r.provider], status: displayStatus(r.status, r.active_run_id !== null), storedStatus: r.status,
        startDate: r.start_date, endpointUrl: r.endpoint_url, lastSuccessfulSyncAt: r.last_successful_sync_at, lastError: r.last_error,
        recordsImported: r.records_imported, documentsFetched: r.documents_fetched, responsible: r.responsible_email ?? r.connected_by, activeRunId: r.active_run_id,
      }));
    },

    async connect(input: ConnectInput): Promise<Integration> {
      const existing = await db.selectFrom('integrations').selectAll().where('organization_id', '=', input.organizationId).where('provider', '=', input.provider).executeTakeFirst();
      const integration = existing ?? (await db.insertInto('integrations').values({ organization_id: input.organizationId, provider: input.provider, updated_by: input.performedBy }).returningAll().executeTakeFirstOrThrow());
      if (!['not_connected', 'disconnected'].includes(integration.status)) throw new InvalidTransition(`${providerNames[input.provider]} is already connected (${integration.status}); edit it instead`);
      return withActivityOnRefusal(integration, 'connect', input.performedBy, async () => {
        const credentials = parseCredentials(input.provider, input.credentials);
        const startDate = validStartDate(input.startDate);
        const endpointUrl = input.endpointUrl !== undefined ? validEndpoint(input.endpointUrl) : integration.endpoint_url;
        await test({ provider: input.provider, endpoint_url: endpointUrl }, credentials);
        const connected = await db
          .updateTable('integrations')
          .set({
            ...seal(integration.id, credentials), status: 'connected', start_date: startDate, endpoint_url: endpointUrl,
            checkpoint: JSON.stringify(initialSyncState(input.provider, startDate)), last_error: null, connected_by: input.performedBy,
            connected_at: now(), updated_by: input.performedBy, updated_at: now(),
          })
          .where('id', '=', integration.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await logActivity(db, { ...activityOf(connected), action: 'connect', status: 'success', performedBy: input.performedBy, details: `Connected ${providerNames[input.provider]} from ${startDate}; the backfill is queued` });
        await engine.enqueue(connected.id, 'connect', input.performedBy);
        return connected;
      });
    },

    async edit(integrationId: string, input: EditInput, performedBy: string, organizationId?: string): Promise<Integration> {
      const integration = await load(integrationId, organizationId);
      if (['not_connected', 'disconnected'].includes(integration.status)) throw new InvalidTransition(`${providerNames[integration.provider]} is not connected; connect it instead`);
      return withActivityOnRefusal(integration, 'edit', performedBy, async () => {
        const changes: string[] = [];
        const credentials = input.credentials ? parseCredentials(integration.provider, input.credentials) : undefined;
        const endpointUrl = input.endpointUrl !== undefined ? validEndpoint(input.endpointUrl) : integration.endpoint_url;
        if (credentials !== undefined || endpointUrl !== integration.endpoint_url) {
          await test({ provider: integration.provider, endpoint_url: endpointUrl }, credentials ?? openCredentials(vault, integration));
          if (credentials !== undefined) changes.push('credentials (tested)');
          if (endpointUrl !== integration.endpoint_url) changes.push(`endpoint ${endpointUrl}`);
        }
        let checkpoint: string | undefined;
        let startDate = integration.start_date;
        if (input.startDate !== undefined && integration.start_date) {
          startDate = validStartDate(input.startDate);
          const change = changeStartDate(readSyncState(integration.checkpoint, integration.provider, integration.start_date), integration.provider, integration.start_date, startDate);
          if (change.effect !== 'unchanged') {
            checkpoint = JSON.stringify(change.state);
            changes.push(change.effect === 'gap_backfill'
              ? `start date ${integration.start_date} → ${startDate}: only the gap before ${integration.start_date} is backfilled`
              : `start date ${integration.start_date} → ${startDate}: data already loaded before ${startDate} is kept`);
          }
        }
        const updated = await db
          .updateTable('integrations')
          .set({
            ...(credentials !== undefined ? seal(integration.id, credentials) : {}), endpoint_url: endpointUrl, start_date: startDate,
            ...(checkpoint ? { checkpoint } : {}), ...(credentials !== undefined && integration.status === 'error' ? { status: 'connected', last_error: null } : {}),
            updated_by: performedBy, updated_at: now(),
          })
          .where('id', '=', integration.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await logActivity(db, { ...activityOf(updated), action: 'edit', status: 'success', performedBy, details: changes.length ? `Edited: ${changes.join('; ')}` : 'Edited: nothing changed' });
        if (checkpoint && updated.status === 'connected') await engine.enqueue(updated.id, 'backfill', performedBy);
        return updated;
      });
    },

    async pause(integrationId: string, performedBy: string, organizationId?: string): Promise<Integration> {
      const integration = await load(integrationId, organizationId);
      if (!['connected', 'error', 'syncing'].includes(integration.status)) throw new InvalidTransition(`${providerNames[integration.provider]} is ${integration.status.replace('_', ' ')}: only a connected integration can be paused`);
      const paused = await db.updateTable('integrations').set({ status: 'paused', updated_by: performedBy, updated_at: now() }).where('id', '=', integration.id).returningAll().executeTakeFirstOrThrow();
      await engine.cancel(integration.id);
      await logActivity(db, { ...activityOf(paused), action: 'pause', status: 'success', performedBy, details: 'Paused: no data flows until it is resumed; a running sync was stopped' });
      return paused;
    },

    async resume(integrationId: string, performedBy: string, organizationId?: string): Promise<Integration> {
      const integration = await load(integrationId, organizationId);
      if (integration.status !== 'paused') throw new InvalidTransition(`${providerNames[integration.provider]} is not paused`);
      const resumed = await db.updateTable('integrations').set({ status: 'connected', updated_by: performedBy, updated_at: now() }).where('id', '=', integration.id).returningAll().executeTakeFirstOrThrow();
      await logActivity(db, { ...activityOf(resumed), action: 'resume', status: 'success', performedBy, details: 'Resumed: a sync is queued to catch up' });
      await engine.enqueue(resumed.id, 'manual', performedBy);
      return resumed;
    },

    async disconnect(integrationId: string, performedBy: string, organizationId?: string): Promise<Integration> {
      const integration = await load(integrationId, organizationId);
      if (['not_connected', 'disconnected'].includes(integration.status)) throw new InvalidTransition(`${providerNames[integration.provider]} is not connected`);
      const disconnected = await db
        .updateTable('integrations')
        .set({ status: 'disconnected', credentials_key_id: null, credentials_ciphertext: null, updated_by: performedBy, updated_at: now() })
        .where('id', '=', integration.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await engine.cancel(integration.id);
      await logActivity(db, { ...activityOf(disconnected), action: 'disconnect', status: 'success', performedBy, details: 'Disconnected: credentials erased, data already imported kept' });
      return disconnected;
    },

    async testConnection(integrationId: string, performedBy: string, organizationId?: string): Promise<{ ok: true }> {
      const integration = await load(integrationId, organizationId);
      return withActivityOnRefusal(integration, 'test_connection', performedBy, async () => {
        let credentials: unknown;
        try {
          credentials = openCredentials(vault, integration);
        } catch (error) {
          throw new ConnectionRefused(error instanceof Error ? error.message : String(error), 'setup');
        }
        await test(integration, credentials);
        await logActivity(db, { ...activityOf(integration), action: 'test_connection', status: 'success', performedBy, details: `${providerNames[integration.provider]} accepted the stored credentials` });
        return { ok: true as const };
      });
    },

    async syncNow(integrationId: string, performedBy: string, organizationId?: string): Promise<{ status: 'queued'; jobId: string | null } | { status: 'already_running'; runId: string }> {
      const integration = await load(integrationId, organizationId);
      if (!['connected', 'error'].includes(integration.status)) throw new InvalidTransition(`${providerNames[integration.provider]} is ${integration.status.replace('_', ' ')}: only a connected integration syncs`);
      const requestedAt = new Date(); // before the look, so a run recorded just after it still covers this request
      const running = await activeRun(db, integration.id);
      if (running) return { status: 'already_running', runId: running.id };
      return { status: 'queued', jobId: await engine.enqueue(integration.id, 'manual', performedBy, requestedAt) };
    },
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
