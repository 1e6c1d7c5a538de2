/** EDM against its simulator: zipped and plain content give the same documents; every run logs out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceDocument, manifestEntries, type DatasetSpec } from '../../simulators/dataset/index.js';
import { startSimulator, type RunningSimulator } from '../../simulators/index.js';
import { initialCheckpoint } from '../contract.js';
import { UsernamePassword } from '../credentials.js';
import { createEdmExtractor } from './index.js';

const dataset: DatasetSpec = {
  seed: 11, provider: 'edm', invoices: 120, from: '2025-03-01T00:00:00Z', to: '2025-03-15T00:00:00Z',
  customer: { vkn: '4810173324', name: 'Örnek Enerji ve Lojistik A.Ş.' },
};
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator('edm', { dataset });
});
afterAll(() => sim.close());

async function backfill(compressed: boolean, pageSize?: number) {
  const extractor = createEdmExtractor({ baseUrl: sim.url, compressed, ...(pageSize ? { pageSize } : {}) });
  const before = sim.calls.length;
  const documents = new Map<string, string>();
  let yielded = 0;
  try {
    const checkpoint = initialCheckpoint('edm', '2025-03-01', '2025-03-16T00:00:00.000Z');
    for await (const page of extractor.extract(UsernamePassword.parse(sim.credentials), checkpoint, new AbortController().signal)) {
      for (const doc of page.documents) documents.set(doc.ettn, doc.xml);
      yielded += page.documents.length;
    }
  } finally {
    await extractor.close();
  }
  return { documents, yielded, calls: sim.calls.slice(before) };
}

describe('EDM extractor content and session', () => {
  it('reads zipped content by default and plain on request, to the same documents byte for byte', async () => {
    const zipped = await backfill(true);
    const plain = await backfill(false);
    expect(zipped.documents.size).toBe(dataset.invoices);
    expect([...zipped.documents.keys()].sort()).toEqual([...plain.documents.keys()].sort());
    for (const [ettn, xml] of zipped.documents) expect(plain.documents.get(ettn)).toBe(xml);
    // Spot-check against the dataset: what the provider holds is what we read.
    const first = invoiceDocument(dataset, 0);
    expect(zipped.documents.get(first.header.ettn)).toBe(first.xml);
    const flags = (calls: RunningSimulator['calls']) => new Set(calls.filter((c) => c.operation === 'GetInvoice').map((c) => Object.entries(c.params).find(([k]) => k.endsWith('COMPRESSED'))?.[1]));
    expect(flags(zipped.calls)).toEqual(new Set(['Y']));
    expect(flags(plain.calls)).toEqual(new Set(['N']));
  });

  it('logs in once and out once per run, and after a connection test', async () => {
    const { calls } = await backfill(true);
    const operations = calls.map((c) => c.operation);
    expect(operations[0]).toBe('Login');
    expect(operations.at(-1)).toBe('Logout');
    expect(operations.filter((o) => o === 'Login')).toHaveLength(1);
    expect(operations.filter((o) => o === 'Logout')).toHaveLength(1);

    const extractor = createEdmExtractor({ baseUrl: sim.url });
    const before = sim.calls.length;
    await extractor.testConnection(UsernamePassword.parse(sim.credentials), new AbortController().signal);
    await extractor.close();
    expect(sim.calls.slice(before).map((c) => c.operation)).toEqual(['Login', 'CheckCounter', 'Logout']);
  });
});

describe('EDM extractor read-ahead', () => {
  it('reads every invoice exactly once when sub-windows read ahead come back full and are split', async () => {
    const { documents, yielded, calls } = await backfill(true, 3);
    const inbox = [...manifestEntries(dataset)].filter((entry) => entry.deliveredToInbox).map((entry) => entry.ettn.toLowerCase());
    expect(yielded).toBe(inbox.length);
    expect(new Set(documents.keys())).toEqual(new Set(inbox));
    // A span asked for and later asked again shorter from the same start: a full sub-window was split.
    const spans = calls.filter((c) => c.operation === 'GetInvoice').map((c) => [c.params['INVOICE_SEARCH_KEY.CR_START_DATE'], c.params['INVOICE_SEARCH_KEY.CR_END_DATE']] as const);
    expect(spans.some(([start, end], i) => spans.slice(i + 1).some(([laterStart, laterEnd]) => laterStart === start && laterEnd! < end!))).toBe(true);
    expect(calls.map((c) => c.operation).at(-1)).toBe('Logout');
  });
});

describe('EDM extractor options', () => {
  it('refuses a page size above what EDM returns, instead of losing the invoices past the cap', () => {
    expect(() => createEdmExtractor({ baseUrl: 'http://127.0.0.1:9', pageSize: 150 })).toThrow('EDM pageSize 150 is above the 100');
  });
});
