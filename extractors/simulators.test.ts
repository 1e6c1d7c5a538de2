/**
 * Every extractor against its running simulator: exact backfills, resumption from checkpoints, the
 * fault plan, late arrivals, session expiry, cancellation, wrong credentials, and no marking calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderId } from '../domain/providers.js';
import { manifestEntries, type DatasetSpec, type ManifestEntry } from '../simulators/dataset/index.js';
import { startSimulator, type FaultSpecInput, type RunningSimulator } from '../simulators/index.js';
import type { ContentFaultKind } from '../simulators/faults.js';
import { initialCheckpoint, type Checkpoint, type Extractor, type Page } from './contract.js';
import { AuthError } from './errors.js';
import type { ExtractorOptions } from './options.js';
import { extractorFactories } from './registry.js';
import { DAY_MS, HOUR_MS } from './time.js';

const START_DATE = '2025-01-10';
/** A Turkey-time midnight, so date-only (İşNet) and instant windows end at the same place. */
const UNTIL = '2025-03-24T21:00:00.000Z';
const markingOperations = ['MarkInvoice', 'SetInvoicesTaken', 'belgelerAlindi'];

/** Per provider: small pages so that paging, splitting and cursors are really exercised. */
const tuning: Record<ProviderId, Partial<ExtractorOptions> & { byIssueDate: boolean }> = {
  edm: { pageSize: 15, window: { windowMs: 7 * DAY_MS }, byIssueDate: false },
  qnb: { window: { windowMs: 60 * DAY_MS }, byIssueDate: false },
  uyumsoft: { pageSize: 20, byIssueDate: false },
  crs: { pageSize: 20, byIssueDate: false },
  isnet: { pageSize: 20, byIssueDate: true },
};

/** Sleeps are instant (Retry-After is still recorded), the clock is real. */
const instantTiming = {
  now: () => Date.now(),
  random: () => 0.5,
  sleep: async (_ms: number, signal: AbortSignal) => signal.throwIfAborted(),
};

async function collect(pages: AsyncIterable<Page>): Promise<Page[]> {
  const out: Page[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

const ettnsOf = (pages: Page[]) => pages.flatMap((p) => p.documents.map((d) => d.ettn));

function inRange(entry: ManifestEntry, byIssueDate: boolean, startDate: string, until: string): boolean {
  if (!entry.deliveredToInbox) return false;
  if (byIssueDate) return entry.issueDate >= startDate && Date.parse(`${entry.issueDate}T00:00:00+03:00`) < Date.parse(until);
  const arrived = Date.parse(entry.arrivedAt);
  return arrived >= Date.parse(`${startDate}T00:00:00+03:00`) && arrived < Date.parse(until);
}

describe.each(['edm', 'qnb', 'uyumsoft', 'crs', 'isnet'] as const)('%s extractor against its simulator', (provider) => {
  const dataset: DatasetSpec = { seed: 42, provider, invoices: 160, from: '2025-01-01T00:00:00Z', to: '2025-03-01T00:00:00Z', customer: { vkn: '1234567890', name: 'Demo Üretim A.Ş.' } };
  const { byIssueDate, ...options } = tuning[provider];
  let sim: RunningSimulator;
  let manifest: ManifestEntry[];
  let expected: Set<string>;
  const opened: Extractor<unknown>[] = [];
  let retries = 0;

  function extractor(extra: Partial<ExtractorOptions> = {}): Extractor<unknown> {
    const created = extractorFactories[provider]({
      baseUrl: sim.url,
      ...options,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      timing: instantTiming,
      onRetry: () => retries++,
      ...extra,
    });
    opened.push(created);
    return created;
  }
  const creds = () => sim.credentials;
  const fresh = (until = UNTIL): Checkpoint => initialCheckpoint(provider, START_DATE, until);

  beforeAll(async () => {
    sim = await startSimulator(provider, { dataset });
    manifest = [...manifestEntries(dataset)];
    expected = new Set(manifest.filter((e) => inRange(e, byIssueDate, START_DATE, UNTIL)).map((e) => e.ettn.toLowerCase()));
  });
  afterAll(async () => {
    await Promise.all(opened.map((e) => e.close()));
    await sim?.close();
  });

  function assertReadOnly() {
    expect(sim.calls.filter((c) => markingOperations.includes(c.operation))).toEqual([]);
  }

  it('proves the credentials and refuses wrong ones with a typed, readable AuthError, without retrying', async () => {
    const signal = new AbortController().signal;
    await extractor().testConnection(creds(), signal);
    sim.setFaults({ wrongCredentials: true });
    const before = sim.calls.length;
    const error = await extractor().testConnection(creds(), signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/rejected/);
    expect((error as Error).message).not.toContain(sim.credentials.password ?? '\u0000');
    expect(sim.calls.length - before).toBe(1);
    const during = await collect(extractor().extract(creds(), fresh(), signal)).catch((e: unknown) => e);
    expect(during).toBeInstanceOf(AuthError);
    sim.setFaults({});
  });

  let pages: Page[] = [];
  it('backfills exactly the manifest for the range: none missing, none twice', async () => {
    pages = await collect(extractor().extract(creds(), fresh(), new AbortController().signal));
    const ettns = ettnsOf(pages);
    expect(expected.size).toBeGreaterThan(50);
    expect(new Set(ettns).size).toBe(ettns.length);
    expect(new Set(ettns)).toEqual(expected);
    for (const document of pages.flatMap((p) => p.documents)) expect(document.xml).toContain(document.ettn);
    const last = pages.at(-1)!.checkpoint;
    expect(last.position).toBeNull();
    expect(last.syncedThrough).toBe(UNTIL);
    assertReadOnly();
  });

  it('resumes from any page checkpoint to the same set', async () => {
    expect(pages.length).toBeGreaterThan(3);
    const picks = [...new Set([0, Math.floor(pages.length / 2), pages.length - 2])].filter((k) => k >= 0 && k < pages.length - 1);
    for (const k of picks) {
      const before = ettnsOf(pages.slice(0, k + 1));
      const checkpoint = JSON.parse(JSON.stringify(pages[k]!.checkpoint)) as Checkpoint;
      const after = ettnsOf(await collect(extractor().extract(creds(), checkpoint, new AbortController().signal)));
      const all = [...before, ...after];
      expect(new Set(all), `resumed after page ${k}`).toEqual(expected);
      expect(all.length, `resumed after page ${k}`).toBe(expected.size);
    }
  });

  it('survives resets, HTTP 500, throttling, 429/503, truncated and malformed bodies, slow replies and repeated items', async () => {
    const faults: FaultSpecInput = {
      reset: { from: 2, to: 2 },
      http500: { from: 4, to: 4 },
      truncate: { from: 6, to: 6 },
      malformed: { from: 8, to: 8 },
      throttle: { from: 10, to: 11, style: provider === 'qnb' ? 'http429' : 'provider', retryAfterSeconds: 1 },
      slow: { from: 13, to: 13, delayMs: 1_600 },
      html: { from: 3, to: 3 },
      duplicates: { every: 3 },
    };
    sim.setFaults(faults);
    retries = 0;
    const got = ettnsOf(await collect(extractor({ http: { headersTimeoutMs: 300 } }).extract(creds(), fresh(), new AbortController().signal)));
    expect(new Set(got)).toEqual(expected);
    expect(got.length).toBe(expected.size);
    const injected = sim.calls.filter((c) => ['reset', 'http500', 'truncate', 'malformed', 'throttle', 'html'].includes(c.fault ?? ''));
    expect(injected.length).toBeGreaterThanOrEqual(3);
    expect(retries).toBeGreaterThanOrEqual(injected.length);
    sim.setFaults({ throttle: { style: 'http503', retryAfterSeconds: 2 } });
    const failure = await collect(extractor().extract(creds(), fresh(), new AbortController().signal)).catch((e: unknown) => e);
    expect((failure as Error).name).toBe('TransientError');
    expect((failure as Error).message).toMatch(/gave up after \d+ attempt/);
    sim.setFaults({});
    assertReadOnly();
  });

  /** Serves each content fault on one invoice of the range; `reasons[kind]` null = that document still arrives. */
  async function checkContentFaults(reasons: Record<ContentFaultKind, RegExp | null>, extra: Partial<ExtractorOptions> = {}) {
    const kinds = Object.keys(reasons) as ContentFaultKind[];
    const targets = manifest.filter((e) => expected.has(e.ettn)).filter((_, k) => k % 7 === 3).slice(0, kinds.length);
    expect(targets).toHaveLength(kinds.length);
    sim.setFaults({ content: kinds.map((kind, k) => ({ kind, indices: [targets[k]!.index] })) });
    const got = await collect(extractor(extra).extract(creds(), fresh(), new AbortController().signal));
    sim.setFaults({});
    const failed = got.flatMap((p) => p.failed);
    const broken = new Set(kinds.flatMap((kind, k) => (reasons[kind] ? [targets[k]!.ettn] : [])));
    expect(new Set(ettnsOf(got))).toEqual(new Set([...expected].filter((ettn) => !broken.has(ettn))));
    expect(failed.map((f) => f.ettn).sort()).toEqual([...broken].sort());
    kinds.forEach((kind, k) => {
      const reason = reasons[kind];
      const target = targets[k]!;
      if (reason) expect(failed.find((f) => f.ettn === target.ettn)?.reason, kind).toMatch(reason);
      else expect(got.flatMap((p) => p.documents).find((d) => d.ettn === target.ettn)?.xml, kind).toContain(target.ettn);
    });
    for (const document of failed) expect(document.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    assertReadOnly();
  }

  // Content faults of providers.md §7.3. Uyumsoft/CRS read content inline by default (GetInboxInvoices),
  // where only some have a form; their base64 path (perInvoice, GetInboxInvoiceData) meets them all.
  const base64Reasons: Record<ContentFaultKind, RegExp | null> = {
    badBase64: /not valid base64/, bom: null, html: /HTML page/, zipTwo: /zip holds 2 entries/, zipEmpty: /zip holds 0 entries/,
    gzip: null, empty: /no content/, xsiType: null, cutHalf: /cut off/,
  };
  const inline = provider === 'uyumsoft' || provider === 'crs';

  it('delivers every good document and each broken content in page.failed with its reason and listed identity', async () => {
    await checkContentFaults(base64Reasons, inline ? ({ contentMode: 'perInvoice' } as Partial<ExtractorOptions>) : {});
    if (inline) {
      await checkContentFaults({ ...base64Reasons, badBase64: null, zipTwo: null, zipEmpty: null, cutHalf: null });
    }
  });

  it('picks up late arrivals and re-issued content in the next sync', async () => {
    // A simulator of its own: late and re-issued invoices are relisted for good (simulators/relisting.ts).
    const inbox = await startSimulator(provider, { dataset });
    const firstUntil = '2025-02-19T21:00:00.000Z';
    const overlapMs = byIssueDate ? 30 * DAY_MS : 48 * HOUR_MS;
    const inFirst = (e: ManifestEntry) => inRange(e, byIssueDate, START_DATE, firstUntil);
    const overlapStart = Date.parse(firstUntil) - overlapMs;
    const dateOf = (e: ManifestEntry) => (byIssueDate ? Date.parse(`${e.issueDate}T00:00:00+03:00`) : Date.parse(e.arrivedAt));
    const late = { every: 2, offset: 1, untilCall: 1_000_000 };
    const lateIndices = manifest.filter((e) => e.index % 2 === 1 && e.deliveredToInbox).map((e) => e.index);
    // One on-time invoice inside the overlap is re-issued with new content once it has been served.
    const reissued = manifest.find((e) => e.index % 2 === 0 && e.deliveredToInbox && inFirst(e) && dateOf(e) >= overlapStart)!;
    const reissue = { indices: [reissued.index] };
    try {
      inbox.setFaults({ late, reissue });
      const read = (from: Checkpoint) => collect(extractor({ baseUrl: inbox.url }).extract(inbox.credentials, from, new AbortController().signal));
      const first = await read(fresh(firstUntil));
      const firstEttns = new Set(ettnsOf(first));
      expect(manifest.filter((e) => lateIndices.includes(e.index) && inFirst(e)).some((e) => firstEttns.has(e.ettn))).toBe(false);

      // The late invoices arrive at the next call, after the first sync: listed at that moment, their dates kept.
      inbox.setFaults({ late: { ...late, untilCall: 1 }, reissue });
      await extractor({ baseUrl: inbox.url }).testConnection(inbox.credentials, new AbortController().signal);
      const second = await read({ ...first.at(-1)!.checkpoint, until: null });
      const secondEttns = ettnsOf(second);
      expect(new Set(secondEttns).size).toBe(secondEttns.length);
      // The first sync served revision 1; the next one brings the changed content.
      const original = first.flatMap((p) => p.documents).find((d) => d.ettn === reissued.ettn);
      const reread = second.flatMap((p) => p.documents).find((d) => d.ettn === reissued.ettn);
      expect(original && reread && original.xml !== reread.xml).toBe(true);
      // Every late invoice is caught: listed by arrival inside the overlap, or (İşNet, by invoice date) in the
      // overlap or in an older week whose count grew since the first sync (isnet/census.ts).
      const lateInFirst = manifest.filter((e) => lateIndices.includes(e.index) && inFirst(e));
      if (byIssueDate) expect(lateInFirst.some((e) => dateOf(e) < overlapStart)).toBe(true);
      for (const e of lateInFirst) expect(secondEttns).toContain(e.ettn);
    } finally {
      await inbox.close();
    }
  });

  it('recovers from session expiry in the middle of a sync', async () => {
    sim.setFaults({ sessionExpiry: { afterCalls: 3 } });
    const before = sim.calls.length;
    const got = ettnsOf(await collect(extractor().extract(creds(), fresh(), new AbortController().signal)));
    const calls = sim.calls.slice(before);
    sim.setFaults({});
    expect(new Set(got)).toEqual(expected);
    expect(got.length).toBe(expected.size);
    if (provider === 'edm') {
      // One login, then one more each time the session dies: never a retry storm.
      const expired = calls.filter((c) => c.fault === 'sessionExpired').length;
      expect(expired).toBeGreaterThan(0);
      expect(calls.filter((c) => c.operation === 'Login').length).toBe(expired + 1);
    } else {
      // WS-Security / per-call credentials (QNB, Uyumsoft, CRS) or none (İşNet): no session to lose.
      expect(calls.filter((c) => c.fault === 'sessionExpired')).toEqual([]);
    }
  });

  it('stops when cancelled: before the next request, and in the middle of a slow one', async () => {
    const controller = new AbortController();
    const iterator = extractor().extract(creds(), fresh(), controller.signal)[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort(new Error('cancelled by test'));
    const calls = sim.calls.length;
    await expect(iterator.next()).rejects.toThrow('cancelled by test');
    // Nothing is asked after the cancellation; the one page read ahead before it may still be answered.
    expect(sim.calls.length - calls).toBeLessThanOrEqual(1);

    sim.setFaults({ slow: { delayMs: 1_500 } });
    const midway = new AbortController();
    const pending = collect(extractor().extract(creds(), fresh(), midway.signal));
    const before = sim.calls.length;
    setTimeout(() => midway.abort(new Error('cancelled mid-request')), 100);
    await expect(pending).rejects.toThrow('cancelled mid-request');
    // The slow call is logged by the simulator only when it answers: nothing was answered yet.
    expect(sim.calls.length).toBe(before);
    sim.setFaults({});
  });
});
