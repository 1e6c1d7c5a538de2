/**
 * The panel's resources over the adapter: what each list shows and filters, who may do what, and the
 * custom actions (Replay, Review, the line's drill-down, CSV export). Secrets never leave: write-only
 * columns are dropped by the adapter and stripped again in an after hook of every action.
 */
import type { ActionContext, ActionRequest, ActionResponse, After, ResourceWithOptions } from 'adminjs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { introspect } from './adapter/resource.js';
import { hashPassword } from './passwords.js';
import { allows, builtInActions, allowed, userOf, type Permission } from './roles.js';
import { reviewAction } from './review.js';
import { drillDownAction } from './drill-down.js';
import { replayAction } from './replay-action.js';
import type { SyncDependencies } from '../pipelines/sync.js';

/** Never in a response, whatever the table. */
export const SECRET_FIELDS = ['password', 'password_hash', 'credentials_ciphertext', 'credentials_key_id'] as const;

function withoutSecrets(params: Record<string, unknown> | undefined): void {
  if (!params) return;
  for (const key of Object.keys(params)) if (SECRET_FIELDS.some((s) => key === s || key.startsWith(`${s}.`))) delete params[key];
}

export const stripSecrets: After<ActionResponse> = async (response) => {
  withoutSecrets(response.record?.params);
  for (const record of response.records ?? []) withoutSecrets(record.params);
  return response;
};

/** The registered tables and who may read each. */
const READERS = {
  integrations: 'readData', sync_runs: 'readOperations', activity_log: 'readData', invoices: 'readData', inventory_lines: 'readData',
  quarantined_documents: 'readOperations', classification_rules: 'readData', admin_users: 'manageUsers', emission_factors: 'readData', source_documents: 'readOperations',
} as const satisfies Record<string, Permission>;
type Registered = keyof typeof READERS;
const REGISTERED = Object.keys(READERS);

/**
 * AdminJS embeds each referenced row in a record (`populated`): an inventory line carries its source
 * document's XML, an activity entry its run. Only rows of resources the user may read stay, so a role
 * reads through a reference no more than it may read directly.
 */
export const readableReferences: After<ActionResponse> = async (response, _request, context) => {
  const user = userOf(context);
  for (const record of [response.record, ...(response.records ?? [])]) {
    const populated: Record<string, unknown> | undefined = record?.populated;
    if (!populated) continue;
    for (const path of Object.keys(populated)) {
      const table = context.resource.property(path)?.reference();
      if (!(table && table in READERS && allows(user, READERS[table as Registered]))) delete populated[path];
    }
  }
  return response;
};

export interface ResourceDependencies {
  db: Kysely<Database>;
  sync: Pick<SyncDependencies, 'db' | 'pool'>;
  components: Record<'ReviewLine' | 'DrillDown' | 'ExportCsv', string>;
}

type ActionSpec = { after?: After<ActionResponse>[] } & Record<string, unknown>;

/** Every action's response passes readableReferences and stripSecrets last. */
function hardened(actions: Record<string, ActionSpec>): Record<string, ActionSpec> {
  return Object.fromEntries(Object.entries(actions).map(([name, action]) => [name, { ...action, after: [...(action.after ?? []), readableReferences, stripSecrets] }]));
}

/**
 * A user's password_hash comes only from hashing the `password` typed in: a hash sent as such is
 * dropped. AdminJS runs before-hooks ahead of its access check, so nothing is hashed (scrypt costs)
 * for a user who may not manage users; the action is refused right after.
 */
async function hashNewPassword(request: ActionRequest, context: ActionContext): Promise<ActionRequest> {
  const payload = request.payload;
  if (!payload) return request;
  const { password, password_hash: _sentHash, ...rest } = payload;
  const hashed = typeof password === 'string' && password !== '' && allows(userOf(context), 'manageUsers');
  return { ...request, payload: hashed ? { ...rest, password_hash: await hashPassword(password) } : rest };
}

const operations = { name: 'Operations', icon: 'Activity' };
const data = { name: 'Data', icon: 'Database' };

export async function panelResources({ db, sync, components }: ResourceDependencies): Promise<ResourceWithOptions[]> {
  const table = (name: string, writeOnly: string[] = []) => introspect(db, name, { writeOnly, resources: REGISTERED });
  return [
    {
      resource: await table('integrations', ['credentials_ciphertext', 'credentials_key_id']),
      options: {
        navigation: false, titleProperty: 'provider',
        actions: hardened(builtInActions(READERS.integrations, null)),
      },
    },
    {
      resource: await table('activity_log'),
      options: {
        id: 'activity_log', navigation: operations, sort: { sortBy: 'occurred_at', direction: 'desc' },
        listProperties: ['occurred_at', 'action_type', 'details', 'provider', 'status', 'performed_by'],
        filterProperties: ['action_type', 'provider', 'status', 'performed_by', 'occurred_at'],
        actions: hardened(builtInActions(READERS.activity_log, null)),
      },
    },
    {
      resource: await table('sync_runs'),
      options: {
        navigation: operations, sort: { sortBy: 'created_at', direction: 'desc' },
        properties: { duration: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false } } },
        listProperties: ['integration_id', 'trigger', 'status', 'window_from', 'window_to', 'duration', 'invoices_new', 'invoices_updated', 'invoices_unchanged', 'quarantined', 'error'],
        filterProperties: ['integration_id', 'trigger', 'status', 'started_at', 'error'],
        actions: hardened({ ...builtInActions(READERS.sync_runs, null), list: { isAccessible: allowed(READERS.sync_runs), after: [withDuration] }, show: { isAccessible: allowed(READERS.sync_runs), after: [withDuration] } }),
      },
    },
    {
      resource: await table('quarantined_documents'),
      options: {
        navigation: operations, sort: { sortBy: 'created_at', direction: 'desc' },
        listProperties: ['created_at', 'provider', 'ettn', 'stage', 'reason', 'resolved_at'],
        filterProperties: ['provider', 'stage', 'ettn', 'resolved_at', 'created_at'],
        actions: hardened({ ...builtInActions(READERS.quarantined_documents, null), replay: replayAction(sync) }),
      },
    },
    {
      resource: await table('inventory_lines'),
      options: {
        navigation: data, sort: { sortBy: 'issue_date', direction: 'desc' },
        listProperties: ['description', 'supplier_name', 'document_number', 'activity_period_start', 'quantity', 'unit', 'net_amount', 'currency', 'method', 'category', 'scope', 'kg_co2e', 'confidence', 'status'],
        filterProperties: ['description', 'supplier_name', 'supplier_vkn', 'document_number', 'issue_date', 'activity_period_start', 'quantity', 'unit', 'net_amount', 'currency', 'method', 'category', 'scope', 'kg_co2e', 'confidence', 'status', 'integration_id'],
        actions: hardened({
          ...builtInActions(READERS.inventory_lines, null),
          review: reviewAction(db, components.ReviewLine),
          drillDown: drillDownAction(db, components.DrillDown),
          exportCsv: { actionType: 'resource', icon: 'Download', component: components.ExportCsv, isAccessible: allowed('export'), handler: async () => ({}) },
        }),
      },
    },
    { resource: await table('invoices'), options: { navigation: data, actions: hardened(builtInActions(READERS.invoices, null)) } },
    { resource: await table('source_documents'), options: { navigation: false, actions: hardened(builtInActions(READERS.source_documents, null)) } },
    {
      resource: await table('classification_rules'),
      options: { navigation: data, actions: hardened(builtInActions(READERS.classification_rules, 'manageUsers')) },
    },
    { resource: await table('emission_factors'), options: { navigation: data, actions: hardened(builtInActions(READERS.emission_factors, null)) } },
    {
      resource: await table('admin_users', ['password_hash']),
      options: {
        navigation: { name: 'Administration', icon: 'User' },
        properties: { password: { type: 'password', isVisible: { list: false, show: false, filter: false, edit: true } }, last_login_at: { isVisible: { edit: false, list: true, show: true, filter: true } } },
        listProperties: ['email', 'name', 'role', 'language', 'last_login_at', 'created_at'],
        actions: hardened({
          ...builtInActions(READERS.admin_users, 'manageUsers'),
          new: { isAccessible: allowed('manageUsers'), before: [hashNewPassword] },
          edit: { isAccessible: allowed('manageUsers'), before: [hashNewPassword] },
        }),
      },
    },
  ];
}

const withDuration: After<ActionResponse> = async (response) => {
  for (const record of [...(response.records ?? []), ...(response.record ? [response.record] : [])]) {
    const p = record.params;
    const started = p.started_at ? new Date(String(p.started_at)).getTime() : NaN;
    const finished = p.finished_at ? new Date(String(p.finished_at)).getTime() : NaN;
    p.duration = Number.isFinite(started) && Number.isFinite(finished) ? `${((finished - started) / 1000).toFixed(1)} s` : '';
  }
  return response;
};
