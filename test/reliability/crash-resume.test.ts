/**
 * Crash and resume (issue 16 §1): a backfill in a child process SIGKILLed at seeded random crash points —
 * a page transaction just begun, during the COPY of its lines, its checkpoint write sent, between pages —
 * and restarted each time, ends row for row where an uninterrupted backfill of the same inbox ends.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderId } from '../../domain/providers.js';
import { CrashPoint, crashMarker } from '../pipeline/crash-points.js';
import { createHarness, type Harness } from '../pipeline/harness.js';
import { inventoryState } from '../pipeline/inventory-state.js';
import { reliabilityScale } from './figures.js';
import { expectSurvived } from './lines.js';
import { reliabilitySeed, seededRandom } from './random.js';

const root = path.resolve(import.meta.dirname, '../..');
const PROVIDERS: ProviderId[] = ['qnb', 'edm'];
const KILLS_PER_PROVIDER = reliabilityScale() > 1 ? 25 : 10;
// Page size 5 and a kill at most two pages into a run: enough pages that every kill finds work left.
const INVOICES = KILLS_PER_PROVIDER * 12;

interface Crash { point: CrashPoint; occurrence: number }

/** Runs the child backfill; with `crash`, SIGKILLs it at the crash point's n-th occurrence. */
async function backfill(h: Harness, integrationId: string, crash?: Crash): Promise<{ killed: boolean; done: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/pipeline/sync-child.ts'], {
    cwd: root, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DATABASE_URL: h.database.url, INTEGRATION_ID: integrationId, ENCRYPTION_KEYS: h.keySpec, ...(crash ? { CRASH_AT: crash.point, CRASH_PAUSE_MS: '300' } : {}) },
  });
  const exited = once(child, 'exit');
  const marker = crash ? crashMarker(crash.point) : undefined;
  let reached = 0;
  let done = false;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('{"done"')) done = true;
    if (line === marker && ++reached === crash?.occurrence) child.kill('SIGKILL');
  }
  const [code, signal] = (await exited) as [number | null, string | null];
  if (signal !== 'SIGKILL') expect(code).toBe(0);
  return { killed: signal === 'SIGKILL', done };
}

describe('crash and resume under seeded SIGKILLs', () => {
  let reference: Harness;
  let crashed: Harness;
  const random = seededRandom(reliabilitySeed());
  beforeAll(async () => {
    [reference, crashed] = await Promise.all([createHarness(), createHarness()]);
  });
  afterAll(() => Promise.all([reference?.close(), crashed?.close()]));

  it.each(PROVIDERS)(`%s: ${KILLS_PER_PROVIDER} kills at random crash points, restarted each time, end row for row as one uninterrupted backfill`, async (provider) => {
    await reference.startSimulator(provider, INVOICES);
    await crashed.startSimulator(provider, INVOICES);
    const referenceId = await reference.connect(provider);
    const crashedId = await crashed.connect(provider);
    expect((await backfill(reference, referenceId)).done).toBe(true);

    const points: Crash[] = Array.from({ length: KILLS_PER_PROVIDER }, () => ({ point: CrashPoint.options[Math.floor(random() * CrashPoint.options.length)]!, occurrence: 1 + Math.floor(random() * 2) }));
    let killed = 0;
    for (const crash of points) {
      const run = await backfill(crashed, crashedId, crash);
      expect(run, `the backfill ended before ${crash.point} #${crash.occurrence}: too few pages for the kills`).toEqual({ killed: true, done: false });
      killed++;
    }
    expect((await backfill(crashed, crashedId)).done).toBe(true);

    const expected = await inventoryState(reference, referenceId);
    const actual = await inventoryState(crashed, crashedId);
    await expectSurvived(actual, expected, killed);
    expect({ ...actual.committed, succeededRuns: 1 }).toEqual(expected.committed);
    const runs = await crashed.database.db.selectFrom('sync_runs').select('status').where('integration_id', '=', crashedId).orderBy('created_at').execute();
    expect(runs.map((r) => r.status)).toEqual([...points.map(() => 'interrupted'), 'succeeded']);
  }, 600_000);
});
