/**
 * The panel under test: a pipeline harness (fresh database, vault, simulators), the demo organization's
 * integrations pointed at the simulators, users of each role, a second organization with its own admin
 * and data, and the HTTP app with the panel on a free port. `engine: 'local'` runs real syncs (pg-boss).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../admin/app.js';
import { hashPassword } from '../../admin/passwords.js';
import { panelRouter } from '../../admin/panel.js';
import type { AdminRole } from '../../db/schema.js';
import { wireDemoIntegrations } from '../../db/seed.js';
import type { ProviderId } from '../../domain/providers.js';
import { createLifecycle, type Lifecycle } from '../../pipelines/lifecycle.js';
import { startLocalEngine, type LocalEngine } from '../../pipelines/local-engine.js';
import { createHarness, logger, type Harness } from '../pipeline/harness.js';

export const PASSWORD = 'correct horse battery';
export const users = { admin: 'admin@demo.test', engineer: 'engineer@demo.test', analyst: 'analyst@demo.test', other: 'admin@other.test', locked: 'locked@demo.test' } as const;

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

async function addUser(h: Harness, organizationId: string, email: string, role: AdminRole) {
  await h.database.db.insertInto('admin_users').values({ organization_id: organizationId, email, role, name: role, password_hash: await hashPassword(PASSWORD) }).execute();
}

export async function startPanelServer(options: { providers: ProviderId[]; invoices?: number; engine?: 'recording' | 'local' }): Promise<PanelServer> {
  const h = await createHarness();
  const db = h.database.db;
  for (const provider of options.providers) await h.startSimulator(provider, options.invoices ?? 12);
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
  const panel = await panelRouter({
    db, pool: h.database.pool, lifecycle, sessionSecret: 'test-session-secret',
    loginPolicy: { lockAfter: 3, lockMs: 60_000, baseDelayMs: 1, maxDelayMs: 2, now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
  });
  const server: Server = await new Promise((resolve) => {
    const s = createApp({ db, databaseKind: 'external', panel: panel.router }).listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function signIn(email: string, password = PASSWORD): Promise<SignedIn> {
    const response = await fetch(`${url}/admin/login`, { method: 'POST', body: new URLSearchParams({ email, password }), redirect: 'manual' });
    const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? null;
    const headers = (): Record<string, string> => (cookie ? { cookie } : {});
    return {
      status: response.status, cookie,
      get: (path) => fetch(`${url}${path}`, { headers: headers(), redirect: 'manual' }),
      post: (path, body) => fetch(`${url}${path}`, { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify(body), redirect: 'manual' }),
    };
  }

  return {
    h, url, lifecycle, otherOrganizationId: other.id, signIn,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await panel.close();
      await engine?.stop();
      await h.close();
    },
  };
}
