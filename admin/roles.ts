/**
 * Who may do what, checked on the server for every action (stack.md §5: resource-level isAccessible is
 * ignored by AdminJS, so each action carries its own). admin: everything, users included; engineer: runs,
 * sync now, pause, resume, test connection, replay, reads everything but users; analyst: reads the Data
 * Inventory, results and Activity Log, reviews lines, exports CSV.
 */
import type { ActionContext, IsFunction } from 'adminjs';
import { PanelUser } from './auth.js';

export type Role = PanelUser['role'];

export const can = {
  manageUsers: ['admin'],
  connect: ['admin'],
  operate: ['admin', 'engineer'],
  readOperations: ['admin', 'engineer'],
  readData: ['admin', 'engineer', 'analyst'],
  review: ['admin', 'analyst'],
  export: ['admin', 'analyst'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof can;

export function userOf(context: Pick<ActionContext, 'currentAdmin'> | undefined): PanelUser | null {
  const parsed = PanelUser.safeParse(context?.currentAdmin);
  return parsed.success ? parsed.data : null;
}

export function allows(user: PanelUser | null, permission: Permission): boolean {
  return user !== null && (can[permission] as readonly Role[]).includes(user.role);
}

/** An isAccessible predicate; a record action also requires the record to be the user's organization's. */
export function allowed(permission: Permission): IsFunction {
  return (context) => {
    const user = userOf(context);
    if (!allows(user, permission)) return false;
    const organizationId: unknown = context.record?.params.organization_id;
    return organizationId === undefined || organizationId === user!.organizationId;
  };
}

const builtIns = ['list', 'show', 'search', 'new', 'edit', 'delete', 'bulkDelete'] as const;

/** Built-in actions: reading needs `read`, writing needs `write` (null: nobody, e.g. the append-only log). */
export function builtInActions(read: Permission, write: Permission | null) {
  const reading = new Set(['list', 'show', 'search']);
  const never = () => false;
  return Object.fromEntries(builtIns.map((name) => [name, { isAccessible: reading.has(name) ? allowed(read) : write ? allowed(write) : never }]));
}
