/**
 * Access through the running panel over HTTP (issue 16 §5): every cell of the role × action table
 * (panel-access-table.ts) is tried as that role, and as a client that is not signed in, and must be
 * allowed (the read shows the row, the write changes it) or refused (and change nothing). Then an
 * admin of another organization guesses the demo organization's ids: every read, write, custom action,
 * page action, rendering and export answers not found or nothing. Each check counts one access check.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, client, startPanelServer, users, type PanelServer, type SignedIn } from '../admin/panel-server.js';
import { recordFigure } from './figures.js';
import { attempt, panelActions, type Fixtures, type PanelAction } from './panel-actions.js';
import { isolationChecks } from './panel-isolation.js';
import { resourceIds, tableCells, type ResourceId, type Who } from './panel-access-table.js';

const TARGET_USER = 'target@demo.test';
let p: PanelServer;
let f: Fixtures;
let actions: Record<string, PanelAction>;
const sessions = {} as Record<Who, SignedIn>;
let other: SignedIn;
/** Each check by name: passed or not (a check that never finished counts as failed). */
const results = new Map<string, boolean>();
const bodies: string[] = [];

async function firstId(table: ResourceId, where: Record<string, string>): Promise<string> {
  const conditions = Object.entries(where).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  const { rows } = await sql<{ id: string }>`SELECT id::text AS id FROM ${sql.table(table)} WHERE ${sql.join(conditions, sql` AND `)} ORDER BY id LIMIT 1`.execute(p.h.database.db);
  if (!rows[0]) throw new Error(`no ${table} row for the fixtures`);
  return rows[0].id;
}

beforeAll(async () => {
  p = await startPanelServer({ providers: ['uyumsoft', 'qnb', 'crs', 'edm'], faults: { qnb: { content: [{ kind: 'badBase64', indices: [3] }] } } });
  const { h } = p;
  const org = h.organizationId;
  const integrationId = await h.connect('uyumsoft');
  expect((await h.sync(integrationId)).status).toBe('succeeded');
  const qnb = await h.connect('qnb');
  expect((await h.sync(qnb)).status).toBe('succeeded');
  const disconnectable = await h.connect('crs');
  await addUser(h, org, TARGET_USER, 'analyst');
  await h.database.db.insertInto('classification_rules').values({ organization_id: org, supplier_vkn: '5555555555', category: 'freight', created_by: users.admin }).execute();
  const ofOrg = { organization_id: org };
  const ids: Record<ResourceId, string> = {
    integrations: integrationId,
    activity_log: await firstId('activity_log', ofOrg),
    sync_runs: await firstId('sync_runs', { integration_id: integrationId }),
    quarantined_documents: await firstId('quarantined_documents', { integration_id: qnb }),
    inventory_lines: await firstId('inventory_lines', { integration_id: integrationId }),
    invoices: await firstId('invoices', { integration_id: integrationId }),
    source_documents: await firstId('source_documents', { integration_id: integrationId }),
    classification_rules: await firstId('classification_rules', ofOrg),
    emission_factors: await firstId('emission_factors', { edition: (await h.database.db.selectFrom('emission_factors').select('edition').executeTakeFirstOrThrow()).edition }),
    admin_users: await firstId('admin_users', { email: TARGET_USER }),
  };
  f = { ids, integrationId, disconnectable, quarantineId: ids.quarantined_documents, lineId: ids.inventory_lines };
  actions = panelActions(p, f);
  sessions.admin = await p.signIn(users.admin);
  sessions.engineer = await p.signIn(users.engineer);
  sessions.analyst = await p.signIn(users.analyst);
  sessions['signed out'] = client(p.url, null);
  other = await p.signIn(users.other);
  for (const role of ['admin', 'engineer', 'analyst'] as const) expect(sessions[role].cookie, role).toMatch(/^einvoice\.sid=/);
}, 180_000);
afterAll(async () => {
  await recordFigure('access', [...results.values()].filter(Boolean).length, results.size);
  await p?.close();
});

const cells = tableCells().map((cell) => ({ ...cell, expected: cell.allowed ? 'allowed' : 'refused' }));

async function counted(name: string, run: () => Promise<void>): Promise<void> {
  results.set(name, false);
  await run();
  results.set(name, true);
}

describe(`the role × action table (${cells.length} cells)`, () => {
  it('names an action for every row, and its resources are the ones the panel registers', async () => {
    expect(new Set(cells.map((c) => c.action))).toEqual(new Set(Object.keys(actions)));
    const shell = await (await sessions.admin.get('/admin')).text();
    const state = JSON.parse(/window\.REDUX_STATE = (\{.*?\});\n/s.exec(shell)![1]!) as { resources: { id: string; actions: { name: string }[] }[]; pages: { name: string }[] };
    expect(new Set(state.resources.map((r) => r.id))).toEqual(new Set(resourceIds));
    // Every action the panel registers (AdminJS lists them all, allowed or not) is a row of the table.
    const registered = state.resources.flatMap((r) => r.actions.map((a) => `${r.id}: ${a.name}`));
    expect(registered.filter((action) => !(action in actions))).toEqual([]);
    expect(registered.length).toBeGreaterThan(resourceIds.length * 7); // the seven built-ins of each, and the custom ones
    expect(state.pages.map((page) => `${page.name[0]!.toUpperCase()}${page.name.slice(1)} page: view`).filter((action) => !(action in actions))).toEqual([]);
  });

  it.each(cells)('$action as $who: $expected', async ({ action, who, expected }) => {
    const name = `${action} as ${who}`;
    results.set(name, false);
    expect(await attempt(actions[action]!, who, sessions[who], bodies)).toBe(expected);
    results.set(name, true);
  });
});

describe('organization isolation: an admin of another organization guessing the demo organization’s ids', () => {
  const checks = isolationChecks(() => ({ p, f, other, admin: sessions.admin }));
  it.each(checks)('%s', counted);
});

describe('what a response carries beyond the record asked for', () => {
  type Listed = { records: { populated: Record<string, unknown> }[] };
  const populatedKeys = async (who: SignedIn, resource: ResourceId, query: string) => {
    const listed = JSON.parse(await (await who.get(`/admin/api/resources/${resource}/actions/list${query}`)).text()) as Listed;
    expect(listed.records.length).toBeGreaterThan(0);
    return new Set(listed.records.flatMap((r) => Object.keys(r.populated)));
  };
  const checks: [string, () => Promise<void>][] = [
    ['an analyst’s inventory lines carry their invoice but not the source document (runs and documents are for operators)', async () => {
      const keys = await populatedKeys(sessions.analyst, 'inventory_lines', '');
      expect(keys.has('invoice_id')).toBe(true);
      expect(keys.has('source_document_id')).toBe(false);
    }],
    ['an engineer’s inventory lines carry the source document', async () => expect((await populatedKeys(sessions.engineer, 'inventory_lines', '')).has('source_document_id')).toBe(true)],
    ['an analyst’s activity entries carry no run', async () => expect((await populatedKeys(sessions.analyst, 'activity_log', '?filters.action_type=sync_completed')).has('sync_run_id')).toBe(false)],
    ['an engineer’s activity entries carry their run', async () => expect((await populatedKeys(sessions.engineer, 'activity_log', '?filters.action_type=sync_completed')).has('sync_run_id')).toBe(true)],
    ['a password hash sent to the Users resource is dropped: only a typed password is hashed', async () => {
      const hash = async () => (await p.h.database.db.selectFrom('admin_users').select('password_hash').where('email', '=', TARGET_USER).executeTakeFirstOrThrow()).password_hash;
      const before = await hash();
      const body = JSON.parse(await (await sessions.admin.post(`/admin/api/resources/admin_users/records/${f.ids.admin_users}/edit`, { name: 'renamed', password_hash: 'scrypt$forged' })).text()) as { notice: { type: string } };
      expect(body.notice.type).toBe('success');
      expect(await hash()).toBe(before);
      expect((await p.signIn(TARGET_USER)).status).toBe(302);
    }],
  ];
  it.each(checks)('%s', counted);
});

describe('a session follows the user’s row as it is now', () => {
  const runsListed = async (who: SignedIn) => JSON.parse(await (await who.get('/admin/api/resources/sync_runs/actions/list')).text()) as { records: unknown[]; notice?: { message: string } };
  let changing: SignedIn;
  let changingId: string;
  const checks: [string, () => Promise<void>][] = [
    ['a role an admin lowers applies to the user’s open session at once', async () => {
      await addUser(p.h, p.h.organizationId, 'changing@demo.test', 'engineer');
      changingId = (await p.h.database.db.selectFrom('admin_users').select('id').where('email', '=', 'changing@demo.test').executeTakeFirstOrThrow()).id;
      changing = await p.signIn('changing@demo.test');
      expect((await runsListed(changing)).records.length).toBeGreaterThan(0);
      const edited = JSON.parse(await (await sessions.admin.post(`/admin/api/resources/admin_users/records/${changingId}/edit`, { role: 'analyst' })).text()) as { notice: { type: string } };
      expect(edited.notice.type).toBe('success');
      expect((await runsListed(changing)).notice?.message).toBe('forbiddenError');
      expect(String((JSON.parse(await (await changing.post('/admin/api/pages/integrations', { action: 'pause', integrationId: f.integrationId })).text()) as { error: string }).error)).toBe('your role (analyst) may not pause');
    }],
    ['a user an admin deletes is signed out of every open session', async () => {
      const deleted = JSON.parse(await (await sessions.admin.post(`/admin/api/resources/admin_users/records/${changingId}/delete`, {})).text()) as { notice: { type: string } };
      expect(deleted.notice.type).toBe('success');
      const response = await changing.get('/admin/api/resources/inventory_lines/actions/list');
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toMatch(/\/admin\/login$/);
      expect((await changing.get('/admin/export/inventory.csv')).status).toBe(403);
    }],
  ];
  it.each(checks)('%s', counted);
});
