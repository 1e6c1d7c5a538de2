/**
 * Uyumsoft and İşNet page by number, and only a window's first page tells how many pages it has: the
 * window's next pages are asked for as soon as that page's bytes arrive, also when it is the next
 * window's first page, read ahead while this window is still being read. A proxy in front of the real
 * simulator holds the first window's last page until the second window's second page is asked for:
 * without that, the run could never finish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { DatasetSpec } from '../simulators/dataset/index.js';
import { startSimulator, type RunningSimulator } from '../simulators/index.js';
import { initialCheckpoint, type Page } from './contract.js';
import { extractorFactories } from './registry.js';
import { startTinyServer, type TinyServer } from './testing/http-server.js';

const PAGE_SIZE = 20;

/** How each provider's list request names its window and 0-based page, and its reply the page count. */
const shapes = {
  uyumsoft: { window: /<CreateStartDate>([^<]+)</, page: (body: string) => Number(/PageIndex="(\d+)"/.exec(body)?.[1]), listsContent: (body: string) => body.includes('GetInboxInvoices'), total: /TotalPages="(\d+)"/ },
  isnet: { window: /MinInvoiceDate>([^<]+)</, page: (body: string) => Number(/PageNumber>(\d+)</.exec(body)?.[1]) - 1, listsContent: (body: string) => body.includes(`RecordsPerPage>${PAGE_SIZE}<`), total: /TotalPages>(\d+)</ },
} as const;

describe.each(['uyumsoft', 'isnet'] as const)('%s: a window’s pages asked for from its first page’s bytes', (provider) => {
  const shape = shapes[provider];
  const dataset: DatasetSpec = { seed: 5, provider, invoices: 300, from: '2025-01-01T00:00:00Z', to: '2025-01-22T00:00:00Z', customer: { vkn: '4810173324', name: 'Örnek Lojistik A.Ş.' } };
  const checkpoint = initialCheckpoint(provider, '2025-01-01', '2025-01-28T21:00:00.000Z');
  let sim: RunningSimulator;
  let proxy: TinyServer;
  const windows: string[] = [];
  let firstWindowPages: number | undefined;
  let release: (() => void) | undefined;
  let held = false;
  const releaseHeld = () => {
    const answer = release;
    release = undefined;
    answer?.();
  };

  beforeAll(async () => {
    sim = await startSimulator(provider, { dataset });
    const target = new URL(sim.url);
    proxy = await startTinyServer((req, res, body) => {
      const forward = async () => {
        const answer = await request(target.origin + (req.url ?? ''), { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: String(req.headers.soapaction ?? '') }, body });
        const reply = Buffer.from(await answer.body.arrayBuffer());
        if (shape.listsContent(body) && shape.window.exec(body)?.[1] === windows[0] && shape.page(body) === 0) firstWindowPages = Number(shape.total.exec(reply.toString('utf8'))?.[1]);
        res.writeHead(answer.statusCode, { 'content-type': 'text/xml; charset=utf-8' }).end(reply);
      };
      const send = () => void forward().catch(() => res.destroy());
      if (!shape.listsContent(body)) return send();
      const window = shape.window.exec(body)?.[1] ?? '';
      if (!windows.includes(window)) windows.push(window);
      const page = shape.page(body);
      if (window === windows[1] && page === 1) releaseHeld();
      if (window === windows[0] && firstWindowPages !== undefined && firstWindowPages > 1 && page === firstWindowPages - 1) {
        held = true;
        release = send;
      } else {
        send();
      }
    });
  });
  afterAll(async () => {
    releaseHeld();
    await proxy?.close();
    await sim?.close();
  });

  async function ettns(baseUrl: string): Promise<string[]> {
    const extractor = extractorFactories[provider]({ baseUrl, pageSize: PAGE_SIZE });
    const pages: Page[] = [];
    try {
      for await (const page of extractor.extract(sim.credentials, checkpoint, new AbortController().signal)) pages.push(page);
    } finally {
      await extractor.close();
    }
    return pages.flatMap((p) => p.documents.map((d) => d.ettn));
  }

  it('asks for the next window’s second page while this window’s last is unanswered, and reads exactly what a plain run reads', { timeout: 20_000 }, async () => {
    const plain = await ettns(sim.url);
    const read = await ettns(proxy.url + new URL(sim.url).pathname);
    expect(held).toBe(true);
    expect(firstWindowPages).toBeGreaterThan(2);
    expect(read).toEqual(plain);
    expect(new Set(read).size).toBe(read.length);
  });
});
