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

/** Past this many e-mails with failures, those not locked are forgotten (random e-mails cannot fill the memory). */
const MAX_TRACKED = 10_000;

interface Attempts {
  /** Attempts since the last success or lock, those still being checked included. */
  count: number;
  lockedUntil: number;
}

/**
 * An attempt is counted before its password is checked: attempts sent at once cannot all pass the
 * limit together (each would otherwise see the count from before the others failed). The attempt that
 * reaches the limit locks the e-mail and says so; while locked, even the right password is refused,
 * without checking it and without an Activity Log entry (a locked e-mail costs nothing to hammer, so
 * logging each would let anyone flood the append-only log; the lock itself is logged).
 */
export function createAuthenticator(db: Kysely<Database>, policy: LoginPolicy = defaultLoginPolicy) {
  const attempts = new Map<string, Attempts>();

  function lockedMessage(until: number): string {
    const minutes = Math.max(1, Math.ceil((until - policy.now()) / 60_000));
    return `Too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  }

  /** This attempt's number since the last success or lock; throws while locked or when the attempts in flight fill the limit. */
  function reserve(key: string): number {
    if (attempts.size > MAX_TRACKED) for (const [k, a] of attempts) if (a.lockedUntil <= policy.now()) attempts.delete(k);
    const state = attempts.get(key) ?? { count: 0, lockedUntil: 0 };
    if (state.lockedUntil > policy.now()) throw new LoginLocked(lockedMessage(state.lockedUntil));
    if (state.lockedUntil !== 0) Object.assign(state, { count: 0, lockedUntil: 0 });
    if (state.count >= policy.lockAfter) throw new LoginLocked(lockedMessage(policy.now() + policy.lockMs));
    state.count += 1;
    attempts.set(key, state);
    return state.count;
  }

  async function authenticate(email: string, password: string): Promise<PanelUser | null> {
    const key = String(email ?? '').trim().toLowerCase();
    const attempt = reserve(key);
    const user = await db.selectFrom('admin_users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', key)).executeTakeFirst();
    const valid = await verifyPassword(String(password ?? ''), user?.password_hash ?? (await unknownUserHash));
    if (user && valid) {
      attempts.delete(key);
      await db.updateTable('admin_users').set({ last_login_at: new Date() }).where('id', '=', user.id).execute();
      await logActivity(db, { organizationId: user.organization_id, action: 'login', status: 'success', performedBy: user.email, details: `Signed in to the admin panel (${user.role})` });
      return { id: user.id, email: user.email, title: user.name ?? user.email, role: user.role, organizationId: user.organization_id, language: user.language };
    }
    const locks = attempt >= policy.lockAfter;
    // A success meanwhile forgot the count; this failure starts a new one.
    const state = attempts.get(key) ?? attempts.set(key, { count: 1, lockedUntil: 0 }).get(key)!;
    if (locks) state.lockedUntil = policy.now() + policy.lockMs;
    if (user) {
      await logActivity(db, { organizationId: user.organization_id, action: 'login', status: 'error', performedBy: user.email, details: locks ? `Sign-in refused ${attempt} times: locked for ${policy.lockMs / 60_000} minutes` : 'Sign-in refused: wrong password' });
    }
    await policy.sleep(Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs));
    if (locks) throw new LoginLocked(lockedMessage(state.lockedUntil));
    return null;
  }

  return { authenticate };
}

export async function logSignOut(db: Kysely<Database>, user: PanelUser): Promise<void> {
  await logActivity(db, { organizationId: user.organizationId, action: 'login', status: 'info', performedBy: user.email, details: 'Signed out of the admin panel' });
}
