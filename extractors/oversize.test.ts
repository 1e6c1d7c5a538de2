/**
 * A document whose reply is over the response limit, against each real simulator over HTTP (the
 * `oversize` fault): the page is read again in smaller pages, the big document comes out failed with
 * its reason, every other document of the range exactly once, and the next page is full size again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ProviderId } from '../domain/providers.js';
import { invoiceDocument, manifestEntries, type DatasetSpec } from '../simulators/dataset/index.js';
import { startSimulator, type RunningSimulator } from '../simulators/index.js';
import { initialCheckpoint, type Extractor, type Page } from './contract.js';
import type { ExtractorOptions } from './options.js';
import { extractorFactories } from './registry.js';

const START_DATE = '2025-01-01';
const UNTIL = '2025-03-01T21:00:00.000Z';
const LIMIT_BYTES = 1_000_000;
const PAGE_SIZE = 20;

type Params = Record<string, string>;
const param = (name: string) => (params: Params) => (params[name] === undefined ? undefined : Number(params[name]));
/**
 * Per provider: the call that reads a page with content, and its page size, from the recorded
 * parameters; EDM's page is a creation-time span (ms), the others a document count.
 */
const paging: Partial<Record<ProviderId, { operation: string; size: (params: Params) => number | undefined }>> = {
  // QNB: its page size is fixed, see the test.
  uyumsoft: { operation: 'GetInboxInvoices', size: param('query.PageSize') },
  crs: { operation: 'GetInboxInvoices', size: param('query.PageSize') },
  isnet: { operation: 'SearchInvoice', size: param('request.PagingRequest.RecordsPerPage') },
  edm: {
    operation: 'GetInvoice',
    size: (params) => {
      if (params.HEADER_ONLY !== 'N' || params['INVOICE_SEARCH_KEY.UUID'] !== undefined) return undefined;
      return Date.parse(params['INVOICE_SEARCH_KEY.CR_END_DATE'] ?? '') + 1 - Date.parse(params['INVOICE_SEARCH_KEY.CR_START_DATE'] ?? '');
    },
  },
};

const instantTiming = { now: () => Date.now(), random: () => 0.5, sleep: async (_ms: number, signal: AbortSignal) => signal.throwIfAborted() };

async function collect(pages: AsyncIterable<Page>): Promise<Page[]> {
  const out: Page[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe.each(['edm', 'qnb', 'uyumsoft', 'crs', 'isnet'] as const)('%s: a reply over the response limit', (provider) => {
  const dataset: DatasetSpec = { seed: 7, provider, invoices: 90, from: '2025-01-02T00:00:00Z', to: '2025-02-20T00:00:00Z', customer: { vkn: '1234567890', name: 'Demo Üretim A.Ş.' } };
  const entries = [...manifestEntries(dataset)];
  // A delivered invoice in the middle of the range, so pages before and after it exist.
  const bigIndex = entries.findIndex((entry, index) => index >= 40 && entry.deliveredToInbox);
  const bigEttn = invoiceDocument(dataset, bigIndex).header.ettn.toLowerCase();
  const opened: Extractor<unknown>[] = [];
  let sim: RunningSimulator | undefined;
  afterAll(async () => {
    await Promise.all(opened.map((e) => e.close()));
    await sim?.close();
  });

  function extractor(extra: Partial<ExtractorOptions> = {}): Extractor<unknown> {
    const created = extractorFactories[provider]({ baseUrl: sim!.url, pageSize: PAGE_SIZE, http: { maxResponseBytes: LIMIT_BYTES }, retry: { baseDelayMs: 1, maxDelayMs: 5 }, timing: instantTiming, ...extra });
    opened.push(created);
    return created;
  }

  async function readAll(extra: Partial<ExtractorOptions> = {}) {
    sim!.setFaults({ oversize: { bytes: 2 * LIMIT_BYTES, indices: [bigIndex] } });
    const pages = await collect(extractor(extra).extract(sim!.credentials, initialCheckpoint(provider, START_DATE, UNTIL), new AbortController().signal));
    return { pages, documents: pages.flatMap((p) => p.documents.map((d) => d.ettn)), failed: pages.flatMap((p) => p.failed) };
  }

  it('fails the big document with its reason and reads every other one exactly once, the page size shrinking and coming back', async () => {
    sim = await startSimulator(provider, { dataset });
    const { pages, documents, failed } = await readAll();
    // İşNet windows are invoice dates, the others arrival dates; the dataset arrives inside the range.
    const inRange = (e: (typeof entries)[number]) => provider !== 'isnet' || (e.issueDate >= START_DATE && Date.parse(`${e.issueDate}T00:00:00+03:00`) < Date.parse(UNTIL));
    const inbox = entries.filter((e) => e.deliveredToInbox && inRange(e)).map((e) => e.ettn.toLowerCase());
    expect(inbox.length).toBeGreaterThan(3 * PAGE_SIZE);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ ettn: bigEttn, reason: `reply for document ${bigEttn} larger than ${LIMIT_BYTES} bytes`, raw: '' });
    expect(documents).toHaveLength(new Set(documents).size);
    expect(new Set(documents)).toEqual(new Set(inbox.filter((ettn) => ettn !== bigEttn)));
    expect(pages.at(-1)!.checkpoint).toMatchObject({ position: null, syncedThrough: UNTIL });
    const sizes = paging[provider] === undefined ? [] : sim.calls.filter((c) => c.operation === paging[provider]!.operation).map((c) => paging[provider]!.size(c.params)).filter((n) => n !== undefined);
    const smallest = sizes.indexOf(Math.min(...sizes));
    if (provider === 'qnb') {
      // QNB's page size is its own: the page is listed header-only, its documents read by ettn, then whole pages again.
      const operations = sim.calls.map((c) => `${c.operation}/${c.params['parametreler.ettn'] === undefined ? 'page' : 'ettn'}`);
      const listed = operations.indexOf('gelenBelgeleriListeleExt/page');
      expect(listed).toBeGreaterThan(0);
      expect(operations.slice(listed + 1)).toContain('gelenBelgeleriAlExt/ettn');
      expect(operations.at(-1)).toBe('gelenBelgeleriAlExt/page');
      expect(sim.calls.some((c) => c.params['parametreler.ettn'] === bigEttn)).toBe(true);
    } else if (provider === 'edm') {
      // Split down to EDM's shortest span (1 s), then doubled back to spans of hours.
      expect(sizes[smallest]).toBeLessThanOrEqual(1_000);
      expect(Math.max(...sizes.slice(smallest))).toBeGreaterThan(3_600_000);
      expect(sim.calls.some((c) => c.params['INVOICE_SEARCH_KEY.UUID']?.toLowerCase() === bigEttn)).toBe(true);
    } else {
      expect(sizes[smallest]).toBe(1);
      expect(sizes.slice(smallest).at(-1)).toBe(PAGE_SIZE);
    }
    // A hang guard, not a timing check: the simulators deflate the 2 MB incompressible padding again on
    // every call that includes it (EDM's halving makes ~17 such calls), ~20 s on a loaded machine.
  }, 120_000);

  if (provider === 'uyumsoft') {
    it('per-invoice content: the one oversized GetInboxInvoiceData becomes a failed document', async () => {
      const { documents, failed } = await readAll({ contentMode: 'perInvoice' } as Partial<ExtractorOptions>);
      expect(failed.map((f) => [f.ettn, f.reason])).toEqual([[bigEttn, `reply for document ${bigEttn} larger than ${LIMIT_BYTES} bytes`]]);
      expect(documents).toHaveLength(new Set(documents).size);
      expect(documents).not.toContain(bigEttn);
    });
  }
});
