/**
 * The Integrations page's server side: the overview, one card per provider (from the lifecycle service,
 * with the running import's progress and this month's records) and the card actions. Every change goes
 * through the lifecycle service, scoped to the user's organization, after a role check.
 */
import type { PageHandler } from 'adminjs';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { providerIds, providerNames, ProviderId } from '../domain/providers.js';
import { registryExtractorFactory } from '../pipelines/dependencies.js';
import { ConnectionRefused, InvalidInput, LifecycleError } from '../pipelines/errors.js';
import type { IntegrationCard, Lifecycle } from '../pipelines/lifecycle.js';
import { allows, userOf, type Permission } from './roles.js';

export const providerDescriptions: Record<ProviderId, string> = {
  edm: 'e-Fatura and e-Arşiv inbox over the EDM SOAP web service',
  qnb: 'Incoming e-invoices from QNB e-Solutions (connector web service)',
  crs: 'CRS Soft e-Fatura REST API',
  isnet: 'İşNet e-Fatura web service, identified by the company VKN',
  uyumsoft: 'Uyumsoft e-Fatura integration web service',
};

const fieldLabels: Record<string, string> = { username: 'Kullanıcı Adı / Username', password: 'Parola / Password', vkn: 'VKN (Vergi Kimlik No)' };

type Field = { name: string; label: string; secret: boolean };
const fieldsByProvider = new Map<ProviderId, Field[]>();

/** The connect form of a provider: the fields of its extractor's credential schema (read once). */
export function providerFields(provider: ProviderId): Field[] {
  const known = fieldsByProvider.get(provider);
  if (known) return known;
  const schema = registryExtractorFactory(provider, { baseUrl: 'http://127.0.0.1/' }).credentials;
  const fields = (schema instanceof z.ZodObject ? Object.keys(schema.shape) : []).map((name) => ({ name, label: fieldLabels[name] ?? name, secret: name === 'password' }));
  fieldsByProvider.set(provider, fields);
  return fields;
}

const Action = z.discriminatedUnion('action', [
  z.object({ action: z.literal('connect'), provider: ProviderId, startDate: z.string(), credentials: z.record(z.string(), z.string()) }),
  z.object({ action: z.literal('edit'), integrationId: z.string(), startDate: z.string().optional(), credentials: z.record(z.string(), z.string()).optional() }),
  z.object({ action: z.enum(['pause', 'resume', 'testConnection', 'syncNow', 'disconnect']), integrationId: z.string() }),
]);
type Action = z.infer<typeof Action>;

const permissionOf: Record<Action['action'], Permission> = {
  connect: 'connect', edit: 'connect', disconnect: 'connect', pause: 'operate', resume: 'operate', testConnection: 'operate', syncNow: 'operate',
};

export interface ProgressView { share: number | null; documents: number; lines: number; pages: number }

async function progressAndMonth(db: Kysely<Database>, organizationId: string) {
  const runs = await db.selectFrom('sync_runs').select(['integration_id', 'progress']).where('organization_id', '=', organizationId).where('status', 'in', ['queued', 'running']).execute();
  // From the runs (few rows), not by counting the inventory (millions): lines loaded by runs started this month.
  const { rows } = await sql<{ integration_id: string; n: string }>`
    SELECT integration_id, sum(lines) AS n FROM sync_runs
    WHERE organization_id = ${organizationId} AND created_at >= date_trunc('month', now()) GROUP BY integration_id`.execute(db);
  const progress = new Map<string, ProgressView>();
  for (const run of runs) {
    const p = run.progress && typeof run.progress === 'object' && !Array.isArray(run.progress) ? run.progress : {};
    const num = (v: unknown) => (typeof v === 'number' ? v : 0);
    progress.set(run.integration_id, { share: typeof p.share === 'number' ? p.share : null, documents: num(p.documents), lines: num(p.lines), pages: num(p.pages) });
  }
  return { progress, month: new Map(rows.map((r) => [r.integration_id, Number(r.n)])) };
}

function cardView(provider: ProviderId, card: IntegrationCard | undefined, extra: Awaited<ReturnType<typeof progressAndMonth>>) {
  return {
    provider, name: providerNames[provider], description: providerDescriptions[provider], fields: providerFields(provider),
    id: card?.id ?? null, status: card?.status ?? 'Not Connected', startDate: card?.startDate ?? null,
    lastSuccessfulSyncAt: card?.lastSuccessfulSyncAt?.toISOString() ?? null, lastError: card?.lastError ?? null,
    recordsImported: card?.recordsImported ?? 0, recordsThisMonth: card ? (extra.month.get(card.id) ?? 0) : 0,
    responsible: card?.responsible ?? null, progress: card ? (extra.progress.get(card.id) ?? null) : null,
  };
}

export function integrationsPageHandler(db: Kysely<Database>, lifecycle: Lifecycle): PageHandler {
  return async (request, _response, context) => {
    const user = userOf(context);
    if (!user) return { error: 'not signed in' };
    const may = { connect: allows(user, 'connect'), operate: allows(user, 'operate') };
    if (request.method === 'post') {
      const parsed = Action.safeParse(request.payload);
      if (!parsed.success) return { error: `invalid request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
      if (!allows(user, permissionOf[parsed.data.action])) return { error: `your role (${user.role}) may not ${parsed.data.action}` };
      try {
        return { ok: true, result: await perform(lifecycle, parsed.data, user.email, user.organizationId) };
      } catch (error) {
        if (error instanceof InvalidInput) return { error: error.message, problems: error.problems };
        if (error instanceof ConnectionRefused) return { error: error.message, refused: error.kind };
        if (error instanceof LifecycleError) return { error: error.message };
        throw error;
      }
    }
    const cards = await lifecycle.list(user.organizationId);
    const extra = await progressAndMonth(db, user.organizationId);
    const views = providerIds.map((provider) => cardView(provider, cards.find((c) => c.provider === provider), extra));
    const connected = views.filter((v) => v.status !== 'Not Connected');
    return { may, overview: { connected: connected.length, recordsImported: views.reduce((sum, v) => sum + v.recordsImported, 0) }, cards: views };
  };
}

async function perform(lifecycle: Lifecycle, action: Action, performedBy: string, organizationId: string): Promise<unknown> {
  switch (action.action) {
    case 'connect': {
      const integration = await lifecycle.connect({ organizationId, provider: action.provider, credentials: action.credentials, startDate: action.startDate, performedBy });
      return { id: integration.id, status: integration.status };
    }
    case 'edit': {
      const integration = await lifecycle.edit(action.integrationId, { ...(action.credentials ? { credentials: action.credentials } : {}), ...(action.startDate ? { startDate: action.startDate } : {}) }, performedBy, organizationId);
      return { id: integration.id, status: integration.status };
    }
    case 'syncNow':
      return lifecycle.syncNow(action.integrationId, performedBy, organizationId);
    case 'testConnection':
      return lifecycle.testConnection(action.integrationId, performedBy, organizationId);
    default: {
      const integration = await lifecycle[action.action](action.integrationId, performedBy, organizationId);
      return { id: integration.id, status: integration.status };
    }
  }
}
