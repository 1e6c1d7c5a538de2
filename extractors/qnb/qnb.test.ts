/**
 * QNB reads the window after the one being read beside it (its pages come one after another inside a
 * window): pages still come out window by window, a checkpoint covers only what came before it, and a
 * failure or a cancellation in the window read ahead changes nothing for the one being read. The real
 * simulator, behind a proxy that can hold or fail the requests of one window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { manifestEntries, type DatasetSpec } from '../../simulators/dataset/index.js';
import { startSimulator, type RunningSimulator } from '../../simulators/index.js';
import { initialCheckpoint, type Checkpoint, type Page } from '../contract.js';
import { UsernamePasswordVkn } from '../credentials.js';
import { ProtocolError } from '../errors.js';
import { startTinyServer, type TinyServer } from '../testing/http-server.js';
import { createQnbExtractor } from './index.js';

const dataset: DatasetSpec = {
  seed: 7, provider: 'qnb', invoices: 900, from: '2025-01-01T00:00:00Z', to: '2025-02-12T00:00:00Z',
  customer: { vkn: '4810173324', name: 'Örnek Enerji A.Ş.' },
};
const START_DATE = '2025-01-01';
const UNTIL = '2025-02-19T21:00:00.000Z';
/** The second 7-day arrival window, as its requests name it (Turkey time). */
const SECOND_WINDOW = '<gelisTarihiBaslangic>20250108000000</gelisTarihiBaslangic>';
const SECOND_WINDOW_START = '2025-01-07T21:00:00.000Z';

type Interference = 'fail' | 'hold' | undefined;

let sim: RunningSimulator;
let proxy: TinyServer;
/** What the proxy does to the second window's requests. */
let interference: Interference;
const held: Array<() => void> = [];
let expected: Set<string>;
let firstWindow: Set<string>;

function windowOf(body: string): string {
  return /<gelisTarihiBaslangic>(\d+)</.exec(body)?.[1] ?? '';
}

const FAULT = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Beklenmeyen parametre</faultstring></soap:Fault></soap:Body></soap:Envelope>';

beforeAll(async () => {
  sim = await startSimulator('qnb', { dataset });
  const target = new URL(sim.url);
  proxy = await startTinyServer((req, res, body) => {
    if (body.includes(SECOND_WINDOW) && interference === 'fail') {
      res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' }).end(FAULT);
      return;
    }
    const forward = async () => {
      const answer = await request(target.origin + (req.url ?? ''), { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, body });
      res.writeHead(answer.statusCode, { 'content-type': 'text/xml; charset=utf-8' }).end(Buffer.from(await answer.body.arrayBuffer()));
    };
    if (body.includes(SECOND_WINDOW) && interference === 'hold') held.push(() => void forward().catch(() => res.destroy()));
    else void forward().catch(() => res.destroy());
  });
  const entries = [...manifestEntries(dataset)].filter((e) => e.deliveredToInbox);
  expected = new Set(entries.filter((e) => Date.parse(e.arrivedAt) < Date.parse(UNTIL)).map((e) => e.ettn.toLowerCase()));
  firstWindow = new Set(entries.filter((e) => Date.parse(e.arrivedAt) < Date.parse(SECOND_WINDOW_START)).map((e) => e.ettn.toLowerCase()));
});
afterAll(async () => {
  await proxy?.close();
  await sim?.close();
});

function extractor() {
  return createQnbExtractor({ baseUrl: proxy.url + new URL(sim.url).pathname, retry: { maxAttempts: 1 } });
}

async function collect(from: Checkpoint, signal = new AbortController().signal): Promise<{ pages: Page[]; error?: unknown }> {
  const qnb = extractor();
  const pages: Page[] = [];
  try {
    for await (const page of qnb.extract(UsernamePasswordVkn.parse(sim.credentials), from, signal)) pages.push(page);
    return { pages };
  } catch (error) {
    return { pages, error };
  } finally {
    await qnb.close();
  }
}

const ettnsOf = (pages: Page[]) => pages.flatMap((p) => p.documents.map((d) => d.ettn));
const fresh = () => initialCheckpoint('qnb', START_DATE, UNTIL);

describe('QNB reading two windows at once', () => {
  it('asks for the next window before this one ends, each page once, and yields window by window', async () => {
    interference = undefined;
    const before = proxy.requests.length;
    const { pages, error } = await collect(fresh());
    expect(error).toBeUndefined();
    const ettns = ettnsOf(pages);
    expect(new Set(ettns)).toEqual(expected);
    expect(ettns).toHaveLength(expected.size);
    // Window by window: every page's documents arrived inside the window its checkpoint was cut in.
    let window = { from: Date.parse('2024-12-31T21:00:00.000Z'), to: Date.parse(SECOND_WINDOW_START) };
    for (const page of pages) {
      for (const document of page.documents) {
        expect(Date.parse(document.receivedAt)).toBeGreaterThanOrEqual(window.from);
        expect(Date.parse(document.receivedAt)).toBeLessThanOrEqual(window.to);
      }
      const position = page.checkpoint.position;
      if (position) window = { from: Date.parse(position.windowStart), to: Date.parse(position.windowEnd) };
    }
    const requests = proxy.requests.slice(before).map((r) => `${windowOf(r.body)}/${/<sonAlinanBelgeSiraNumarasi>(\d+)</.exec(r.body)?.[1]}`);
    // No page asked twice: reading ahead costs the provider no extra call.
    expect(new Set(requests).size).toBe(requests.length);
    const windows = [...new Set(requests.map((r) => r.split('/')[0]))];
    expect(windows.length).toBeGreaterThan(4);
    // The second window's first page is asked for before the first window's last.
    expect(requests.indexOf(`${windows[1]}/0`)).toBeLessThan(requests.lastIndexOf(requests.filter((r) => r.startsWith(`${windows[0]}/`)).at(-1)!));
    expect(requests.filter((r) => r.startsWith(`${windows[0]}/`)).length).toBeGreaterThan(2);
  });

  it('yields the whole first window when the second one read beside it fails, then fails at the second; a resume reads the rest', async () => {
    interference = 'fail';
    const { pages, error } = await collect(fresh());
    interference = undefined;
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).context.window?.from).toBe(SECOND_WINDOW_START);
    expect(new Set(ettnsOf(pages))).toEqual(firstWindow);
    const last = pages.at(-1)!.checkpoint;
    expect(last.position).toMatchObject({ windowStart: SECOND_WINDOW_START, cursor: null });
    const rest = await collect(JSON.parse(JSON.stringify(last)) as Checkpoint);
    expect(rest.error).toBeUndefined();
    const all = [...ettnsOf(pages), ...ettnsOf(rest.pages)];
    expect(new Set(all)).toEqual(expected);
    expect(all).toHaveLength(expected.size);
  });

  it('stops at a cancellation while the window read ahead is still unanswered, and asks for nothing after it', async () => {
    interference = 'hold';
    const controller = new AbortController();
    const qnb = extractor();
    const iterator = qnb.extract(UsernamePasswordVkn.parse(sim.credentials), fresh(), controller.signal)[Symbol.asyncIterator]();
    try {
      const first = await iterator.next();
      expect(first.done).toBe(false);
      expect(held.length).toBeGreaterThan(0);
      controller.abort(new Error('cancelled by test'));
      const asked = proxy.requests.length;
      await expect(iterator.next()).rejects.toThrow('cancelled by test');
      expect(proxy.requests.length).toBe(asked);
    } finally {
      interference = undefined;
      for (const answer of held.splice(0)) answer();
      await qnb.close();
    }
  });
});
