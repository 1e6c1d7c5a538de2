/**
 * The panel over HTTP as the browser's API calls it: sign-in (refusals slowed, then locked; sign-in and
 * sign-out logged), connect through the lifecycle with the provider's own refusal, roles enforced on the
 * server, another organization invisible even by guessing ids, review with a supplier rule, replay,
 * CSV export with a filter, and no response ever carrying a credential or a password hash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailedDocument } from '../../extractors/contract.js';
import { organizationTransformContext } from '../../pipelines/dependencies.js';
import { transformDocument } from '../../transformers/transform.js';
import { START_DATE } from '../pipeline/harness.js';
import { PASSWORD, startPanelServer, users, type PanelServer, type SignedIn } from './panel-server.js';

let p: PanelServer;
let admin: SignedIn;
let integrationId: string;
/** Every body the tests received, checked at the end for secrets. */
const bodies: string[] = [];

async function json(response: Promise<Response>): Promise<Record<string, unknown>> {
  const text = await (await response).text();
  bodies.push(text);
  return JSON.parse(text) as Record<string, unknown>;
}
const list = (who: SignedIn, resource: string, query = '') => json(who.get(`/admin/api/resources/${resource}/actions/list${query}`));
const page = (who: SignedIn, body?: unknown) => json(body ? who.post('/admin/api/pages/integrations', body) : who.get('/admin/api/pages/integrations'));
type Records = { records: { id: string; params: Record<string, unknown> }[]; meta: { total: number } };

beforeAll(async () => {
  p = await startPanelServer({ providers: ['uyumsoft', 'edm'] });
  admin = await p.signIn(users.admin);
  expect(admin.status).toBe(302);
}, 120_000);
afterAll(() => p?.close());

describe('sign-in', () => {
  it('refuses a wrong password, locks the e-mail after three refusals, and logs sign-in and sign-out', async () => {
    for (let i = 0; i < 3; i++) expect((await p.signIn(users.locked, 'wrong')).cookie).toBeNull();
    const locked = await (await fetch(`${p.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ email: users.locked, password: PASSWORD }) })).text();
    expect(locked).toContain('Too many failed sign-ins');
    const analyst = await p.signIn(users.analyst);
    expect(analyst.cookie).toMatch(/^einvoice\.sid=/);
    expect((await analyst.get('/admin/logout')).status).toBe(302);
    expect((await analyst.get('/admin/api/resources/activity_log/actions/list')).status).toBe(302);
    const log = await p.h.database.db.selectFrom('activity_log').select(['performed_by', 'status', 'details']).where('action_type', '=', 'login').orderBy('id').execute();
    expect(log.filter((e) => e.performed_by === users.locked).map((e) => e.status)).toEqual(['error', 'error', 'error']);
    expect(log.filter((e) => e.performed_by === users.analyst).map((e) => e.details)).toEqual([expect.stringContaining('Signed in'), 'Signed out of the admin panel']);
  });

  it('sets the session cookie HttpOnly and SameSite', async () => {
    const response = await fetch(`${p.url}/admin/login`, { method: 'POST', body: new URLSearchParams({ email: users.admin, password: PASSWORD }), redirect: 'manual' });
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(response.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);
  });
});

describe('integrations', () => {
  it('shows five cards and connects only after the provider accepted the credentials', async () => {
    const before = await page(admin);
    expect((before.cards as { provider: string; status: string }[]).map((c) => [c.provider, c.status])).toEqual([['edm', 'Not Connected'], ['qnb', 'Not Connected'], ['crs', 'Not Connected'], ['isnet', 'Not Connected'], ['uyumsoft', 'Not Connected']]);
    const credentials = p.h.simulators.get('uyumsoft')!.credentials;
    const refused = await page(admin, { action: 'connect', provider: 'uyumsoft', startDate: START_DATE, credentials: { ...credentials, password: 'wrong' } });
    expect(refused).toMatchObject({ refused: 'auth', error: expect.stringMatching(/Uyumsoft/) });
    const connected = await page(admin, { action: 'connect', provider: 'uyumsoft', startDate: START_DATE, credentials });
    expect(connected).toMatchObject({ ok: true, result: { status: 'connected' } });
    integrationId = (connected.result as { id: string }).id;
    await p.h.sync(integrationId);
    const after = await page(admin);
    expect(after.overview).toMatchObject({ connected: 1 });
    expect((after.cards as { provider: string; recordsImported: number; responsible: string }[]).find((c) => c.provider === 'uyumsoft')).toMatchObject({ recordsImported: expect.any(Number), responsible: users.admin });
    expect((after.overview as { recordsImported: number }).recordsImported).toBeGreaterThan(0);
  });

  it('lets an engineer pause, resume and test, but only an admin connect, edit or disconnect; an analyst only looks', async () => {
    const eng = await p.signIn(users.engineer);
    expect(await page(eng, { action: 'pause', integrationId })).toMatchObject({ ok: true, result: { status: 'paused' } });
    expect(await page(eng, { action: 'resume', integrationId })).toMatchObject({ ok: true, result: { status: 'connected' } });
    expect(await page(eng, { action: 'testConnection', integrationId })).toMatchObject({ ok: true });
    expect(await page(eng, { action: 'disconnect', integrationId })).toMatchObject({ error: 'your role (engineer) may not disconnect' });
    const analyst = await p.signIn(users.analyst);
    expect(await page(analyst)).toMatchObject({ may: { connect: false, operate: false } });
    for (const action of ['connect', 'edit', 'pause', 'syncNow']) {
      const body = action === 'connect' ? { action, provider: 'edm', startDate: START_DATE, credentials: p.h.simulators.get('edm')!.credentials } : { action, integrationId };
      expect(await page(analyst, body)).toMatchObject({ error: `your role (analyst) may not ${action}` });
    }
    expect(await list(analyst, 'admin_users')).toMatchObject({ notice: { message: 'forbiddenError' } });
    expect(await list(analyst, 'sync_runs')).toMatchObject({ notice: { message: 'forbiddenError' } });
    expect((await list(eng, 'sync_runs') as unknown as Records).records.length).toBeGreaterThan(0);
  });
});

describe('organization isolation', () => {
  it('shows another organization nothing, not even a guessed id', async () => {
    const other = await p.signIn(users.other);
    const line = (await list(admin, 'inventory_lines') as unknown as Records).records[0]!;
    expect((await list(other, 'inventory_lines') as unknown as Records).meta.total).toBe(0);
    const shown = await json(other.get(`/admin/api/resources/inventory_lines/records/${line.id}/show`));
    expect(JSON.stringify(shown)).not.toContain(String(line.params.description));
    expect(await page(other, { action: 'pause', integrationId })).toMatchObject({ error: expect.stringContaining('not found') });
    expect((await list(other, 'activity_log') as unknown as Records).records.every((r) => r.params.organization_id === p.otherOrganizationId)).toBe(true);
    expect((await list(other, 'admin_users') as unknown as Records).records.map((r) => r.params.email)).toEqual([users.other]);
    const csv = await (await other.get('/admin/export/inventory.csv')).text();
    expect(csv.trim().split('\n')).toHaveLength(1);
  });
});

describe('data inventory', () => {
  it('filters on the columns, reviews a line and creates the supplier rule with its author', async () => {
    const all = (await list(admin, 'inventory_lines') as unknown as Records);
    const line = all.records[0]!;
    const filtered = (await list(admin, 'inventory_lines', `?filters.category=${line.params.category}&filters.supplier_name=${encodeURIComponent(String(line.params.supplier_name).slice(0, 4))}`) as unknown as Records);
    expect(filtered.meta.total).toBeGreaterThan(0);
    expect(filtered.records.every((r) => r.params.category === line.params.category)).toBe(true);
    const target = line.params.category === 'waste' ? 'freight' : 'waste';
    const analyst = await p.signIn(users.analyst);
    const reviewed = await json(analyst.post(`/admin/api/resources/inventory_lines/records/${line.id}/review`, { category: target, createRule: 'true' }));
    expect(reviewed).toMatchObject({ notice: { type: 'success' }, record: { params: { category: target, classification_source: 'review' } } });
    // The line counts at once under its new category: calculated again from its stored input.
    const after = await p.h.database.db.selectFrom('inventory_lines').select(['status', 'kg_co2e', 'method', 'factor_id']).where('id', '=', String(line.id)).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'calculated', method: 'spend' });
    expect(after.kg_co2e).not.toBeNull();
    const rule = await p.h.database.db.selectFrom('classification_rules').selectAll().where('organization_id', '=', p.h.organizationId).executeTakeFirstOrThrow();
    expect(rule).toMatchObject({ supplier_vkn: line.params.supplier_vkn, category: target, created_by: users.analyst });
    // The next sync classifies this supplier's lines by the rule: the pipeline's own transform of the stored document.
    const source = await p.h.database.db.selectFrom('source_documents').select('xml').where('id', '=', String(line.params.source_document_id)).executeTakeFirstOrThrow();
    const transformed = transformDocument(source.xml, await organizationTransformContext(p.h.database.db, p.h.organizationId));
    expect(transformed.lines.map((l) => l.classification.category)).toEqual(transformed.lines.map(() => target));
  });

  it('opens a line down to its invoice, calculation and raw XML', async () => {
    const line = (await list(admin, 'inventory_lines', '?filters.status=calculated') as unknown as Records).records[0]!;
    const origin = (await json(admin.get(`/admin/api/resources/inventory_lines/records/${line.id}/drillDown`))).origin as { invoice: { ettn: string }; lines: unknown[]; factor: { source: string } | null; source: { xml: string } };
    expect(origin.source.xml).toContain(origin.invoice.ettn);
    expect(origin.lines.length).toBeGreaterThan(0);
    expect(origin.factor?.source).toBeTruthy();
  });

  it('renders a line\'s invoice as its supplier did, in a sandbox, for its own organization only', async () => {
    const line = (await list(admin, 'inventory_lines') as unknown as Records).records[0]!;
    const response = await admin.get(`/admin/invoice/${line.id}/rendered`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(['embedded_xslt', 'built_in']).toContain(response.headers.get('x-rendered-by'));
    const html = await response.text();
    expect(html).toContain(String(line.params.document_number));
    expect(html).not.toMatch(/<script/i);
    const other = await p.signIn(users.other);
    expect((await other.get(`/admin/invoice/${line.id}/rendered`)).status).toBe(404);
  });

  it('exports CSV with a filter through the shared module, and refuses a filter it cannot apply', async () => {
    const analyst = await p.signIn(users.analyst);
    const csv = await (await analyst.get('/admin/export/inventory.csv?category=electricity')).text();
    const rows = csv.trim().split('\n');
    expect(rows[0]).toContain('category');
    expect(rows.slice(1).every((r) => r.includes(',electricity,'))).toBe(true);
    const refused = await analyst.get('/admin/export/inventory.csv?supplier=x');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('supplier');
    expect((await (await p.signIn(users.engineer)).get('/admin/export/inventory.csv')).status).toBe(403);
  });
});

describe('results dashboard', () => {
  it('sums t CO2e by scope and category per month as the lines say, for the user\'s organization only', async () => {
    const analyst = await p.signIn(users.analyst);
    const data = await json(analyst.get('/admin/api/dashboard')) as { counters: { lines: number; awaitingReview: number; t: number }; byScope: { t: number }[]; byCategory: { t: number }[]; methods: { method: string; t: number }[] };
    const db = p.h.database.db;
    const lines = await db.selectFrom('inventory_lines').select(['kg_co2e', 'status']).where('organization_id', '=', p.h.organizationId).execute();
    const kg = lines.filter((l) => l.status === 'calculated').reduce((sum, l) => sum + Number(l.kg_co2e), 0);
    expect(data.counters.lines).toBe(lines.length);
    expect(data.counters.awaitingReview).toBe(lines.filter((l) => l.status === 'needs_review').length);
    expect(data.counters.t).toBeCloseTo(kg / 1000, 6);
    for (const series of [data.byScope, data.byCategory, data.methods]) expect(series.reduce((sum, point) => sum + point.t, 0)).toBeCloseTo(kg / 1000, 6);
    expect(data.methods.map((m) => m.method).sort()).toEqual(expect.arrayContaining(['activity']));
    const other = await json((await p.signIn(users.other)).get('/admin/api/dashboard')) as { counters: { lines: number } };
    expect(other.counters.lines).toBe(0);
  });
});

describe('runs and quarantine', () => {
  it('lists runs with their duration and replays a quarantined document as an engineer; an analyst may not', async () => {
    let failedEttn: string | undefined;
    p.h.rewritePages((page) => {
      const [first, ...rest] = page.documents;
      if (failedEttn || !first) return page;
      failedEttn = first.ettn;
      // As an older decoder refused it: the raw content is good base64 of the real XML, so replay loads it.
      const failed: FailedDocument = { ettn: first.ettn, receivedAt: first.receivedAt, providerRef: first.providerRef, reason: 'content is not valid base64', raw: Buffer.from(first.xml).toString('base64') };
      return { ...page, documents: rest, failed: [...page.failed, failed] };
    });
    const connected = await page(admin, { action: 'connect', provider: 'edm', startDate: START_DATE, credentials: p.h.simulators.get('edm')!.credentials });
    const edmId = (connected.result as { id: string }).id;
    await p.h.sync(edmId);
    p.h.rewritePages(null);
    const engineer = await p.signIn(users.engineer);
    const runs = (await list(engineer, 'sync_runs', `?filters.integration_id=${edmId}`) as unknown as Records);
    expect(runs.records[0]!.params).toMatchObject({ status: 'succeeded', quarantined: 1, duration: expect.stringMatching(/^\d+\.\d s$/) });
    const entry = (await list(engineer, 'quarantined_documents', '?filters.stage=extract') as unknown as Records).records[0]!;
    expect(entry.params).toMatchObject({ ettn: failedEttn, reason: 'content could not be decoded: content is not valid base64' });
    const analyst = await p.signIn(users.analyst);
    expect(await json(analyst.post(`/admin/api/resources/quarantined_documents/records/${entry.id}/replay`, {}))).toMatchObject({ notice: { message: 'forbiddenError' } });
    const replayed = await json(engineer.post(`/admin/api/resources/quarantined_documents/records/${entry.id}/replay`, {}));
    expect(replayed).toMatchObject({ notice: { type: 'success', message: expect.stringMatching(/^Replayed: [1-9]\d* lines loaded/) } });
    expect((await list(engineer, 'quarantined_documents', `?filters.ettn=${failedEttn}`) as unknown as Records).records[0]!.params.resolved_at).toBeTruthy();
  });
});

describe('language per user', () => {
  const stored = async (email: string) => (await p.h.database.db.selectFrom('admin_users').select('language').where('email', '=', email).executeTakeFirstOrThrow()).language;
  const pageLanguage = async (who: SignedIn) => /"lng":"(\w+)"/.exec(await (await who.get('/admin/resources/activity_log')).text())?.[1];

  it('stores the language on the user\'s own account only, and a new sign-in opens in it', async () => {
    const engineer = await p.signIn(users.engineer);
    expect(await pageLanguage(engineer)).toBe('en');
    expect(await json(engineer.post('/admin/language', { language: 'tr' }))).toEqual({ language: 'tr' });
    expect(await pageLanguage(engineer)).toBe('tr');
    expect(await stored(users.engineer)).toBe('tr');
    expect(await stored(users.analyst)).toBe('en');
    // The body names no other user: an attempt to aim at one is refused, and nobody else's language changes.
    const analystId = (await p.h.database.db.selectFrom('admin_users').select('id').where('email', '=', users.analyst).executeTakeFirstOrThrow()).id;
    const aimed = await engineer.post('/admin/language', { language: 'tr', userId: analystId });
    expect(aimed.status).toBe(400);
    expect(await aimed.text()).toContain('userId');
    expect((await engineer.post('/admin/language', { language: 'de' })).status).toBe(400);
    expect((await fetch(`${p.url}/admin/language`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"language":"tr"}' })).status).toBe(401);
    // Only admins edit other users (their language too) through the Users resource.
    expect(await json(engineer.post(`/admin/api/resources/admin_users/records/${analystId}/edit`, { language: 'tr' }))).toMatchObject({ notice: { message: 'forbiddenError' } });
    expect(await stored(users.analyst)).toBe('en');
    expect(await pageLanguage(await p.signIn(users.engineer))).toBe('tr');
    expect(await pageLanguage(await p.signIn(users.analyst))).toBe('en');
  });

  it('shows each user\'s language in the Users resource, editable by an admin', async () => {
    const listed = (await list(admin, 'admin_users') as unknown as Records).records;
    const analyst = listed.find((r) => r.params.email === users.analyst)!;
    expect(analyst.params.language).toBe('en');
    expect(await json(admin.post(`/admin/api/resources/admin_users/records/${analyst.id}/edit`, { language: 'tr' }))).toMatchObject({ record: { params: { language: 'tr' } } });
    expect(await stored(users.analyst)).toBe('tr');
    expect(await pageLanguage(await p.signIn(users.analyst))).toBe('tr');
  });
});

describe('secrets', () => {
  it('never sends a credential or a password hash in any response', async () => {
    for (const resource of ['integrations', 'admin_users', 'activity_log', 'sync_runs', 'inventory_lines', 'invoices', 'classification_rules', 'quarantined_documents']) {
      const listed = (await list(admin, resource) as unknown as Records);
      for (const record of listed.records.slice(0, 3)) await json(admin.get(`/admin/api/resources/${resource}/records/${record.id}/show`));
    }
    await json(admin.post('/admin/api/resources/admin_users/actions/new', { email: 'new@demo.test', role: 'analyst', password: 'a brand new password' }));
    await page(admin);
    const db = p.h.database.db;
    const secrets = [
      ...(await db.selectFrom('integrations').select('credentials_ciphertext').where('credentials_ciphertext', 'is not', null).execute()).map((r) => r.credentials_ciphertext!),
      ...(await db.selectFrom('admin_users').select('password_hash').execute()).map((r) => r.password_hash),
      ...[...p.h.simulators.values()].map((s) => s.credentials.password!).filter(Boolean),
      PASSWORD, 'a brand new password',
    ];
    expect(secrets.length).toBeGreaterThan(6);
    const all = bodies.join('\n');
    expect(all).toContain('new@demo.test');
    for (const secret of secrets) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/password_hash|credentials_ciphertext|scrypt\$/);
  });
});
