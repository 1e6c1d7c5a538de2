/**
 * A backfill killed with SIGKILL in the middle (in a child process, at a page boundary plus a random
 * few milliseconds, so inside the next page's work or transaction) and restarted ends in exactly the
 * state of an uninterrupted backfill of the same inbox, row for row.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';
import { expectSameInventory, inventoryState as state } from './inventory-state.js';

const root = path.resolve(import.meta.dirname, '../..');
const INVOICES = 80;

/** Runs the child backfill; with `killAfterPages`, SIGKILLs it that many pages in, plus 0–40 ms. */
async function backfill(h: Harness, integrationId: string, killAfterPages?: number): Promise<{ pages: number; killed: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/pipeline/sync-child.ts'], {
    cwd: root, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DATABASE_URL: h.database.url, INTEGRATION_ID: integrationId, ENCRYPTION_KEYS: h.keySpec },
  });
  const exited = once(child, 'exit');
  let pages = 0;
  let killed = false;
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.startsWith('{"runId"')) continue;
    pages++;
    if (killAfterPages !== undefined && pages === killAfterPages && !killed) {
      killed = true;
      setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 40));
    }
  }
  const [code, signal] = (await exited) as [number | null, string | null];
  if (!killed || signal !== 'SIGKILL') expect(code).toBe(0);
  return { pages, killed: signal === 'SIGKILL' };
}

describe('crash and resume', () => {
  let reference: Harness;
  let crashed: Harness;
  let referenceId: string;
  let crashedId: string;
  beforeAll(async () => {
    [reference, crashed] = await Promise.all([createHarness(), createHarness()]);
    await reference.startSimulator('qnb', INVOICES);
    await crashed.startSimulator('qnb', INVOICES);
    referenceId = await reference.connect('qnb');
    crashedId = await crashed.connect('qnb');
  });
  afterAll(() => Promise.all([reference?.close(), crashed?.close()]));

  it('two SIGKILLs mid-backfill, then a restart, end row for row where an uninterrupted backfill ends', async () => {
    const uninterrupted = await backfill(reference, referenceId);
    expect(uninterrupted.pages).toBeGreaterThan(6);
    expect((await backfill(crashed, crashedId, 2)).killed).toBe(true);
    expect((await backfill(crashed, crashedId, 3)).killed).toBe(true);
    await backfill(crashed, crashedId);
    const runs = await crashed.database.db.selectFrom('sync_runs').select('status').where('integration_id', '=', crashedId).orderBy('created_at').execute();
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted', 'succeeded']);
    const expected = await state(reference, referenceId);
    const actual = await state(crashed, crashedId);
    expectSameInventory(actual, expected);
    // Every page was committed once: the pages of the killed runs plus the rest add up to one backfill.
    expect({ ...actual.committed, succeededRuns: 1 }).toEqual(expected.committed);
  }, 120_000);
});
