/**
 * The panel in a real browser against a real engine: sign in; connect Uyumsoft against its simulator with
 * a wrong then the right password and watch it reach Connected with data; pause, resume, sync now; the
 * Activity Log by each filter; review a line with a supplier rule; a line down to its raw XML; CSV export
 * with a filter; the results dashboard; disconnect; an analyst cannot connect or manage users; the analyst's language follows their account to a
 * fresh browser while a colleague keeps theirs; another organization sees nothing.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_DATE } from '../pipeline/harness.js';
import { openBrowser, signInThroughForm, type Browser } from './browser.js';
import { PASSWORD, startPanelServer, users, type PanelServer } from './panel-server.js';

let p: PanelServer;
let b: Browser;

beforeAll(async () => {
  p = await startPanelServer({ providers: ['uyumsoft'], invoices: 30, engine: 'local' });
  b = await openBrowser();
}, 120_000);
afterAll(async () => {
  await b?.close();
  await p?.close();
});

const card = () => b.page.getByTestId('card-uyumsoft');
const status = () => card().getByTestId('status');

async function menuItem(name: string) {
  await card().getByTestId('menu').click();
  await card().getByTestId('menu-items').getByRole('button', { name, exact: true }).click();
}

describe('admin panel in chromium', () => {
  it('connects a provider, runs it, and shows its data, log and origin', async () => {
    const { page } = b;
    await signInThroughForm(page, p.url, users.admin, PASSWORD);
    await page.goto(`${p.url}/admin/pages/integrations`);
    await expect.poll(() => status().textContent()).toBe('Not Connected');
    await b.shot('integrations');

    await card().getByTestId('connect').click();
    const credentials = p.h.simulators.get('uyumsoft')!.credentials;
    await page.fill('#field-username', credentials.username!);
    await page.fill('#field-password', 'wrong password');
    await page.fill('#field-startDate', START_DATE);
    await expect.poll(() => page.getByTestId('old-start-warning').isVisible()).toBe(true);
    await page.getByTestId('save').click();
    await expect.poll(() => page.getByTestId('panel-error').textContent()).toMatch(/Uyumsoft/);
    await b.shot('connect-refused');
    await page.fill('#field-password', credentials.password!);
    await page.getByTestId('save').click();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toBe('Connected');
    await expect.poll(async () => Number((await card().getByTestId('records').textContent())?.replace(/\D/g, '')), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => status().getAttribute('title'), { timeout: 60_000 }).toMatch(/Last successful sync: (?!never)[\s\S]*Responsible: admin@demo\.test/);
    await expect.poll(() => status().textContent()).toBe('Connected');
    await b.shot('connected');

    await menuItem('Pause');
    await expect.poll(() => status().textContent()).toBe('Paused');
    await menuItem('Resume');
    await expect.poll(() => status().textContent(), { timeout: 30_000 }).toMatch(/Connected|Syncing/);
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toBe('Connected');
    await menuItem('Sync now');
    await expect.poll(() => page.getByTestId('page-message').textContent()).toMatch(/sync queued|Connected|Syncing/);
    await menuItem('Test connection');
    await expect.poll(() => page.getByTestId('page-message').textContent()).toContain('accepted the stored credentials');

    // The Activity Log by each filter (what the filter drawer puts in the URL), newest first.
    const today = new Date().toISOString().slice(0, 10);
    for (const [filter, expected] of [['action_type=pause', 'pause'], ['provider=uyumsoft', 'uyumsoft'], ['status=error', 'error'], [`performed_by=${users.admin}`, users.admin], [`occurred_at~~from=${today}&filters.occurred_at~~to=${today}T23:59:59Z`, today]] as const) {
      await page.goto(`${p.url}/admin/resources/activity_log?filters.${filter}`);
      const rows = page.locator('table tbody tr');
      await expect.poll(() => rows.count()).toBeGreaterThan(0);
      // Values show as their labels ("Pause", "Uyumsoft"): compared without case.
      for (const text of await rows.allTextContents()) expect(text.toLowerCase()).toContain(expected.toLowerCase());
    }
    await page.goto(`${p.url}/admin/resources/activity_log?filters.status=error`);
    await expect.poll(() => page.locator('table tbody').textContent()).toContain('Connect refused');
    await b.shot('activity-log');

    // Review a line and create the rule for its supplier.
    const line = await p.h.database.db.selectFrom('inventory_lines').selectAll().where('status', '=', 'calculated').orderBy('id').executeTakeFirstOrThrow();
    await page.goto(`${p.url}/admin/resources/inventory_lines/records/${line.id}/review`);
    const target = line.category === 'waste' ? 'freight' : 'waste';
    await page.locator('#review-category').fill(target);
    await page.keyboard.press('Enter');
    await page.locator('label[for=create-rule]').click();
    await page.getByTestId('review-save').click();
    await expect.poll(() => page.getByTestId('review-done').textContent()).toContain('rule created');
    await b.shot('review');
    await page.goto(`${p.url}/admin/resources/classification_rules`);
    await expect.poll(() => page.locator('table tbody').textContent()).toContain(users.admin);
    expect((await page.locator('table tbody').textContent())?.toLowerCase()).toContain(target);

    // Down to the raw XML.
    await page.goto(`${p.url}/admin/resources/inventory_lines/records/${line.id}/drillDown`);
    await expect.poll(() => page.getByTestId('drill-down').isVisible()).toBe(true);
    await page.getByTestId('show-xml').click();
    await expect.poll(() => page.getByTestId('raw-xml').textContent()).toContain('Invoice');
    await page.getByTestId('show-rendered').click();
    await expect.poll(() => page.getByTestId('rendered-invoice').isVisible()).toBe(true);
    await b.shot('drill-down');

    // CSV export honouring the list's filter.
    await page.goto(`${p.url}/admin/resources/inventory_lines/actions/exportCsv?filters.category=electricity`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const rows = csv.trim().split('\n');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((r) => r.includes(',electricity,'))).toBe(true);
    await b.shot('export');

    // The results dashboard draws the month bars from the data.
    await page.goto(`${p.url}/admin`);
    await expect.poll(() => page.getByTestId('by-scope').locator('rect').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('methods').textContent()).toMatch(/activity-based: [\d.,]+ t CO2e/);
    await b.shot('dashboard');

    await page.goto(`${p.url}/admin/pages/integrations`);
    page.once('dialog', (dialog) => void dialog.accept());
    await card().getByTestId('disconnect').click();
    await expect.poll(() => status().textContent()).toBe('Not Connected');
    expect(await card().getByTestId('records').textContent()).not.toMatch(/^0 /);
  }, 240_000);

  it('lets an analyst read but not connect or manage users, and hides another organization', async () => {
    const { page } = b;
    await page.goto(`${p.url}/admin/logout`);
    await signInThroughForm(page, p.url, users.analyst, PASSWORD);
    await page.goto(`${p.url}/admin/pages/integrations`);
    await expect.poll(() => page.getByTestId('status').count()).toBe(5);
    expect(await page.getByTestId('connect').count()).toBe(0);
    expect(await page.getByTestId('disconnect').count()).toBe(0);
    expect(await page.getByTestId('menu').count()).toBe(0);
    await page.goto(`${p.url}/admin/resources/admin_users`);
    await expect.poll(() => page.textContent('body')).not.toContain(users.engineer);
    await b.shot('analyst-users');

    // Turkish from the top bar's selector: stored on the analyst's account, so it follows them to a new browser.
    await page.goto(`${p.url}/admin/resources/activity_log`);
    await page.locator('[data-css="topbar"]').getByRole('button', { name: 'English' }).click();
    await page.getByText('Türkçe', { exact: true }).click();
    await expect.poll(() => page.textContent('body')).toContain('Etkinlik Günlüğü');
    await expect.poll(async () => (await p.h.database.db.selectFrom('admin_users').select('language').where('email', '=', users.analyst).executeTakeFirstOrThrow()).language).toBe('tr');
    await page.goto(`${p.url}/admin/logout`);
    const fresh = await openBrowser();
    try {
      await signInThroughForm(fresh.page, p.url, users.analyst, PASSWORD);
      await fresh.page.goto(`${p.url}/admin/resources/activity_log`);
      await expect.poll(() => fresh.page.textContent('body')).toContain('Etkinlik Günlüğü');
      expect(await fresh.page.textContent('body')).toContain('İşlem türü');
      await fresh.shot('turkish');
      // Another user of the same organization keeps their own language.
      await fresh.page.goto(`${p.url}/admin/logout`);
      await signInThroughForm(fresh.page, p.url, users.engineer, PASSWORD);
      await fresh.page.goto(`${p.url}/admin/resources/activity_log`);
      await expect.poll(() => fresh.page.textContent('body')).toContain('Activity Log');
      expect(await fresh.page.textContent('body')).not.toContain('Etkinlik Günlüğü');
      expect(fresh.external).toEqual([]);
    } finally {
      await fresh.close();
    }

    const line = await p.h.database.db.selectFrom('inventory_lines').select(['id', 'description']).executeTakeFirstOrThrow();
    await page.goto(`${p.url}/admin/logout`);
    await signInThroughForm(page, p.url, users.other, PASSWORD);
    await page.goto(`${p.url}/admin/resources/inventory_lines/records/${line.id}/show`);
    await page.waitForLoadState('networkidle');
    expect(await page.textContent('body')).not.toContain(line.description);
    await page.goto(`${p.url}/admin/resources/inventory_lines`);
    await page.waitForLoadState('networkidle');
    expect(await page.textContent('body')).not.toContain(line.description);
    await b.shot('other-organization');
    expect(b.external).toEqual([]);
  }, 120_000);
});
