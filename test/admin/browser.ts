/**
 * Debian's chromium driven by playwright-core (stack.md §8): found on PATH (CHROMIUM overrides), headless,
 * no network services of its own. Screenshots go to test-artifacts/panel (git-ignored).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ARTIFACTS = path.join(import.meta.dirname, '..', '..', 'test-artifacts', 'panel');

export function chromiumPath(): string {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  const found = (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'chromium')).find((file) => existsSync(file));
  if (!found) throw new Error('chromium is not on PATH: install it (apt-get install -y chromium) or set CHROMIUM');
  return found;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Requests to anywhere but loopback (refused): the panel must make none. */
  external: string[];
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'panel-browser-'));
  await mkdir(ARTIFACTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(), acceptDownloads: true, viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const external: string[] = [];
  await context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:', async (route) => {
    external.push(route.request().url());
    await route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return {
    context, page, external,
    shot: async (name) => void (await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true })),
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export async function signInThroughForm(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/admin/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('form button')]);
}
