/**
 * The panel under test: a pipeline harness (fresh database, vault, simulators), the demo organization's
 * integrations pointed at the simulators, users of each role, a second organization with its own admin
 * and data, and the HTTP app with the panel on a free port. `engine: 'local'` runs real syncs (pg-boss).
 * `servePanel` serves the panel over an existing harness (a test that runs its own scenario first).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../admin/app.js';
import type { LoginPolicy } from '../../admin/auth.js';
import { hashPassword } from '../../admin/passwords.js';
import { panelRouter } from '../../admin/panel.js';
import type { AdminRole } from '../../db/schema.js';
import { wireDemoIntegrations } from '../../db/seed.js';
import type { ProviderId } from '../../domain/providers.js';
import { createLifecycle, type Lifecycle } from '../../pipelines/lifecycle.js';
import { startLocalEngine, type LocalEngine } from '../../pipelines/local-engine.js';
import type { FaultSpecInput } from '../../simulators/index.js';
import { createHarness, logger, type Harness } from '../pipeline/harness.js';

export const PASSWORD = 'correct horse battery';
export const users = { admin: 'admin@demo.test', engineer: 'engineer@demo.test', analyst: 'analyst@demo.test', other: 'admin@other.test', locked: 'locked@demo.test' } as const;

/** Sleeps are instant here: the lockout test injects its own clock and records the delays. */
export const fastLoginPolicy: LoginPolicy = { lockAfter: 3, lockMs: 60_000, baseDelayMs: 1, maxDelayMs: 2, now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export interface PanelServer {
  h: Harness;
  url: string;
  lifecycle: Lifecycle;
  otherOrganizationId: string;
  /** Signs in and returns a fetch bound to the session cookie. */
  signIn(email: string, password?: string): Promise<SignedIn>;
  close(): Promise<void>;
}

export interface SignedIn {
  status: number;
  cookie: string | null;
  get(path: string): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
}

export async function addUser(h: Harness, organizationId: string, email: string, role: AdminRole, password = PASSWORD): Promise<void> {
  await h.database.db.insertInto('admin_users').values({ organization_id: organizationId, email, role, name: role, password_hash: await hashPassword(password) }).execute();
}

/** A client of the panel at `url`: signed in when `cookie` is given, signed out otherwise. */
export function client(url: string, cookie: string | null, status = 0): SignedIn {
  const headers = (): Record<string, string> => (cookie ? { cookie } : {});
  return {
    status, cookie,
    get: (path) => fetch(`${url}${path}`, { headers: headers(), redirect: 'manual' }),
    post: (path, body) => fetch(`${url}${path}`, { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify(body), redirect: 'manual' }),
  };
}

/** Serves the panel over the harness's database on a free port. */
export async function servePanel(h: Harness, lifecycle: Lifecycle, loginPolicy: LoginPolicy = fastLoginPolicy): Promise<{ url: string; signIn: PanelServer['signIn']; close(): Promise<void> }> {
  const db = h.database.db;
  const panel = await panelRouter({ db, pool: h.database.pool, lifecycle, sessionSecret: 'test-session-secret', loginPolicy });
  const server: Server = await new Promise((resolve) => {
    const s = createApp({ db, databaseKind: 'external', panel: panel.router }).listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async signIn(email, password = PASSWORD) {
      const response = await fetch(`${url}/admin/login`, { method: 'POST', body: new URLSearchParams({ email, password }), redirect: 'manual' });
      return client(url, response.headers.get('set-cookie')?.split(';')[0] ?? null, response.status);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await panel.close();
    },
  };
}

export interface PanelServerOptions {
  providers: ProviderId[];
  invoices?: number;
  engine?: 'recording' | 'local';
  /** Simulator faults by provider (e.g. a content fault that quarantines a document). */
  faults?: Partial<Record<ProviderId, FaultSpecInput>>;
  loginPolicy?: LoginPolicy;
}

export async function startPanelServer(options: PanelServerOptions): Promise<PanelServer> {
  const h = await createHarness();
  const db = h.database.db;
  for (const provider of options.providers) await h.startSimulator(provider, options.invoices ?? 12, options.faults?.[provider]);
  await wireDemoIntegrations(db, h.organizationId, [...h.simulators.values()]);
  const other = await db.insertInto('organizations').values({ name: 'Other Org A.Ş.', vkn: '1234567890' }).returning('id').executeTakeFirstOrThrow();
  await addUser(h, h.organizationId, users.admin, 'admin');
  await addUser(h, h.organizationId, users.engineer, 'engineer');
  await addUser(h, h.organizationId, users.analyst, 'analyst');
  await addUser(h, h.organizationId, users.locked, 'engineer');
  await addUser(h, other.id, users.other, 'admin');
  let engine: LocalEngine | undefined;
  if (options.engine === 'local') engine = await startLocalEngine({ connectionString: h.database.url, sync: h.deps, pollingIntervalSeconds: 0.5 });
  const lifecycle = engine ? createLifecycle({ db, vault: h.vault, engine, logger, extractorOptions: h.deps.extractorOptions ?? {} }) : h.lifecycle;
  const served = await servePanel(h, lifecycle, options.loginPolicy);
  return {
    h, url: served.url, lifecycle, otherOrganizationId: other.id, signIn: served.signIn,
    async close() {
      await served.close();
      await engine?.stop();
      await h.close();
    },
  };
}
