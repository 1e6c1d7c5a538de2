import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderId } from '../domain/providers.js';
import { invoiceDocument } from './dataset/index.js';
import { FaultSpecError, parseFaultSpec, startSimulator, type RunningSimulator } from './index.js';
import { childrenNamed, readXml } from './soap/xml.js';
import { at, bodyOf, postSoap, testDataset } from './testing.js';

describe('parseFaultSpec', () => {
  it('reads every item of the grammar', () => {
    expect(parseFaultSpec('wrong-credentials, session-expiry=5, session-ttl=60, http500@3-4, throttle=429:7@GetInvoice:%5, slow=4000@7, reset@2-, truncate@*, malformed@%3, duplicates, reissue=1+5, late=10:20:3')).toEqual({
      wrongCredentials: true,
      sessionExpiry: { afterCalls: 5, ttlSeconds: 60 },
      http500: { from: 3, to: 4 },
      throttle: { operation: 'GetInvoice', every: 5, style: 'http429', retryAfterSeconds: 7 },
      slow: { from: 7, to: 7, delayMs: 4000 },
      reset: { from: 2 },
      truncate: {},
      malformed: { every: 3 },
      duplicates: {},
      reissue: { indices: [1, 5] },
      late: { every: 10, untilCall: 20, offset: 3 },
    });
    expect(parseFaultSpec('oversize=5000:2+9')).toEqual({ oversize: { bytes: 5000, indices: [2, 9] } });
    expect(parseFaultSpec('throttle')).toEqual({ throttle: { style: 'provider', retryAfterSeconds: 1 } });
    expect(parseFaultSpec('html@2, content=gzip:3+5, content=empty:7')).toEqual({
      html: { from: 2, to: 2 },
      content: [{ kind: 'gzip', indices: [3, 5] }, { kind: 'empty', indices: [7] }],
    });
  });

  it('rejects unknown faults, bad selectors and bad numbers', () => {
    expect(() => parseFaultSpec('explode')).toThrow(FaultSpecError);
    expect(() => parseFaultSpec('http500@x-')).toThrow(/bad selector/);
    expect(() => parseFaultSpec('slow=fast')).toThrow(/expected a number/);
    expect(() => parseFaultSpec('throttle=418')).toThrow(/throttle style/);
    expect(() => parseFaultSpec('content=rot13:1')).toThrow(/unknown content fault "rot13"/);
    expect(() => parseFaultSpec('content=gzip')).toThrow(/expected a number/);
  });
});

describe('fault injection at runtime (Uyumsoft BasicIntegration)', () => {
  const dataset = testDataset('uyumsoft', 60);
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator('uyumsoft', { dataset });
  });
  afterAll(() => sim.close());

  const url = () => sim.url.replace('Integration', 'BasicIntegration');
  const user = () => `<userInfo Username="${sim.credentials.username}" Password="${sim.credentials.password}"/>`;
  const list = (pageIndex = 0, pageSize = 10, timeoutMs?: number) =>
    postSoap(url(), `<GetInboxInvoiceList xmlns="http://tempuri.org/">${user()}<query PageIndex="${pageIndex}" PageSize="${pageSize}"/></GetInboxInvoiceList>`, timeoutMs ? { timeoutMs } : {});
  const data = (ettn: string) => postSoap(url(), `<GetInboxInvoiceData xmlns="http://tempuri.org/">${user()}<invoiceId>${ettn}</invoiceId></GetInboxInvoiceData>`);
  const ids = (text: string) => childrenNamed(at(bodyOf(text), 'GetInboxInvoiceListResult', 'Value', 'Items'), 'InboxInvoiceListItem').map((i) => i.attrs.InvoiceId ?? '');
  const total = (text: string) => Number(at(bodyOf(text), 'GetInboxInvoiceListResult', 'Value')?.attrs.TotalCount);

  it('http500 hits exactly the selected calls, counted from setFaults', async () => {
    sim.setFaults(parseFaultSpec('http500@2'));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await list()).status);
    expect(statuses).toEqual([200, 500, 200]);
    expect(sim.calls.slice(-3).map((c) => c.fault)).toEqual([undefined, 'http500', undefined]);
    sim.setFaults({ http500: { operation: 'GetInboxInvoiceData', from: 1, to: 1 } });
    expect((await list()).status).toBe(200);
    const failed = await data(ids((await list()).text)[0] ?? '');
    expect(failed.status).toBe(500);
    expect(failed.text).toContain('InternalServiceFault');
  });

  it('throttles with HTTP 429/503 + Retry-After or with the provider reply', async () => {
    sim.setFaults(parseFaultSpec('throttle=429:7@1'));
    const limited = await list();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    sim.setFaults(parseFaultSpec('throttle=503@1'));
    expect((await list()).status).toBe(503);
    sim.setFaults(parseFaultSpec('throttle@1'));
    const own = await list();
    expect(own.status).toBe(200);
    expect(at(bodyOf(own.text), 'GetInboxInvoiceListResult')?.attrs.IsSucceded).toBe('false');
    expect(sim.calls.at(-1)?.fault).toBe('throttle');
  });

  it('slow answers exceed a client timeout; reset drops the connection', async () => {
    sim.setFaults(parseFaultSpec('slow=1500@1'));
    await expect(list(0, 10, 300)).rejects.toThrow();
    expect((await list(0, 10, 1000)).status).toBe(200);
    sim.setFaults(parseFaultSpec('reset@1'));
    await expect(list()).rejects.toThrow();
    expect(sim.calls.at(-1)).toMatchObject({ httpStatus: 0, fault: 'reset' });
    expect((await list()).status).toBe(200);
  });

  it('truncated and malformed bodies are HTTP 200 that no XML parser accepts', async () => {
    const whole = (await list()).text;
    sim.setFaults(parseFaultSpec('truncate@1,malformed@2'));
    const truncated = await list();
    const malformed = await list();
    expect(truncated.status).toBe(200);
    expect(truncated.text.length).toBeLessThan(whole.length);
    expect(() => readXml(truncated.text)).toThrow();
    expect(malformed.status).toBe(200);
    expect(() => readXml(malformed.text)).toThrow();
    const healthy = (await list()).text;
    expect(() => readXml(healthy)).not.toThrow();
  });

  it('duplicates repeat the last item of the previous page at the head of the next', async () => {
    sim.setFaults({});
    const first = ids((await list(0, 10)).text);
    sim.setFaults(parseFaultSpec('duplicates'));
    const second = ids((await list(1, 10)).text);
    expect(second).toHaveLength(11);
    expect(second[0]).toBe(first[9]);
  });

  it('re-issues an invoice with changed content (same ETTN) once it was served', async () => {
    sim.setFaults(parseFaultSpec('reissue=4'));
    const ettn = invoiceDocument(dataset, 4).header.ettn;
    const decode = async () => Buffer.from(at(bodyOf((await data(ettn)).text), 'GetInboxInvoiceDataResult', 'Value', 'Data')?.text ?? '', 'base64').toString('utf8');
    const before = await decode();
    const after = await decode();
    expect(before).toBe(invoiceDocument(dataset, 4).xml);
    expect(after).toBe(invoiceDocument(dataset, 4, 2).xml);
    expect(after).not.toBe(before);
    expect(after).toContain(ettn);
  });

  it('oversize pads the served UBL of the given indices with a comment, header-only lists stay small', async () => {
    sim.setFaults({});
    const ettn = invoiceDocument(dataset, 7).header.ettn;
    const plainList = (await list(0, 60)).text;
    const plain = (await data(ettn)).text;
    sim.setFaults(parseFaultSpec('oversize=300000:7'));
    const padded = await data(ettn);
    expect(padded.status).toBe(200);
    expect(padded.text.length - plain.length).toBeGreaterThan(400_000);
    const xml = Buffer.from(at(bodyOf(padded.text), 'GetInboxInvoiceDataResult', 'Value', 'Data')?.text ?? '', 'base64').toString('utf8');
    expect(() => readXml(xml)).not.toThrow();
    expect(xml).toContain(ettn);
    expect(xml.replace(/<!--[^]*?-->/, '')).toBe(invoiceDocument(dataset, 7).xml);
    expect((await list(0, 60)).text).toBe(plainList);
    const other = invoiceDocument(dataset, 8).header.ettn;
    expect((await data(other)).text.length).toBeLessThan(plain.length * 2);
  });

  it('late invoices appear in an already listed window after the given call', async () => {
    sim.setFaults(parseFaultSpec('late=10:3'));
    const early = await list(0, 100);
    expect(total(early.text)).toBe(54);
    expect(ids(early.text)).not.toContain(invoiceDocument(dataset, 0).header.ettn);
    await list(0, 100);
    const later = await list(0, 100);
    expect(total(later.text)).toBe(60);
    expect(ids(later.text)).toContain(invoiceDocument(dataset, 0).header.ettn);
  });

  it('wrongCredentials rejects even the demo credentials', async () => {
    sim.setFaults(parseFaultSpec('wrong-credentials'));
    expect(at(bodyOf((await list()).text), 'GetInboxInvoiceListResult')?.attrs.Message).toMatch(/Unauthorized/);
    sim.setFaults({});
    expect(at(bodyOf((await list()).text), 'GetInboxInvoiceListResult')?.attrs.IsSucceded).toBe('true');
  });
});

describe.each([
  ['edm', (sim: RunningSimulator) => postSoap(sim.url, `<tem:CheckCounterRequest xmlns:tem="http://tempuri.org/"><REQUEST_HEADER><SESSION_ID>x</SESSION_ID></REQUEST_HEADER></tem:CheckCounterRequest>`), 500, /<ERROR_CODE>10050<\/ERROR_CODE>/],
  ['qnb', (sim: RunningSimulator) => postSoap(sim.url, `<ser:gelenBelgeleriListeleExt xmlns:ser="http://service.connector.uut.cs.com.tr/"><parametreler/></ser:gelenBelgeleriListeleExt>`), 500, /<ns2:Exception[^>]*><message>İstek limiti/],
  ['isnet', (sim: RunningSimulator) => postSoap(sim.url, `<tem:SearchInvoice xmlns:tem="http://tempuri.org/"><tem:request/></tem:SearchInvoice>`, { soapAction: '"http://tempuri.org/IInvoiceService/SearchInvoice"' }), 200, /<a:IsSucceded>false<\/a:IsSucceded>/],
] as const)('%s throttling in its own shape', (provider, call, status, pattern) => {
  it('answers the provider throttle reply', async () => {
    const sim = await startSimulator(provider as ProviderId, { dataset: testDataset(provider as ProviderId, 10), faults: { throttle: { style: 'provider' } } });
    try {
      const res = await call(sim);
      expect(res.status).toBe(status);
      expect(res.text).toMatch(pattern);
      expect(sim.calls[0]?.fault).toBe('throttle');
    } finally {
      await sim.close();
    }
  });
});

describe('startSimulator', () => {
  it('refuses an invalid dataset or one for another provider', async () => {
    await expect(startSimulator('edm', { dataset: { ...testDataset('edm'), invoices: -1 } })).rejects.toThrow(/invalid dataset spec/);
    await expect(startSimulator('edm', { dataset: testDataset('qnb') })).rejects.toThrow(/not "edm"/);
  });
});
