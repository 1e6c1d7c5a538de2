import { describe, expect, it } from 'vitest';
import { Checkpoint, initialCheckpoint, type ExtractedDocument, type FailedDocument, type Json, type Page, type RawDocument } from './contract.js';
import { DAY_MS, HOUR_MS } from './time.js';
import { runRange, runWindows, type Window } from './windows.js';

const plan = { windowMs: 2 * DAY_MS, overlapMs: 48 * HOUR_MS, wholeDays: false };
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const doc = (ettn: string, xml = `<Invoice>${ettn}</Invoice>`): RawDocument => ({ ettn, receivedAt: '2025-01-01T00:00:00.000Z', xml, providerRef: null });

async function all(pages: AsyncIterable<Page>) {
  const out: Page[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('runRange', () => {
  it('starts at the start date, at a resumed window, or an overlap before the last completed run', () => {
    const now = Date.parse('2025-01-10T12:00:00Z');
    const fresh = initialCheckpoint('edm', '2025-01-01');
    expect(runRange(fresh, plan, now)).toEqual({ start: Date.parse('2024-12-31T21:00:00Z'), end: now });
    const done = { ...fresh, syncedThrough: '2025-01-05T00:00:00.000Z' };
    expect(runRange(done, plan, now).start).toBe(Date.parse('2025-01-03T00:00:00Z'));
    const whole = runRange(done, { ...plan, wholeDays: true }, now);
    expect([whole.start, whole.end]).toEqual([Date.parse('2025-01-02T21:00:00Z'), Date.parse('2025-01-10T21:00:00Z')]);
  });
});

describe('runWindows', () => {
  it('pages every window, drops repeats of the previous page unless the content changed, and checkpoints each page', async () => {
    const served: Record<string, RawDocument[][]> = {};
    const script: RawDocument[][] = [[doc('a'), doc('b')], [doc('b'), doc('c')], [doc('c', '<Invoice>c v2</Invoice>'), doc('d')], [], [doc('e')]];
    let call = 0;
    const read = async (window: Window, cursor: Json | null) => {
      const documents = script[call++] ?? [];
      (served[`${window.from}`] ??= []).push(documents);
      // Two pages in the first window, one in each later window.
      return { documents, next: call === 1 && cursor === null ? 1 : null };
    };
    const checkpoint = initialCheckpoint('edm', '2025-01-01', '2025-01-08T21:00:00.000Z');
    const pages = await all(runWindows(checkpoint, plan, read, { now: 0, signal: new AbortController().signal, logger: silent }));
    expect(pages.map((p) => p.documents.map((d) => d.ettn))).toEqual([['a', 'b'], ['c'], ['c', 'd'], [], ['e']]);
    expect(Object.keys(served)).toHaveLength(4);
    for (const page of pages) expect(Checkpoint.safeParse(page.checkpoint).success).toBe(true);
    expect(pages[0]!.checkpoint.position).toMatchObject({ cursor: 1, windowStart: '2024-12-31T21:00:00.000Z', windowEnd: '2025-01-02T21:00:00.000Z' });
    expect(pages[1]!.checkpoint.position).toMatchObject({ cursor: null, windowStart: '2025-01-02T21:00:00.000Z' });
    expect(pages[1]!.checkpoint.position!.boundary.map((b) => b.ettn)).toEqual(['b', 'c']);
    expect(pages.at(-1)!.checkpoint).toMatchObject({ position: null, syncedThrough: '2025-01-08T21:00:00.000Z' });
  });

  it('carries failed documents on their page, apart from the good ones, and drops their repeats like any other', async () => {
    const bad = (ettn: string): FailedDocument => ({ ettn, receivedAt: null, providerRef: null, reason: 'content is not valid base64', raw: '@@' });
    const script: ExtractedDocument[][] = [[doc('a'), bad('x')], [bad('x'), doc('b')]];
    let call = 0;
    const read = async () => ({ documents: script[call++] ?? [], next: null });
    const checkpoint = initialCheckpoint('edm', '2025-01-01', '2025-01-04T21:00:00.000Z');
    const pages = await all(runWindows(checkpoint, plan, read, { now: 0, signal: new AbortController().signal, logger: silent }));
    expect(pages.map((p) => [p.documents.map((d) => d.ettn), p.failed.map((d) => d.ettn)])).toEqual([[['a'], ['x']], [['b'], []]]);
  });

  it('still drops a repeat when an empty page stands between the two windows', async () => {
    // QNB: a window ends with an empty page, and the next window starts on the same inclusive second.
    const script: RawDocument[][] = [[doc('a')], [], [doc('a'), doc('b')]];
    let call = 0;
    const read = async (_window: Window, cursor: Json | null) => ({ documents: script[call++] ?? [], next: call === 1 && cursor === null ? 1 : null });
    const checkpoint = initialCheckpoint('qnb', '2025-01-01', '2025-01-04T21:00:00.000Z');
    const pages = await all(runWindows(checkpoint, plan, read, { now: 0, signal: new AbortController().signal, logger: silent }));
    expect(pages.flatMap((p) => p.documents.map((d) => d.ettn))).toEqual(['a', 'b']);
    expect(pages[1]!.checkpoint.position!.boundary.map((b) => b.ettn)).toEqual(['a']);
  });

  it('stops before the next request once the signal is aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    const pages = runWindows(initialCheckpoint('qnb', '2025-01-01', '2025-02-01T00:00:00.000Z'), plan, async () => {
      calls++;
      return { documents: [], next: null };
    }, { now: 0, signal: controller.signal, logger: silent })[Symbol.asyncIterator]();
    await pages.next();
    controller.abort(new Error('stop'));
    await expect(pages.next()).rejects.toThrow('stop');
    expect(calls).toBe(1);
  });
});
