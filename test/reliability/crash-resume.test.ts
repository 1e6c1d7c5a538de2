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
import { startSimulator } from '../../simulators/index.js';
import { createHarness, datasetFor, type Harness } from '../pipeline/harness.js';
import { inventoryState } from '../pipeline/inventory-state.js';
import { reliabilityScale } from './figures.js';
import { expectSurvived } from './lines.js';
import { reliabilitySeed, seededRandom } from './random.js';

const root = path.resolve(import.meta.dirname, '../..');
const PROVIDERS: ProviderId[] = ['qnb', 'edm'];
const KILLS_PER_PROVIDER = reliabilityScale() > 1 ? 25 : 10;
// A kill at most two page transactions into a run, so every kill must find that many left. EDM pages
// are 5 documents (the page size); QNB lists a week per call whatever the page size asks, so its pages
// are the weeks that hold invoices: the inbox spans a year (the harness's datasets span two months).
const INVOICES = KILLS_PER_PROVIDER * 12;
const INBOX_TO = '2026-01-01T00:00:00Z';

/** The same inbox of a year for each harness. */
async function startInbox(h: Harness, provider: ProviderId): Promise<void> {
  h.simulators.set(provider, await startSimulator(provider, { dataset: { ...datasetFor(provider, INVOICES), to: INBOX_TO } }));
}

interface Crash { point: CrashPoint; occurrence: number }

/** Runs the child backfill; with `crash`, SIGKILLs it at the crash point's n-th occurrence, where it waits. */
async function backfill(h: Harness, integrationId: string, crash?: Crash): Promise<{ killed: boolean; done: boolean; reportedDocuments: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/pipeline/sync-child.ts'], {
    cwd: root, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DATABASE_URL: h.database.url, INTEGRATION_ID: integrationId, ENCRYPTION_KEYS: h.keySpec, ...(crash ? { CRASH_AT: crash.point, CRASH_OCCURRENCE: String(crash.occurrence) } : {}) },
  });
  const exited = once(child, 'exit');
  const marker = crash ? crashMarker(crash.point) : undefined;
  let done = false;
  let reportedDocuments = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('{"done"')) done = true;
    // A page's progress line comes once its transaction has committed (an empty one's, with nothing to commit).
    if (line.startsWith('{"runId"')) reportedDocuments = (JSON.parse(line) as { documents: number }).documents;
    if (line === marker) child.kill('SIGKILL'); // the child waits at its crash point for this
  }
  const [code, signal] = (await exited) as [number | null, string | null];
  if (signal !== 'SIGKILL') expect(code).toBe(0);
  return { killed: signal === 'SIGKILL', done, reportedDocuments };
}

/**
 * The kills of one provider: each of the four crash points once (so every seed tries them all), the rest
 * at points drawn at random, in a seeded random order, each at the point's first or second occurrence.
 */
function crashPlan(random: () => number): Crash[] {
  const { options } = CrashPoint;
  const points = [...options, ...Array.from({ length: KILLS_PER_PROVIDER - options.length }, () => options[Math.floor(random() * options.length)]!)];
  for (let i = points.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [points[i], points[j]] = [points[j]!, points[i]!];
  }
  return points.map((point) => ({ point, occurrence: 1 + Math.floor(random() * 2) }));
}

/** Documents the integration has committed: counted in each page's transaction, with its checkpoint. */
async function committedDocuments(h: Harness, integrationId: string): Promise<number> {
  return (await h.database.db.selectFrom('integrations').select('documents_fetched').where('id', '=', integrationId).executeTakeFirstOrThrow()).documents_fetched;
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
    await Promise.all([startInbox(reference, provider), startInbox(crashed, provider)]);
    const referenceId = await reference.connect(provider);
    const crashedId = await crashed.connect(provider);
    expect((await backfill(reference, referenceId)).done).toBe(true);

    const points = crashPlan(random);
    let killed = 0;
    for (const crash of points) {
      const before = await committedDocuments(crashed, crashedId);
      const run = await backfill(crashed, crashedId, crash);
      expect({ killed: run.killed, done: run.done }, `the backfill ended before ${crash.point} #${crash.occurrence}: too few pages for the kills`).toEqual({ killed: true, done: false });
      // The kill landed where it was aimed: inside a page, what the pages before it committed and nothing of its
      // own; between pages, the page whose COMMIT was sent as well (its progress line never printed).
      const committed = await committedDocuments(crashed, crashedId) - before;
      const where = `documents committed by a run killed at ${crash.point} #${crash.occurrence}`;
      if (crash.point === 'between') expect(committed, where).toBeGreaterThan(run.reportedDocuments);
      else expect(committed, where).toBe(run.reportedDocuments);
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
