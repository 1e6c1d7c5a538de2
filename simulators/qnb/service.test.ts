import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceDocument, type ManifestEntry } from '../dataset/index.js';
import { startSimulator, type RunningSimulator } from '../index.js';
import { childrenNamed, type XElement } from '../soap/xml.js';
import { arrivedBetween, at, bodyOf, postSoap, readManifest, testDataset, wsSecurity, simulatorAtClock } from '../testing.js';

const NS = 'http://service.connector.uut.cs.com.tr/';

describe('QNB e-Solutions simulator (raw SOAP)', () => {
  const dataset = testDataset('qnb', 260);
  let sim: RunningSimulator;
  let manifest: ManifestEntry[];
  let cookie: string;
  const userService = () => sim.url.replace('connectorService', 'userService');

  const wsLogin = (password = sim.credentials.password) =>
    postSoap(userService(), `<ser:wsLogin xmlns:ser="${NS}"><userId>${sim.credentials.username}</userId><password>${password}</password><lang>tr</lang></ser:wsLogin>`);

  const alExt = async (params: string, auth: { cookie?: string; header?: string }) => {
    const res = await postSoap(sim.url, `<ser:gelenBelgeleriAlExt xmlns:ser="${NS}"><parametreler><belgeTuru>FATURA</belgeTuru>${params}<vergiTcKimlikNo>${dataset.customer.vkn}</vergiTcKimlikNo></parametreler></ser:gelenBelgeleriAlExt>`, auth);
    return { status: res.status, body: bodyOf(res.text) };
  };

  beforeAll(async () => {
    sim = await startSimulator('qnb', { dataset });
    manifest = await readManifest([dataset]);
    const res = await wsLogin();
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  afterAll(() => sim.close());

  it('wsLogin sets CSAPSESSIONID; a wrong password is a JAX-WS fault with detail/Exception/message', async () => {
    expect(cookie).toMatch(/^CSAPSESSIONID=[0-9A-F]{32}$/);
    const bad = await wsLogin('wrong');
    expect(bad.status).toBe(500);
    const fault = bodyOf(bad.text);
    expect(fault.name).toBe('Fault');
    expect(at(fault, 'faultcode')?.text).toBe('S:Server');
    expect(at(fault, 'detail', 'Exception', 'message')?.text).toMatch(/şifre/);
    expect(bad.headers.get('set-cookie')).toBeNull();
  });

  it('serves the connector and user WSDLs', async () => {
    expect(await (await fetch(sim.wsdlUrl)).text()).toContain('gelenBelgeleriAlExt');
    expect(await (await fetch(`${userService()}?wsdl`)).text()).toContain('wsLogin');
  });

  it('walks the belgeSiraNo cursor to the end, ≤100 per call, every manifest ETTN of the arrival window once', async () => {
    const seen: string[] = [];
    let cursor = '0';
    let calls = 0;
    for (;;) {
      const { body } = await alExt(`<donusTipiVersiyon>6.0</donusTipiVersiyon><gelisTarihiBaslangic>20260101</gelisTarihiBaslangic><gelisTarihiBitis>20260228235959</gelisTarihiBitis><sonAlinanBelgeSiraNumarasi>${cursor}</sonAlinanBelgeSiraNumarasi>`, { cookie });
      const items = childrenNamed(body, 'return');
      calls++;
      if (items.length === 0) break;
      expect(items.length).toBeLessThanOrEqual(100);
      expect(items[0]?.nsAttrs['{http://www.w3.org/2001/XMLSchema-instance}type']).toBe('ns2:belgev6');
      seen.push(...items.map((i) => at(i, 'ettn')?.text ?? ''));
      const numbers = items.map((i) => Number(at(i, 'belgeSiraNo')?.text));
      expect(numbers.every((n) => n > Number(cursor))).toBe(true);
      cursor = String(Math.max(...numbers));
    }
    const expected = arrivedBetween(manifest, '2026-01-01T00:00:00+03:00', '2026-02-28T23:59:59+03:00');
    expect(calls).toBe(Math.ceil(expected.length / 100) + 1); // the last call comes back empty
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
  });

  it('belgeVerisi is base64 of the dataset XML; WS-Security works without a session', async () => {
    const { body } = await alExt('<sonAlinanBelgeSiraNumarasi>0</sonAlinanBelgeSiraNumarasi>', { header: wsSecurity(sim.credentials.username ?? '', sim.credentials.password ?? '') });
    const first = childrenNamed(body, 'return')[0] as XElement;
    const index = manifest.findIndex((e) => e.ettn === at(first, 'ettn')?.text);
    expect(Buffer.from(at(first, 'belgeVerisi')?.text ?? '', 'base64').equals(Buffer.from(invoiceDocument(dataset, index).xml, 'utf8'))).toBe(true);
    const denied = await alExt('<sonAlinanBelgeSiraNumarasi>0</sonAlinanBelgeSiraNumarasi>', { header: wsSecurity(sim.credentials.username ?? '', 'x') });
    expect(denied.status).toBe(500);
  });

  it('filters faturaTarihi on the issue date; ListeleExt carries no content', async () => {
    const res = await postSoap(sim.url, `<ser:gelenBelgeleriListeleExt xmlns:ser="${NS}"><parametreler><belgeTuru>FATURA</belgeTuru><faturaTarihiBaslangic>20260203</faturaTarihiBaslangic><faturaTarihiBitis>20260205</faturaTarihiBitis><sonAlinanBelgeSiraNumarasi>0</sonAlinanBelgeSiraNumarasi><vergiTcKimlikNo>${dataset.customer.vkn}</vergiTcKimlikNo></parametreler></ser:gelenBelgeleriListeleExt>`, { cookie });
    const items = childrenNamed(bodyOf(res.text), 'return');
    const expected = manifest.filter((e) => e.deliveredToInbox && e.issueDate >= '2026-02-03' && e.issueDate <= '2026-02-05').map((e) => e.ettn);
    expect(expected.length).toBeGreaterThan(2);
    expect(items.map((i) => at(i, 'ettn')?.text).sort()).toEqual([...expected].sort());
    expect(items.every((i) => at(i, 'belgeVerisi') === undefined)).toBe(true);
  });

  it('gelenBelgeleriIndir returns a base64 zip with one {ETTN}.xml per document', async () => {
    const a = manifest[4] as ManifestEntry;
    const b = manifest[5] as ManifestEntry;
    const res = await postSoap(sim.url, `<ser:gelenBelgeleriIndir xmlns:ser="${NS}"><vergiTcKimlikNo>${dataset.customer.vkn}</vergiTcKimlikNo><ettn>${a.ettn}</ettn><ettn>${b.ettn}</ettn><belgeTuru>FATURA</belgeTuru><belgeFormati>UBL</belgeFormati></ser:gelenBelgeleriIndir>`, { cookie });
    const files = unzipSync(Buffer.from(at(bodyOf(res.text), 'return')?.text ?? '', 'base64'));
    expect(Object.keys(files).sort()).toEqual([`${a.ettn}.xml`, `${b.ettn}.xml`].sort());
    expect(Buffer.from(files[`${b.ettn}.xml`] ?? []).toString('utf8')).toBe(invoiceDocument(dataset, b.index).xml);
  });

  it('belgelerAlindi marks documents (belgelerAlindiMi=false then skips them) and is recorded', async () => {
    const target = manifest[7] as ManifestEntry;
    const unreceived = async () => {
      const res = await postSoap(sim.url, `<ser:gelenBelgeleriListeleExt xmlns:ser="${NS}"><parametreler><belgeTuru>FATURA</belgeTuru><belgelerAlindiMi>false</belgelerAlindiMi><ettn>${target.ettn}</ettn><sonAlinanBelgeSiraNumarasi>0</sonAlinanBelgeSiraNumarasi><vergiTcKimlikNo>${dataset.customer.vkn}</vergiTcKimlikNo></parametreler></ser:gelenBelgeleriListeleExt>`, { cookie });
      return childrenNamed(bodyOf(res.text), 'return').length;
    };
    expect(await unreceived()).toBe(1);
    await postSoap(sim.url, `<ser:belgelerAlindi xmlns:ser="${NS}"><vergiTcKimlikNo>${dataset.customer.vkn}</vergiTcKimlikNo><ettn>${target.ettn}</ettn><belgeTuru>FATURA</belgeTuru></ser:belgelerAlindi>`, { cookie });
    expect(await unreceived()).toBe(0);
    expect(sim.calls.filter((c) => c.operation === 'belgelerAlindi').map((c) => c.params.ettn)).toEqual([target.ettn]);
  });

  it('another VKN is refused; an expired session is a fault until wsLogin again', async () => {
    const other = await postSoap(sim.url, `<ser:gelenBelgeleriListeleExt xmlns:ser="${NS}"><parametreler><belgeTuru>FATURA</belgeTuru><sonAlinanBelgeSiraNumarasi>0</sonAlinanBelgeSiraNumarasi><vergiTcKimlikNo>1234567805</vergiTcKimlikNo></parametreler></ser:gelenBelgeleriListeleExt>`, { cookie });
    expect(other.status).toBe(500);
    sim.setFaults({ sessionExpiry: { afterCalls: 1 } });
    const session = ((await wsLogin()).headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await alExt('<sonAlinanBelgeSiraNumarasi>0</sonAlinanBelgeSiraNumarasi>', { cookie: session })).status).toBe(200);
    const expired = await alExt('<sonAlinanBelgeSiraNumarasi>0</sonAlinanBelgeSiraNumarasi>', { cookie: session });
    expect(expired.status).toBe(500);
    expect(at(expired.body, 'detail', 'Exception', 'message')?.text).toMatch(/Oturum/);
    expect(sim.calls.at(-1)?.fault).toBe('sessionExpired');
    sim.setFaults({});
  });
});

describe('QNB simulator: late and re-issued invoices take the next belgeSiraNo at the time they arrive', () => {
  const clocked = simulatorAtClock('qnb', 150);

  /** One gelenBelgeleriAlExt page after `cursor` (WS-Security), optionally within an arrival window. */
  const page = async (cursor: number, arrival = '') => {
    const res = await postSoap(clocked.sim.url, `<ser:gelenBelgeleriAlExt xmlns:ser="${NS}"><parametreler><belgeTuru>FATURA</belgeTuru><donusTipiVersiyon>6.0</donusTipiVersiyon>${arrival}<sonAlinanBelgeSiraNumarasi>${cursor}</sonAlinanBelgeSiraNumarasi><vergiTcKimlikNo>${clocked.dataset.customer.vkn}</vergiTcKimlikNo></parametreler></ser:gelenBelgeleriAlExt>`, { header: wsSecurity(clocked.sim.credentials.username ?? '', clocked.sim.credentials.password ?? '') });
    return childrenNamed(bodyOf(res.text), 'return');
  };
  const numbers = (items: XElement[]) => items.map((i) => Number(at(i, 'belgeSiraNo')?.text));
  const ettns = (items: XElement[]) => items.map((i) => at(i, 'ettn')?.text);
  /** The first two pages (the 150 invoices fit in them). */
  const twoPages = async () => {
    const first = await page(0);
    return [...first, ...(await page(Math.max(...numbers(first))))];
  };
  const datasetWindow = '<gelisTarihiBaslangic>20260101</gelisTarihiBaslangic><gelisTarihiBitis>20260228235959</gelisTarihiBitis>';

  it('a late invoice is listed after the cursor once it becomes visible, arrived at the clock, its belgeTarihi kept', async () => {
    clocked.sim.setFaults({ late: { every: 40, offset: 6, untilCall: 3 } });
    const late = clocked.manifest.filter((e) => e.deliveredToInbox && e.index % 40 === 6);
    const early = await twoPages();
    expect(ettns(early)).toEqual(clocked.manifest.filter((e) => e.deliveredToInbox && e.index % 40 !== 6).map((e) => e.ettn));
    const cursor = Math.max(...numbers(early));
    const arrived = await page(cursor); // call 3: they arrive now
    expect(ettns(arrived)).toEqual(late.map((e) => e.ettn));
    expect(numbers(arrived).every((n, k, all) => n > cursor && (k === 0 || n > all[k - 1]!))).toBe(true);
    expect(arrived.map((i) => at(i, 'faturaGelisTarihi')?.text)).toEqual(late.map(() => '20260310120000'));
    expect(arrived.map((i) => at(i, 'belgeTarihi')?.text)).toEqual(late.map((e) => e.issueDate.replace(/-/g, '')));
    expect(await page(Math.max(...numbers(arrived)))).toEqual([]);
    // By arrival window: not where the clocked.dataset had them, but on the day they arrived.
    expect(ettns(await page(0, datasetWindow))).not.toContain(late[0]!.ettn);
    expect(ettns(await page(0, '<gelisTarihiBaslangic>20260310</gelisTarihiBaslangic><gelisTarihiBitis>20260310</gelisTarihiBitis>'))).toEqual(late.map((e) => e.ettn));
  });

  it('a re-issued invoice comes again after the cursor with revision 2 content and a new belgeSiraNo', async () => {
    const target = clocked.manifest[11]!;
    clocked.sim.setFaults({ reissue: { indices: [target.index] } });
    const first = (await page(1001 + (target.index - 1) * 2))[0]!;
    expect(at(first, 'ettn')?.text).toBe(target.ettn);
    expect(Buffer.from(at(first, 'belgeVerisi')?.text ?? '', 'base64').toString('utf8')).toBe(invoiceDocument(clocked.dataset, target.index).xml);
    const all = await twoPages();
    const listed = all.filter((i) => at(i, 'ettn')?.text === target.ettn);
    expect(listed).toHaveLength(1);
    expect(numbers(listed)[0]).toBe(Math.max(...numbers(all)));
    expect(at(listed[0], 'faturaGelisTarihi')?.text).toBe('20260310120000');
    expect(Buffer.from(at(listed[0], 'belgeVerisi')?.text ?? '', 'base64').toString('utf8')).toBe(invoiceDocument(clocked.dataset, target.index, 2).xml);
  });
});
