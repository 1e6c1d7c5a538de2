/**
 * Sign-in under attack, over HTTP against the panel (issue 16 §5): wrong passwords are slowed (each
 * delay twice the last, capped), the attempt that reaches the limit locks the e-mail with a clear
 * message, the right password is refused while locked and accepted once the lock has expired; attempts
 * sent at once cannot pass the limit together; and a session id known before sign-in is never the one
 * signed in. The clock is injected and the delays recorded, so nothing really sleeps.
 * Each check counts one access check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginPolicy } from '../../admin/auth.js';
import { addUser, client, PASSWORD, startPanelServer, users, type PanelServer } from '../admin/panel-server.js';
import { recordFigure } from './figures.js';

const LOCK_AFTER = 4;
const LOCK_MINUTES = 15;
let now = Date.parse('2026-03-02T09:00:00Z');
const delays: number[] = [];
const policy: LoginPolicy = {
  lockAfter: LOCK_AFTER, lockMs: LOCK_MINUTES * 60_000, baseDelayMs: 250, maxDelayMs: 1_000,
  now: () => now, sleep: async (ms) => void delays.push(ms),
};
const CONCURRENT = 'concurrent@demo.test';

let p: PanelServer;
const results = new Map<string, boolean>();

interface Attempt { status: number; cookie: string | null; page: string }
async function signIn(email: string, password: string, cookie?: string): Promise<Attempt> {
  const response = await fetch(`${p.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ email, password }), redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? null, page: await response.text() };
}
const signedIn = (a: Attempt) => a.status === 302 && a.cookie !== null;
const loginLog = async (email: string) => (await p.h.database.db.selectFrom('activity_log').select(['status', 'details']).where('action_type', '=', 'login').where('performed_by', '=', email).orderBy('id').execute());

beforeAll(async () => {
  p = await startPanelServer({ providers: [], loginPolicy: policy });
  await addUser(p.h, p.h.organizationId, CONCURRENT, 'analyst');
}, 120_000);
afterAll(async () => {
  await recordFigure('access', [...results.values()].filter(Boolean).length, results.size);
  await p?.close();
});

const checks: [string, () => Promise<void>][] = [
  ['a wrong password is refused and slowed by the first delay', async () => {
    delays.length = 0;
    const attempt = await signIn(users.engineer, 'wrong 1');
    expect(signedIn(attempt)).toBe(false);
    expect(attempt.page).toContain('invalidCredentials');
    expect(delays).toEqual([250]);
  }],
  ['each next refusal waits twice as long, up to the cap, and the one that reaches the limit locks with a clear message', async () => {
    delays.length = 0;
    const attempts = [];
    for (let i = 2; i <= LOCK_AFTER; i++) attempts.push(await signIn(users.engineer, `wrong ${i}`));
    expect(delays).toEqual([500, 1_000, 1_000]);
    expect(attempts.map(signedIn)).toEqual([false, false, false]);
    expect(attempts.at(-1)!.page).toContain(`Too many failed sign-ins: try again in ${LOCK_MINUTES} minutes`);
  }],
  ['the right password is refused while locked, unchecked and unslowed', async () => {
    delays.length = 0;
    const attempt = await signIn(users.engineer, PASSWORD);
    expect(signedIn(attempt)).toBe(false);
    expect(attempt.page).toContain(`try again in ${LOCK_MINUTES} minutes`);
    expect(delays).toEqual([]);
  }],
  ['the e-mail is locked however it is spelt', async () => expect(signedIn(await signIn(` ${users.engineer.toUpperCase()} `, PASSWORD))).toBe(false)],
  ['the lock is per e-mail: another user signs in meanwhile', async () => expect(signedIn(await signIn(users.analyst, PASSWORD))).toBe(true)],
  ['a minute before it expires it is still locked, and says so', async () => {
    now += (LOCK_MINUTES - 1) * 60_000 + 1;
    const attempt = await signIn(users.engineer, PASSWORD);
    expect(signedIn(attempt)).toBe(false);
    expect(attempt.page).toContain('try again in 1 minute');
  }],
  ['once the lock has expired the right password is accepted', async () => {
    now += 60_000;
    expect(signedIn(await signIn(users.engineer, PASSWORD))).toBe(true);
  }],
  ['the Activity Log holds each refusal, the lock and the sign-in', async () => {
    expect(await loginLog(users.engineer)).toEqual([
      ...Array.from({ length: LOCK_AFTER - 1 }, () => ({ status: 'error', details: 'Sign-in refused: wrong password' })),
      { status: 'error', details: `Sign-in refused ${LOCK_AFTER} times: locked for ${LOCK_MINUTES} minutes` },
      { status: 'success', details: 'Signed in to the admin panel (engineer)' },
    ]);
  }],
  ['a success starts the count again: limit − 1 refusals, a sign-in, limit − 1 refusals leave it open', async () => {
    for (let i = 1; i < LOCK_AFTER; i++) await signIn(users.admin, `wrong ${i}`);
    expect(signedIn(await signIn(users.admin, PASSWORD))).toBe(true);
    for (let i = 1; i < LOCK_AFTER; i++) await signIn(users.admin, `wrong ${i}`);
    expect(signedIn(await signIn(users.admin, PASSWORD))).toBe(true);
  }],
  ['an unknown e-mail is refused and locked the same way, with the same message', async () => {
    const attempts = [];
    for (let i = 0; i <= LOCK_AFTER; i++) attempts.push(await signIn('nobody@demo.test', `guess ${i}`));
    expect(attempts.slice(0, LOCK_AFTER - 1).map((a) => a.page.includes('invalidCredentials'))).toEqual(Array(LOCK_AFTER - 1).fill(true));
    expect(attempts.slice(LOCK_AFTER - 1).every((a) => a.page.includes(`try again in ${LOCK_MINUTES} minutes`))).toBe(true);
  }],
  ['wrong passwords sent all at once check at most the limit, then the e-mail is locked', async () => {
    const attempts = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(CONCURRENT, `guess ${i}`)));
    expect(attempts.some(signedIn)).toBe(false);
    const refusals = (await loginLog(CONCURRENT)).filter((e) => e.status === 'error');
    expect(refusals).toHaveLength(LOCK_AFTER);
    expect(refusals.filter((e) => e.details.includes('locked'))).toHaveLength(1);
    expect(signedIn(await signIn(CONCURRENT, PASSWORD))).toBe(false);
  }],
  ['signing in gives a new session id: one known before (another user’s) is never signed in', async () => {
    const other = await signIn(users.other, PASSWORD);
    expect(signedIn(other)).toBe(true);
    const admin = await signIn(users.admin, PASSWORD, other.cookie!);
    expect(signedIn(admin)).toBe(true);
    expect(admin.cookie).not.toBe(other.cookie);
    // The id known before is signed out, not signed in as the admin.
    expect((await client(p.url, other.cookie).get('/admin/api/pages/integrations')).status).toBe(302);
    const page = await (await client(p.url, admin.cookie).get('/admin/api/pages/integrations')).json() as { may?: { connect: boolean } };
    expect(page.may?.connect).toBe(true);
  }],
];

describe('sign-in: slowed, locked, and never a session id known before', () => {
  it.each(checks)('%s', async (name, run) => {
    results.set(name, false);
    await run();
    results.set(name, true);
  });
});
