/**
 * Sign-in against admin_users (scrypt), with failed attempts slowed and then locked for a while per
 * e-mail. Sign-in, refused sign-in and sign-out are written to the Activity Log of the user's organization.
 * What the session keeps (and the browser sees as `currentAdmin`) is a PanelUser: never the hash.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { logActivity } from '../pipelines/activity.js';
import { PanelLanguageSchema } from '../pipelines/user-language.js';
import { hashPassword, verifyPassword } from './passwords.js';

export const PanelUser = z.object({
  id: z.string(),
  email: z.string(),
  title: z.string(),
  role: z.enum(['admin', 'engineer', 'analyst']),
  organizationId: z.string(),
  /** Sessions from before languages were per user have none: English, as they were. */
  language: PanelLanguageSchema.default('en'),
});
export type PanelUser = z.infer<typeof PanelUser>;

export interface LoginPolicy {
  /** Failures after which the e-mail is locked. */
  lockAfter: number;
  lockMs: number;
  /** Delay of the first failure, doubled on each next one up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const defaultLoginPolicy: LoginPolicy = {
  lockAfter: 5, lockMs: 15 * 60_000, baseDelayMs: 250, maxDelayMs: 4_000, now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class LoginLocked extends Error {
  override name = 'LoginLocked';
}

/** Verifying against a real hash when the e-mail is unknown keeps both answers equally slow. */
const unknownUserHash = hashPassword('no such user');

export function createAuthenticator(db: Kysely<Database>, policy: LoginPolicy = defaultLoginPolicy) {
  const failures = new Map<string, { count: number; lockedUntil: number }>();

  async function authenticate(email: string, password: string): Promise<PanelUser | null> {
    const key = String(email ?? '').trim().toLowerCase();
    const state = failures.get(key);
    if (state && state.lockedUntil > policy.now()) {
      throw new LoginLocked(`Too many failed sign-ins: try again in ${Math.ceil((state.lockedUntil - policy.now()) / 60_000)} minutes`);
    }
    const user = await db.selectFrom('admin_users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', key)).executeTakeFirst();
    const valid = await verifyPassword(String(password ?? ''), user?.password_hash ?? (await unknownUserHash));
    if (user && valid) {
      failures.delete(key);
      await db.updateTable('admin_users').set({ last_login_at: new Date() }).where('id', '=', user.id).execute();
      await logActivity(db, { organizationId: user.organization_id, action: 'login', status: 'success', performedBy: user.email, details: `Signed in to the admin panel (${user.role})` });
      return { id: user.id, email: user.email, title: user.name ?? user.email, role: user.role, organizationId: user.organization_id, language: user.language };
    }
    const count = (state?.count ?? 0) + 1;
    const locked = count >= policy.lockAfter;
    failures.set(key, { count: locked ? 0 : count, lockedUntil: locked ? policy.now() + policy.lockMs : 0 });
    if (user) {
      await logActivity(db, { organizationId: user.organization_id, action: 'login', status: 'error', performedBy: user.email, details: locked ? `Sign-in refused ${count} times: locked for ${policy.lockMs / 60_000} minutes` : 'Sign-in refused: wrong password' });
    }
    await policy.sleep(Math.min(policy.baseDelayMs * 2 ** (count - 1), policy.maxDelayMs));
    return null;
  }

  return { authenticate };
}

export async function logSignOut(db: Kysely<Database>, user: PanelUser): Promise<void> {
  await logActivity(db, { organizationId: user.organizationId, action: 'login', status: 'info', performedBy: user.email, details: 'Signed out of the admin panel' });
}
