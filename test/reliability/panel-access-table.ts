/**
 * Who may do what in the admin panel, as data: the expected allow/deny of every role for every AdminJS
 * action of every resource, the custom actions, the Integrations page's actions and the panel's own routes.
 * From DESIGN.md ("Who uses it") and admin/roles.ts: an admin connects, edits, disconnects and manages
 * users; a data engineer watches runs, syncs now, pauses, resumes, tests and replays; an analyst browses
 * the Data Inventory, results and Activity Log, reviews lines and exports CSV. Nobody writes through the
 * generic actions what a service owns (integrations, runs, the append-only log, the inventory, factors):
 * those change only through the lifecycle, the pipeline, review and replay. Signed out, nothing is allowed.
 */
export const roles = ['admin', 'engineer', 'analyst'] as const;
export type Role = (typeof roles)[number];
/** Each cell is checked for the three roles and for a client that is not signed in. */
export type Who = Role | 'signed out';
export const everyone: readonly Who[] = [...roles, 'signed out'];

const ALL: readonly Role[] = ['admin', 'engineer', 'analyst'];
const OPERATORS: readonly Role[] = ['admin', 'engineer'];
const ADMIN: readonly Role[] = ['admin'];
const ADMIN_AND_ANALYST: readonly Role[] = ['admin', 'analyst'];
const NOBODY: readonly Role[] = [];

/** AdminJS's built-in actions: reading ones (list, search, show) and writing ones (new, edit, delete, bulkDelete). */
export const readActions = ['list', 'search', 'show'] as const;
export const writeActions = ['new', 'edit', 'delete', 'bulkDelete'] as const;
export type BuiltInAction = (typeof readActions)[number] | (typeof writeActions)[number];

export const resourceAccess = {
  integrations: { read: ALL, write: NOBODY },
  activity_log: { read: ALL, write: NOBODY },
  sync_runs: { read: OPERATORS, write: NOBODY },
  quarantined_documents: { read: OPERATORS, write: NOBODY },
  inventory_lines: { read: ALL, write: NOBODY },
  invoices: { read: ALL, write: NOBODY },
  source_documents: { read: OPERATORS, write: NOBODY },
  classification_rules: { read: ALL, write: ADMIN },
  emission_factors: { read: ALL, write: NOBODY },
  admin_users: { read: ADMIN, write: ADMIN },
} as const satisfies Record<string, { read: readonly Role[]; write: readonly Role[] }>;
export type ResourceId = keyof typeof resourceAccess;
export const resourceIds = Object.keys(resourceAccess) as ResourceId[];

export const customAccess = {
  'quarantined_documents: replay': OPERATORS,
  'inventory_lines: review': ADMIN_AND_ANALYST,
  'inventory_lines: drillDown': ALL,
  'inventory_lines: exportCsv': ADMIN_AND_ANALYST,
  'Integrations page: view': ALL,
  'Integrations page: connect': ADMIN,
  'Integrations page: edit': ADMIN,
  'Integrations page: disconnect': ADMIN,
  'Integrations page: pause': OPERATORS,
  'Integrations page: resume': OPERATORS,
  'Integrations page: testConnection': OPERATORS,
  'Integrations page: syncNow': OPERATORS,
  'dashboard': ALL,
  'GET /admin (the panel)': ALL,
  'GET /admin/export/inventory.csv': ADMIN_AND_ANALYST,
  'GET /admin/invoice/:lineId/rendered': ALL,
  'POST /admin/language': ALL,
  'GET /admin/logout': ALL,
} as const satisfies Record<string, readonly Role[]>;
export type CustomAction = keyof typeof customAccess;

export function builtInAllowed(resource: ResourceId, action: BuiltInAction): readonly Role[] {
  return (readActions as readonly string[]).includes(action) ? resourceAccess[resource].read : resourceAccess[resource].write;
}

/** Every cell of the table: [action, who, allowed?]. */
export function tableCells(): { action: string; who: Who; allowed: boolean }[] {
  const rows: [string, readonly Role[]][] = [
    ...resourceIds.flatMap((resource) => [...readActions, ...writeActions].map((action): [string, readonly Role[]] => [`${resource}: ${action}`, builtInAllowed(resource, action)])),
    ...Object.entries(customAccess),
  ];
  return rows.flatMap(([action, allowed]) => everyone.map((who) => ({ action, who, allowed: who !== 'signed out' && allowed.includes(who) })));
}
