/**
 * Contract tests, with hand-written envelopes, for what public third-party clients expect of each
 * provider (providers.md §2–§6, round two): the forms the simulators follow and the operations added.
 */
import { gunzipSync, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceDocument, type ManifestEntry } from './dataset/index.js';
import { startSimulator, type RunningSimulator } from './index.js';
import { childrenNamed, type XElement } from './soap/xml.js';
import { at, bodyOf, postSoap, readManifest, testDataset, wsSecurity } from './testing.js';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const withoutDeclaration = (xml: string) => (xml.startsWith('<?xml') ? xml.slice(xml.indexOf('?>') + 2) : xml);

describe('QNB: userService in the csap namespace, gelenBelgeleriIndirExt', () => {
  const dataset = testDataset('qnb');
  const CSAP = 'http://service.csap.cs.com.tr/';
  const CONNECTOR = 'http://service.connector.uut.cs.com.tr/';
  let sim: RunningSimulator;
  let manifest: ManifestEntry[];
  const userService = () => sim.url.replace('connectorService', 'userService');
  const wsLogin = (ns: string) =>
    postSoap(userService(), `<ser:wsLogin xmlns:ser="${ns}"><userId>${sim.credentials.username}</userId><password>${sim.credentials.password}</password><lang>tr</lang></ser:wsLogin>`);
  beforeAll(async () => {
    sim = await startSimulator('qnb', { dataset });
    manifest = await readManifest([dataset]);
  });
  afterAll(() => sim.close());

  it('wsLogin in http://service.csap.cs.com.tr/ (what public clients send) opens a session; the connector namespace still does', async () => {
    const csap = await wsLogin(CSAP);
    expect(csap.status).toBe(200);
    expect(bodyOf(csap.text).ns).toBe(CSAP);
    expect(csap.headers.get('set-cookie')).toMatch(/^CSAPSESSIONID=[0-9A-F]{32};/);
    const legacy = await wsLogin(CONNECTOR);
    expect(legacy.status).toBe(200);
    expect(bodyOf(legacy.text).ns).toBe(CONNECTOR);
    const wsdl = await (await fetch(`${userService()}?wsdl`)).text();
    expect(wsdl).toContain(`targetNamespace="${CSAP}"`);
    const other = await postSoap(userService(), `<ser:wsLogin xmlns:ser="http://example.com/"><userId>x</userId></ser:wsLogin>`);
    expect(bodyOf(other.text).name).toBe('Fault');
  });

  it('gelenBelgeleriIndirExt(parametreler) zips the documents gelenBelgeleriAlExt lists for the same parameters', async () => {
    const params = `<parametreler><belgeTuru>FATURA</belgeTuru><gelisTarihiBaslangic>20260110</gelisTarihiBaslangic><gelisTarihiBitis>20260120</gelisTarihiBitis><sonAlinanBelgeSiraNumarasi>0</sonAlinanBelgeSiraNumarasi><vergiTcKimlikNo>${dataset.customer.vkn}</vergiTcKimlikNo></parametreler>`;
    const auth = { header: wsSecurity(sim.credentials.username ?? '', sim.credentials.password ?? '') };
    const listed = childrenNamed(bodyOf((await postSoap(sim.url, `<ser:gelenBelgeleriAlExt xmlns:ser="${CONNECTOR}">${params}</ser:gelenBelgeleriAlExt>`, auth)).text), 'return').map((r) => at(r, 'ettn')?.text ?? '');
    expect(listed.length).toBeGreaterThan(10);
    const res = await postSoap(sim.url, `<ser:gelenBelgeleriIndirExt xmlns:ser="${CONNECTOR}">${params}</ser:gelenBelgeleriIndirExt>`, auth);
    expect(res.status).toBe(200);
    const entries = unzipSync(Buffer.from(at(bodyOf(res.text), 'return')?.text ?? '', 'base64'));
    expect(Object.keys(entries).sort()).toEqual(listed.map((ettn) => `${ettn}.xml`).sort());
    const first = manifest.find((e) => e.ettn === listed[0])!;
    expect(Buffer.from(entries[`${first.ettn}.xml`]!).toString('utf8')).toBe(invoiceDocument(dataset, first.index).xml);
  });

  it('the xsiType content fault serves a belge version no WSDL declares', async () => {
    const index = manifest.find((e) => e.deliveredToInbox)!.index;
    sim.setFaults({ content: [{ kind: 'xsiType', indices: [index] }] });
    const body = `<ser:gelenBelgeleriAlExt xmlns:ser="${CONNECTOR}"><parametreler><belgeTuru>FATURA</belgeTuru><donusTipiVersiyon>6.0</donusTipiVersiyon><sonAlinanBelgeSiraNumarasi>0</sonAlinanBelgeSiraNumarasi><vergiTcKimlikNo>${dataset.customer.vkn}</vergiTcKimlikNo></parametreler></ser:gelenBelgeleriAlExt>`;
    const items = childrenNamed(bodyOf((await postSoap(sim.url, body, { header: wsSecurity(sim.credentials.username ?? '', sim.credentials.password ?? '') })).text), 'return');
    sim.setFaults({});
    const types = new Set(items.map((item) => item.nsAttrs[`{${XSI}}type`]));
    expect(types).toEqual(new Set(['ns2:belgev6', 'ns2:belgev7']));
  });
});

describe('EDM: a WSDL strict tools can resolve, the fault detail it declares, sessions on the simulator clock', () => {
  const dataset = testDataset('edm');
  let now = Date.parse('2026-06-01T00:00:00Z');
  let sim: RunningSimulator;
  const header = (session: string) => `<REQUEST_HEADER><SESSION_ID>${session}</SESSION_ID><CLIENT_TXN_ID>t</CLIENT_TXN_ID></REQUEST_HEADER>`;
  const call = (op: string, session: string, inner = '') => postSoap(sim.url, `<tem:${op}Request xmlns:tem="http://tempuri.org/">${header(session)}${inner}</tem:${op}Request>`);
  beforeAll(async () => {
    sim = await startSimulator('edm', { dataset, clock: () => now });
  });
  afterAll(() => sim.close());

  it('declares every schema its WSDL refers to (xmlmime) and the fault detail element it sends', async () => {
    const wsdl = await (await fetch(sim.wsdlUrl)).text();
    expect(wsdl).toContain('<xs:import namespace="http://www.w3.org/2005/05/xmlmime"/>');
    expect(wsdl).toMatch(/<xs:schema targetNamespace="http:\/\/www.w3.org\/2005\/05\/xmlmime"><xs:attribute name="contentType">/);
    const faultParts = [...wsdl.matchAll(/<wsdl:part name="detail" element="tns:([A-Za-z_]+)"\/>/g)].map((m) => m[1]);
    expect(new Set(faultParts)).toEqual(new Set(['REQUEST_ERRORType']));
    expect(wsdl).toContain('<xs:element name="REQUEST_ERRORType" type="tns:REQUEST_ERRORType"/>');
    const fault = bodyOf((await call('CheckCounter', 'no-such-session')).text);
    expect(at(fault, 'detail')?.children.map((c) => c.name)).toEqual(['REQUEST_ERRORType']);
  });

  it('a session dies after 20 idle minutes of the simulator clock, with no real wait', async () => {
    const login = await postSoap(sim.url, `<tem:LoginRequest xmlns:tem="http://tempuri.org/">${header('-1')}<USER_NAME>${sim.credentials.username}</USER_NAME><PASSWORD>${sim.credentials.password}</PASSWORD></tem:LoginRequest>`);
    const session = at(bodyOf(login.text), 'SESSION_ID')?.text ?? '';
    now += 19 * 60_000;
    expect((await call('CheckCounter', session)).status).toBe(200);
    now += 20 * 60_000 + 1;
    const expired = await call('CheckCounter', session);
    expect(expired.status).toBe(500);
    expect(at(bodyOf(expired.text), 'detail', 'REQUEST_ERRORType', 'ERROR_CODE')?.text).toBe('10011');
    expect(sim.calls.at(-1)?.fault).toBe('sessionExpired');
  });
});

describe.each(['uyumsoft', 'crs'] as const)('%s: scalar Value attributes, an empty filter, the added operations and list attributes', (provider) => {
  const dataset = testDataset(provider);
  let sim: RunningSimulator;
  let manifest: ManifestEntry[];
  const basic = () => sim.url.replace('/Services/Integration', '/Services/BasicIntegration');
  const userInfo = () => `<userInfo Username="${sim.credentials.username}" Password="${sim.credentials.password}"/>`;
  const call = async (op: string, inner: string) => at(bodyOf((await postSoap(basic(), `<${op} xmlns="http://tempuri.org/">${userInfo()}${inner}</${op}>`)).text), `${op}Result`) as XElement;
  const window = '<CreateStartDate>2026-01-10T00:00:00+03:00</CreateStartDate><CreateEndDate>2026-01-20T00:00:00+03:00</CreateEndDate>';
  beforeAll(async () => {
    sim = await startSimulator(provider, { dataset });
    manifest = await readManifest([dataset]);
  });
  afterAll(() => sim.close());

  it('TestConnection answers Value="true" as an attribute of its result', async () => {
    const result = await call('TestConnection', '');
    expect(result.attrs).toMatchObject({ IsSucceded: 'true', Value: 'true' });
  });

  it('an empty <InvoiceIds/> is no filter; items in the MS arrays namespace still find nothing', async () => {
    const total = async (filters: string) => Number(at(await call('GetInboxInvoiceList', `<query PageIndex="0" PageSize="10">${window}${filters}</query>`), 'Value')?.attrs.TotalCount);
    const all = await total('');
    expect(all).toBeGreaterThan(10);
    expect(await total('<InvoiceIds/>')).toBe(all);
    expect(await total('<InvoiceIds xmlns:arr="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><arr:string>x</arr:string></InvoiceIds>')).toBe(0);
  });

  it('list items carry TypeCode, EnvelopeStatusCode, InvoiceTipTypeCode, ExchangeRate, Vat*, Message and OrderDocumentId', async () => {
    const item = at(await call('GetInboxInvoiceList', `<query PageIndex="0" PageSize="1">${window}</query>`), 'Value', 'Items', 'InboxInvoiceListItem');
    for (const name of ['TypeCode', 'EnvelopeStatusCode', 'InvoiceTipTypeCode', 'ExchangeRate', 'Vat1', 'Vat8', 'Vat10', 'Vat18', 'Vat20', 'Vat20TaxableAmount', 'Message', 'OrderDocumentId']) {
      expect(item?.attrs, name).toHaveProperty(name);
    }
    expect(item?.attrs.Vat20TaxableAmount).toBe(manifest.find((e) => e.ettn === item?.attrs.InvoiceId)?.taxExclusiveAmount);
  });

  it('GetInboxInvoices lists a page with each invoice inline; GetInboxInvoice and QueryInboxInvoiceStatus answer by id', async () => {
    const value = at(await call('GetInboxInvoices', `<query PageIndex="0" PageSize="5" SetTaken="false">${window}</query>`), 'Value');
    const infos = childrenNamed(at(value, 'Items'), 'InvoiceInfo');
    expect(infos).toHaveLength(5);
    expect(Number(value?.attrs.TotalPages)).toBeGreaterThan(1);
    const first = manifest.find((e) => e.ettn === infos[0]?.attrs.InvoiceId)!;
    const raw = await postSoap(basic(), `<GetInboxInvoices xmlns="http://tempuri.org/">${userInfo()}<query PageIndex="0" PageSize="1">${window}</query></GetInboxInvoices>`);
    expect(raw.text).toContain(withoutDeclaration(invoiceDocument(dataset, first.index).xml));
    expect(at(infos[0], 'Invoice')?.ns).toBe('urn:oasis:names:specification:ubl:schema:xsd:Invoice-2');
    const single = await call('GetInboxInvoice', `<invoiceId>${first.ettn}</invoiceId>`);
    expect(at(single, 'Value', 'Invoice', 'UUID')?.text).toBe(first.ettn);
    const statuses = childrenNamed(at(await call('QueryInboxInvoiceStatus', `<invoiceIds><string>${first.ettn}</string><string>00000000-0000-4000-8000-000000000000</string></invoiceIds>`), 'Value'), 'InvoiceStatusInfo');
    expect(statuses.map((s) => s.attrs.InvoiceId)).toEqual([first.ettn]);
    expect(sim.calls.filter((c) => c.operation === 'SetInvoicesTaken')).toEqual([]);
  });

  it('serves each content fault of §7.3 in GetInboxInvoiceData', async () => {
    const targets = manifest.filter((e) => e.deliveredToInbox).slice(0, 9);
    const kinds = ['badBase64', 'bom', 'html', 'zipTwo', 'zipEmpty', 'gzip', 'empty', 'xsiType', 'cutHalf'] as const;
    sim.setFaults({ content: kinds.map((kind, k) => ({ kind, indices: [targets[k]!.index] })) });
    const served = await Promise.all(targets.map(async (e) => at(await call('GetInboxInvoiceData', `<invoiceId>${e.ettn}</invoiceId>`), 'Value') as XElement));
    sim.setFaults({});
    const data = (k: number) => at(served[k], 'Data')?.text ?? '';
    const bytes = (k: number) => Buffer.from(data(k), 'base64');
    const xml = (k: number) => invoiceDocument(dataset, targets[k]!.index).xml;
    expect(data(0)).not.toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
    expect(bytes(1).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes(2).toString('utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(Object.keys(unzipSync(bytes(3)))).toHaveLength(2);
    expect(Object.keys(unzipSync(bytes(4))).filter((name) => !name.endsWith('/'))).toEqual([]);
    expect(Buffer.from(gunzipSync(bytes(5))).toString('utf8')).toBe(xml(5));
    expect(data(6)).toBe('');
    expect(served[7]?.nsAttrs[`{${XSI}}type`]).toBeDefined();
    expect(bytes(7).toString('utf8')).toBe(xml(7));
    expect(xml(8).startsWith(bytes(8).toString('utf8'))).toBe(true);
    expect(bytes(8).length).toBe(Math.floor(Buffer.byteLength(xml(8)) / 2));
  });

  it('the html fault answers HTTP 200 with an HTML page instead of an envelope', async () => {
    sim.setFaults({ html: { from: 1, to: 1 } });
    const res = await postSoap(basic(), `<TestConnection xmlns="http://tempuri.org/">${userInfo()}</TestConnection>`);
    sim.setFaults({});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toMatch(/^<!DOCTYPE html>/);
  });
});

describe('İşNet: the public client\'s member names, HealthCheck, GetDocumentViewerLink, ScenarioType', () => {
  const dataset = testDataset('isnet');
  const EIN = 'http://schemas.datacontract.org/2004/07/EInvoice.Service.Model';
  let sim: RunningSimulator;
  let manifest: ManifestEntry[];
  const post = (op: string, members: string, soapAction = `http://tempuri.org/IInvoiceService/${op}`) =>
    postSoap(sim.url, `<tem:${op} xmlns:tem="http://tempuri.org/" xmlns:ein="${EIN}"><tem:request>${members}</tem:request></tem:${op}>`, { soapAction });
  beforeAll(async () => {
    sim = await startSimulator('isnet', { dataset });
    manifest = await readManifest([dataset]);
  });
  afterAll(() => sim.close());

  it('HealthCheck answers without a request body or authorization', async () => {
    const res = await postSoap(sim.url, '<tem:HealthCheck xmlns:tem="http://tempuri.org/"/>', { soapAction: '"http://tempuri.org/IInvoiceService/HealthCheck"' });
    expect(at(bodyOf(res.text), 'HealthCheckResult')?.text).toBe('OK');
  });

  it('GetDocumentViewerLink answers HtmlUrl and PdfUrl for a known ETTN, IsSucceded=false with a Message otherwise', async () => {
    const ettn = manifest.find((e) => e.deliveredToInbox)!.ettn;
    const link = (id: string) => post('GetDocumentViewerLink', `<ein:CompanyTaxCode>${dataset.customer.vkn}</ein:CompanyTaxCode><ein:Ettn>${id}</ein:Ettn><ein:InvoiceDirection>Incoming</ein:InvoiceDirection><ein:InvoiceDocumentType>EInvoice</ein:InvoiceDocumentType>`);
    const ok = at(bodyOf((await link(ettn)).text), 'GetDocumentViewerLinkResult');
    expect(at(ok, 'IsSucceded')?.text).toBe('true');
    expect(at(ok, 'HtmlUrl')?.text).toMatch(/key=/);
    expect(at(ok, 'PdfUrl')?.text).toMatch(/key=/);
    const missing = at(bodyOf((await link('00000000-0000-4000-8000-000000000000')).text), 'GetDocumentViewerLinkResult');
    expect(at(missing, 'IsSucceded')?.text).toBe('false');
    expect(at(missing, 'Message')?.text).toMatch(/bulunamadı/);
  });

  it('SearchAllInvoice filters on ScenarioType; results use IsSucceded, PagingResponse/TotalRecords and InvoiceXml', async () => {
    const search = async (scenario: string) => {
      const members = `<ein:CompanyTaxCode>${dataset.customer.vkn}</ein:CompanyTaxCode><ein:InvoiceDirection>Incoming</ein:InvoiceDirection><ein:MaxInvoiceDate>2026-02-14</ein:MaxInvoiceDate><ein:MinInvoiceDate>2026-01-20</ein:MinInvoiceDate>` +
        `<ein:PagingRequest><ein:PageNumber>1</ein:PageNumber><ein:RecordsPerPage>100</ein:RecordsPerPage></ein:PagingRequest><ein:ResultSet><ein:IsXMLIncluded>true</ein:IsXMLIncluded></ein:ResultSet>${scenario}`;
      return at(bodyOf((await post('SearchAllInvoice', members)).text), 'SearchAllInvoiceResult') as XElement;
    };
    const all = await search('');
    const ticari = await search('<ein:ScenarioType>TICARI</ein:ScenarioType>');
    const total = (r: XElement) => Number(at(r, 'PagingResponse', 'TotalRecords')?.text);
    expect(at(all, 'IsSucceded')?.text).toBe('true');
    expect(total(ticari)).toBeGreaterThan(0);
    expect(total(ticari)).toBeLessThan(total(all));
    const invoices = childrenNamed(at(ticari, 'Invoices'), 'Invoice');
    expect(new Set(invoices.map((i) => at(i, 'ScenarioType')?.text))).toEqual(new Set(['TICARIFATURA']));
    const first = manifest.find((e) => e.ettn === at(invoices[0], 'ETTN')?.text)!;
    expect(Buffer.from(at(invoices[0], 'InvoiceXml')?.text ?? '', 'base64').toString('utf8')).toBe(invoiceDocument(dataset, first.index).xml);
  });
});
