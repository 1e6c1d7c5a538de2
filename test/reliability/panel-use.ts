/**
 * The panel part of the secrets scenario: users signing in (once with a wrong password), an edit of the
 * integration's credentials refused and one accepted through the Integrations page, and every list and
 * show page a person opens — integrations, runs, activity, quarantine, inventory, invoices, users — as
 * JSON and as HTML, the dashboard and the CSV export. Returns every body the panel sent, to be scanned.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Lifecycle } from '../../pipelines/lifecycle.js';
import type { Harness } from '../pipeline/harness.js';
import { addUser, servePanel, type SignedIn } from '../admin/panel-server.js';

export interface PanelUse {
  bodies: string[];
  /** The panel users' passwords. */
  passwords: string[];
}

const RESOURCES = ['integrations', 'sync_runs', 'activity_log', 'quarantined_documents', 'inventory_lines', 'invoices', 'source_documents', 'admin_users'];

export async function usePanel(h: Harness, lifecycle: Lifecycle, integrationId: string, credentials: Record<string, string>, wrongPassword: string): Promise<PanelUse> {
  const passwords = { admin: `Panel-${randomBytes(9).toString('hex')}`, analyst: `Panel-${randomBytes(9).toString('hex')}` };
  await addUser(h, h.organizationId, 'admin@secrets.test', 'admin', passwords.admin);
  await addUser(h, h.organizationId, 'analyst@secrets.test', 'analyst', passwords.analyst);
  const panel = await servePanel(h, lifecycle);
  const bodies: string[] = [];
  const read = async (response: Promise<Response>) => {
    const text = await (await response).text();
    bodies.push(text);
    return text;
  };
  try {
    expect((await panel.signIn('admin@secrets.test', wrongPassword)).cookie).toBeNull();
    const admin = await panel.signIn('admin@secrets.test', passwords.admin);
    const analyst = await panel.signIn('analyst@secrets.test', passwords.analyst);
    expect([admin.status, analyst.status]).toEqual([302, 302]);
    const edit = (password: string) => read(admin.post('/admin/api/pages/integrations', { action: 'edit', integrationId, credentials: { ...credentials, password } }));
    expect(JSON.parse(await edit(wrongPassword))).toHaveProperty('error');
    expect(JSON.parse(await edit(credentials.password!))).toMatchObject({ ok: true });
    for (const resource of RESOURCES) await readResource(admin, resource, read);
    await readResource(analyst, 'inventory_lines', read);
    for (const path of ['/admin/api/pages/integrations', '/admin/api/dashboard', '/admin/pages/integrations', '/admin', '/admin/export/inventory.csv']) await read(admin.get(path));
    return { bodies, passwords: Object.values(passwords) };
  } finally {
    await panel.close();
  }
}

/** A resource's list (JSON and its HTML page), and each of the first records' show (JSON and HTML). */
async function readResource(who: SignedIn, resource: string, read: (response: Promise<Response>) => Promise<string>): Promise<void> {
  const listed = JSON.parse(await read(who.get(`/admin/api/resources/${resource}/actions/list`))) as { records: { id: string }[] };
  expect(listed.records.length, resource).toBeGreaterThan(0);
  await read(who.get(`/admin/resources/${resource}`));
  for (const record of listed.records.slice(0, 3)) {
    await read(who.get(`/admin/api/resources/${resource}/records/${record.id}/show`));
    await read(who.get(`/admin/resources/${resource}/records/${record.id}/show`));
  }
}
