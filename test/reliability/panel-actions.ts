/**
 * Each action of the access table as an HTTP request against the running panel, with what tells that
 * it was done: an allowed read shows the demo organization's row, an allowed write changes the state it
 * reads before and after. `attempt` classifies one call as allowed or refused, and fails when it is
 * neither (an error, a wrong state) or when a refusal still changed something.
 */
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import { START_DATE } from '../pipeline/harness.js';
import { users, type PanelServer, type SignedIn } from '../admin/panel-server.js';
import { resourceIds, type BuiltInAction, type CustomAction, type ResourceId, type Who } from './panel-access-table.js';

export interface PanelAction {
  kind: 'adminjs' | 'page' | 'route';
  /** Puts the state back where the action applies (e.g. connected before a pause). */
  prepare?(): Promise<void>;
  /** Sent as `as`, the session of `who`. */
  send(as: SignedIn, who: Who): Promise<Response>;
  /** What an allowed call changes and a refused one leaves as it was. */
  state?(): Promise<unknown>;
  /** For a read: the body shows what was asked for. */
  shows?(body: string): boolean;
}

export interface Fixtures {
  /** One row of the demo organization in each resource. */
  ids: Record<ResourceId, string>;
  /** Connected and synced (uyumsoft): pause, resume, test, sync now, edit. */
  integrationId: string;
  /** Connected, for disconnect (crs). */
  disconnectable: string;
  /** An open quarantine entry whose content still cannot be decoded. */
  quarantineId: string;
  lineId: string;
}

type Json = Record<string, unknown>;
const parse = (body: string): Json => { try { return JSON.parse(body) as Json; } catch { return {}; } };
const recordIds = (body: string) => ((parse(body).records ?? []) as { id: unknown }[]).map((r) => String(r.id));

/** The refusal each kind of route answers with; signed out, AdminJS redirects to the sign-in page. */
export function refused(action: PanelAction, who: Who, response: Response, body: string): boolean {
  if (who === 'signed out') return (response.status === 302 && /\/admin\/login$/.test(response.headers.get('location') ?? '')) || response.status === 401 || response.status === 403;
  if (action.kind === 'adminjs') return (parse(body).notice as Json | undefined)?.message === 'forbiddenError';
  if (action.kind === 'page') return new RegExp(`^your role \\(${who}\\) may not `).test(String(parse(body).error ?? ''));
  return response.status === 401 || response.status === 403;
}

/** Sends the action as `who` and says whether it was allowed or refused; throws when it was neither. */
export async function attempt(action: PanelAction, who: Who, session: SignedIn, bodies: string[]): Promise<'allowed' | 'refused'> {
  await action.prepare?.();
  const before = await action.state?.();
  const response = await action.send(session, who);
  const body = await response.text();
  bodies.push(body);
  const changed = action.state ? !isDeepStrictEqual(before, await action.state()) : false;
  if (refused(action, who, response, body)) {
    if (changed) throw new Error(`refused, yet the state changed: ${JSON.stringify(before)}`);
    return 'refused';
  }
  const done = response.status < 400 && (action.state ? changed : action.shows!(body));
  if (done) return 'allowed';
  throw new Error(`neither refused nor done: HTTP ${response.status} ${body.slice(0, 400)}`);
}

export function panelActions(p: PanelServer, f: Fixtures): Record<`${ResourceId}: ${BuiltInAction}` | CustomAction, PanelAction> {
  const db = p.h.database.db;
  const org = p.h.organizationId;
  let serial = 0;
  const next = () => ++serial;
  const status = async (id: string) => (await db.selectFrom('integrations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const setStatus = async (id: string, to: 'connected' | 'paused') => void (await db.updateTable('integrations').set({ status: to }).where('id', '=', id).execute());
  const activityCount = async (action: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM activity_log WHERE organization_id = ${org} AND action_type = ${action}`.execute(db)).rows[0]!.n);
  const page = (body: Json) => (as: SignedIn) => as.post('/admin/api/pages/integrations', body);
  const signOuts = async () => (await db.selectFrom('activity_log').select('id').where('organization_id', '=', org).where('details', '=', 'Signed out of the admin panel').execute()).length;
  return {
    ...builtInActions(p, f, next),
    'quarantined_documents: replay': {
      kind: 'adminjs', send: (as) => as.post(`/admin/api/resources/quarantined_documents/records/${f.quarantineId}/replay`, {}),
      shows: (body) => /^Not loaded: content still cannot be decoded/.test(String((parse(body).notice as Json | undefined)?.message)),
    },
    'inventory_lines: review': {
      kind: 'adminjs',
      async send(as) {
        const { category } = await db.selectFrom('inventory_lines').select('category').where('id', '=', f.lineId).executeTakeFirstOrThrow();
        return as.post(`/admin/api/resources/inventory_lines/records/${f.lineId}/review`, { category: category === 'waste' ? 'freight' : 'waste', createRule: 'false' });
      },
      state: async () => (await db.selectFrom('inventory_lines').select('category').where('id', '=', f.lineId).executeTakeFirstOrThrow()).category,
    },
    'inventory_lines: drillDown': {
      kind: 'adminjs', send: (as) => as.get(`/admin/api/resources/inventory_lines/records/${f.lineId}/drillDown`),
      shows: (body) => (parse(body).origin as { line?: { id?: string } } | undefined)?.line?.id === f.lineId,
    },
    'inventory_lines: exportCsv': { kind: 'adminjs', send: (as) => as.get('/admin/api/resources/inventory_lines/actions/exportCsv'), shows: (body) => body === '{}' },
    'Integrations page: view': { kind: 'page', send: (as) => as.get('/admin/api/pages/integrations'), shows: (body) => JSON.stringify(parse(body).cards ?? []).includes(f.integrationId) },
    'Integrations page: connect': {
      kind: 'page',
      prepare: async () => void (await db.updateTable('integrations').set({ status: 'not_connected', credentials_ciphertext: null, credentials_key_id: null }).where('organization_id', '=', org).where('provider', '=', 'edm').execute()),
      send: page({ action: 'connect', provider: 'edm', startDate: START_DATE, credentials: p.h.simulators.get('edm')!.credentials }),
      state: async () => (await db.selectFrom('integrations').select('status').where('organization_id', '=', org).where('provider', '=', 'edm').executeTakeFirstOrThrow()).status,
    },
    'Integrations page: edit': {
      kind: 'page', send: (as) => page({ action: 'edit', integrationId: f.integrationId, startDate: `2025-01-${String(10 + (next() % 18)).padStart(2, '0')}` })(as),
      state: async () => (await db.selectFrom('integrations').select('start_date').where('id', '=', f.integrationId).executeTakeFirstOrThrow()).start_date,
    },
    'Integrations page: disconnect': {
      kind: 'page',
      async prepare() {
        if ((await status(f.disconnectable)) === 'disconnected') await p.h.connect('crs');
      },
      send: page({ action: 'disconnect', integrationId: f.disconnectable }), state: () => status(f.disconnectable),
    },
    'Integrations page: pause': { kind: 'page', prepare: () => setStatus(f.integrationId, 'connected'), send: page({ action: 'pause', integrationId: f.integrationId }), state: () => status(f.integrationId) },
    'Integrations page: resume': { kind: 'page', prepare: () => setStatus(f.integrationId, 'paused'), send: page({ action: 'resume', integrationId: f.integrationId }), state: () => status(f.integrationId) },
    'Integrations page: testConnection': { kind: 'page', prepare: () => setStatus(f.integrationId, 'connected'), send: page({ action: 'testConnection', integrationId: f.integrationId }), state: () => activityCount('test_connection') },
    'Integrations page: syncNow': { kind: 'page', prepare: () => setStatus(f.integrationId, 'connected'), send: page({ action: 'syncNow', integrationId: f.integrationId }), state: async () => p.h.engine.queued.length },
    'dashboard': { kind: 'adminjs', send: (as) => as.get('/admin/api/dashboard'), shows: (body) => typeof (parse(body).counters as Json | undefined)?.lines === 'number' },
    'GET /admin (the panel)': { kind: 'route', send: (as) => as.get('/admin'), shows: (body) => body.includes('REDUX_STATE') },
    'GET /admin/export/inventory.csv': { kind: 'route', send: (as) => as.get('/admin/export/inventory.csv'), shows: (body) => body.split('\n')[0]!.includes('category') && body.trim().split('\n').length > 1 },
    'GET /admin/invoice/:lineId/rendered': { kind: 'route', send: (as) => as.get(`/admin/invoice/${f.lineId}/rendered`), shows: (body) => /<html/i.test(body) },
    // A session of its own: signing out the shared one would sign out the rest of the table.
    'GET /admin/logout': {
      kind: 'route', send: async (as, who) => (who === 'signed out' ? as : await p.signIn(users[who])).get('/admin/logout'),
      state: signOuts,
    },
    'POST /admin/language': { kind: 'route', send: (as) => as.post('/admin/language', { language: 'en' }), shows: (body) => body === '{"language":"en"}' },
  };
}

/** What `new` and `edit` send to each resource: valid where an admin may write, plausible elsewhere. */
const newPayloads: Record<ResourceId, (n: number) => Json> = {
  integrations: () => ({ provider: 'isnet', status: 'connected' }),
  activity_log: (n) => ({ action_type: 'connect', details: `forged ${n}`, status: 'success', performed_by: 'x' }),
  sync_runs: () => ({ trigger: 'manual', status: 'succeeded' }),
  quarantined_documents: (n) => ({ provider: 'edm', stage: 'extract', reason: `forged ${n}`, payload: 'x', payload_sha256: 'x' }),
  inventory_lines: (n) => ({ description: `forged ${n}` }),
  invoices: (n) => ({ number: `FORGED${n}` }),
  source_documents: (n) => ({ provider: 'edm', ettn: `forged-${n}`, xml: '<x/>', sha256: 'x' }),
  classification_rules: (n) => ({ supplier_vkn: String(1_000_000_000 + n), category: 'waste', priority: n, created_by: 'admin@demo.test' }),
  emission_factors: (n) => ({ key: `forged.${n}`, edition: 'x', unit: 'kWh', value: '1', source: 'x', licence: 'x' }),
  admin_users: (n) => ({ email: `new-${n}@demo.test`, name: 'New', role: 'analyst', password: `a new password ${n}` }),
};
const editedColumn: Record<ResourceId, string> = {
  integrations: 'last_error', activity_log: 'details', sync_runs: 'error', quarantined_documents: 'reason', inventory_lines: 'description',
  invoices: 'number', source_documents: 'provider_ref', classification_rules: 'priority', emission_factors: 'source', admin_users: 'name',
};

function builtInActions(p: PanelServer, f: Fixtures, next: () => number): Record<`${ResourceId}: ${BuiltInAction}`, PanelAction> {
  const db = p.h.database.db;
  const table = (resource: ResourceId) => sql.table(resource);
  const row = async (resource: ResourceId, id: string) => (await sql<Json>`SELECT * FROM ${table(resource)} WHERE id::text = ${id}`.execute(db)).rows[0] ?? null;
  const count = async (resource: ResourceId) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${table(resource)}`.execute(db)).rows[0]!.n);
  /** A row made to be deleted where an admin may delete; elsewhere the fixture row (a refusal leaves it). */
  const disposable = async (resource: ResourceId): Promise<string> => {
    const n = next();
    if (resource === 'admin_users') return (await db.insertInto('admin_users').values({ organization_id: p.h.organizationId, email: `gone-${n}@demo.test`, role: 'analyst', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow()).id;
    if (resource === 'classification_rules') return (await db.insertInto('classification_rules').values({ organization_id: p.h.organizationId, supplier_vkn: String(2_000_000_000 + n), category: 'waste', created_by: 'x' }).returning('id').executeTakeFirstOrThrow()).id;
    return f.ids[resource];
  };
  const api = (resource: ResourceId) => `/admin/api/resources/${resource}`;
  const entries = resourceIds.flatMap((resource) => {
    const id = f.ids[resource];
    let target = id;
    const removable = (send: (as: SignedIn) => Promise<Response>): PanelAction => ({
      kind: 'adminjs', prepare: async () => void (target = await disposable(resource)), send, state: async () => (await row(resource, target)) !== null,
    });
    const actions: Record<BuiltInAction, PanelAction> = {
      list: { kind: 'adminjs', send: (as) => as.get(`${api(resource)}/actions/list?filters.id=${id}`), shows: (body) => recordIds(body).includes(id) },
      search: { kind: 'adminjs', send: (as) => as.get(`${api(resource)}/actions/search?filters.id=${id}`), shows: (body) => recordIds(body).includes(id) },
      show: { kind: 'adminjs', send: (as) => as.get(`${api(resource)}/records/${id}/show`), shows: (body) => String((parse(body).record as Json | undefined)?.id) === id },
      new: { kind: 'adminjs', send: (as) => as.post(`${api(resource)}/actions/new`, newPayloads[resource](next())), state: () => count(resource) },
      edit: {
        kind: 'adminjs', send: (as) => as.post(`${api(resource)}/records/${id}/edit`, { [editedColumn[resource]]: resource === 'source_documents' ? '{"forged":true}' : String(next()) }),
        state: () => row(resource, id),
      },
      delete: removable((as) => as.post(`${api(resource)}/records/${target}/delete`, {})),
      bulkDelete: removable((as) => as.post(`${api(resource)}/bulk/bulkDelete?recordIds=${target}`, {})),
    };
    return Object.entries(actions).map(([action, spec]) => [`${resource}: ${action}`, spec] as const);
  });
  return Object.fromEntries(entries) as Record<`${ResourceId}: ${BuiltInAction}`, PanelAction>;
}
