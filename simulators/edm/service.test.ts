import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceDocument, type ManifestEntry } from '../dataset/index.js';
import { startSimulator, type RunningSimulator } from '../index.js';
import { childrenNamed, type XElement } from '../soap/xml.js';
import { arrivedBetween, at, bodyOf, postSoap, readManifest, testDataset, simulatorAtClock } from '../testing.js';

const header = (session: string, compressed = 'N') =>
  `<REQUEST_HEADER><SESSION_ID>${session}</SESSION_ID><CLIENT_TXN_ID>t-1</CLIENT_TXN_ID><ACTION_DATE>2026-03-01T10:00:00</ACTION_DATE><COMPRESSED>${compressed}</COMPRESSED></REQUEST_HEADER>`;

async function login(sim: RunningSimulator, password = sim.credentials.password): Promise<{ status: number; body: XElement }> {
  const res = await postSoap(sim.url, `<tem:LoginRequest xmlns:tem="http://tempuri.org/">${header('-1')}<USER_NAME>${sim.credentials.username}</USER_NAME><PASSWORD>${password}</PASSWORD></tem:LoginRequest>`, { soapAction: '"LoginRequest"' });
  return { status: res.status, body: bodyOf(res.text) };
}

async function getInvoice(sim: RunningSimulator, session: string, key: string, options: { headerOnly?: boolean; compressed?: string } = {}) {
  const res = await postSoap(sim.url, `<tem:GetInvoiceRequest xmlns:tem="http://tempuri.org/">${header(session, options.compressed)}<INVOICE_SEARCH_KEY>${key}</INVOICE_SEARCH_KEY><HEADER_ONLY>${options.headerOnly ? 'Y' : 'N'}</HEADER_ONLY></tem:GetInvoiceRequest>`);
  return { status: res.status, body: bodyOf(res.text) };
}

const errorCode = (body: XElement) => at(body, 'detail', 'REQUEST_ERRORType', 'ERROR_CODE')?.text;

describe('EDM simulator (raw SOAP)', () => {
  const dataset = testDataset('edm');
  let sim: RunningSimulator;
  let manifest: ManifestEntry[];
  let session: string;
  beforeAll(async () => {
    sim = await startSimulator('edm', { dataset });
    manifest = await readManifest([dataset]);
    session = at((await login(sim)).body, 'SESSION_ID')?.text ?? '';
  });
  afterAll(() => sim.close());

  it('serves ?singleWsdl and ?wsdl', async () => {
    const text = await (await fetch(sim.wsdlUrl)).text();
    expect(text).toContain('REQUEST_ERRORType');
    expect(text).toContain(`location="${sim.url}"`);
    expect((await fetch(`${sim.url}?wsdl`)).status).toBe(200);
  });

  it('Login with a wrong password is a fault carrying REQUEST_ERRORType', async () => {
    const { status, body } = await login(sim, 'wrong');
    expect(status).toBe(500);
    expect(body.name).toBe('Fault');
    expect(errorCode(body)).toBe('10002');
    expect(at(body, 'detail', 'REQUEST_ERRORType', 'CLIENT_TXN_ID')?.text).toBe('t-1');
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('splitting creation-date windows that hit LIMIT returns every manifest invoice exactly once', async () => {
    const seen: string[] = [];
    const fetchWindow = async (from: number, to: number): Promise<void> => {
      const key = `<LIMIT>20</LIMIT><CR_START_DATE>${new Date(from).toISOString()}</CR_START_DATE><CR_END_DATE>${new Date(to).toISOString()}</CR_END_DATE><READ_INCLUDED>true</READ_INCLUDED><DIRECTION>IN</DIRECTION>`;
      const invoices = childrenNamed((await getInvoice(sim, session, key, { headerOnly: true })).body, 'INVOICE');
      if (invoices.length >= 20) {
        const mid = Math.floor((from + to) / 2);
        await fetchWindow(from, mid);
        await fetchWindow(mid + 1, to);
        return;
      }
      seen.push(...invoices.map((i) => i.attrs.UUID ?? ''));
    };
    const from = Date.parse('2026-01-05T00:00:00Z');
    const to = Date.parse('2026-02-05T00:00:00Z');
    await fetchWindow(from, to);
    const expected = arrivedBetween(manifest, new Date(from).toISOString(), new Date(to).toISOString());
    expect(expected.length).toBeGreaterThan(60);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
  });

  it('caps LIMIT at 100 with content and defaults to 10', async () => {
    const wide = '<CR_START_DATE>2026-01-01</CR_START_DATE><CR_END_DATE>2026-03-01</CR_END_DATE><READ_INCLUDED>true</READ_INCLUDED>';
    expect(childrenNamed((await getInvoice(sim, session, `<LIMIT>500</LIMIT>${wide}`)).body, 'INVOICE')).toHaveLength(100);
    expect(childrenNamed((await getInvoice(sim, session, wide)).body, 'INVOICE')).toHaveLength(10);
    expect(childrenNamed((await getInvoice(sim, session, `<LIMIT>500</LIMIT>${wide}`, { headerOnly: true })).body, 'INVOICE').length).toBeGreaterThan(100);
  });

  it('filters START_DATE/END_DATE on the issue date', async () => {
    const key = '<LIMIT>100</LIMIT><START_DATE>2026-02-10</START_DATE><END_DATE>2026-02-12</END_DATE><READ_INCLUDED>true</READ_INCLUDED>';
    const ids = childrenNamed((await getInvoice(sim, session, key, { headerOnly: true })).body, 'INVOICE').map((i) => i.attrs.UUID);
    const expected = manifest.filter((e) => e.deliveredToInbox && e.issueDate >= '2026-02-10' && e.issueDate <= '2026-02-12').map((e) => e.ettn);
    expect(expected.length).toBeGreaterThan(2);
    expect([...ids].sort()).toEqual([...expected].sort());
  });

  it('CONTENT is base64 XML with COMPRESSED=N and a zip holding {UUID}.xml otherwise; HEADER_ONLY omits it', async () => {
    const entry = manifest.find((e) => e.index === 9);
    const key = `<UUID>${entry?.ettn}</UUID><READ_INCLUDED>true</READ_INCLUDED>`;
    const xml = Buffer.from(invoiceDocument(dataset, 9).xml, 'utf8');
    const plain = at((await getInvoice(sim, session, key, { compressed: 'N' })).body, 'INVOICE', 'CONTENT')?.text ?? '';
    expect(Buffer.from(plain, 'base64').equals(xml)).toBe(true);
    const zipped = at((await getInvoice(sim, session, key, { compressed: 'Y' })).body, 'INVOICE', 'CONTENT')?.text ?? '';
    const files = unzipSync(Buffer.from(zipped, 'base64'));
    expect(Object.keys(files)).toEqual([`${entry?.ettn}.xml`]);
    expect(Buffer.from(files[`${entry?.ettn}.xml`] ?? []).equals(xml)).toBe(true);
    const headerOnly = at((await getInvoice(sim, session, key, { headerOnly: true })).body, 'INVOICE');
    expect(at(headerOnly, 'CONTENT')).toBeUndefined();
    expect(at(headerOnly, 'HEADER', 'CDATE')?.text).toMatch(/\+03:00$/);
  });

  it('MarkInvoice READ hides the invoice from READ_INCLUDED=false and is recorded', async () => {
    const entry = manifest.find((e) => e.index === 12);
    const unread = `<UUID>${entry?.ettn}</UUID><READ_INCLUDED>false</READ_INCLUDED>`;
    expect(childrenNamed((await getInvoice(sim, session, unread, { headerOnly: true })).body, 'INVOICE')).toHaveLength(1);
    await postSoap(sim.url, `<tem:MarkInvoiceRequest xmlns:tem="http://tempuri.org/">${header(session)}<MARK value="READ"><INVOICE UUID="${entry?.ettn}"/></MARK></tem:MarkInvoiceRequest>`);
    expect(childrenNamed((await getInvoice(sim, session, unread, { headerOnly: true })).body, 'INVOICE')).toHaveLength(0);
    expect(at((await getInvoice(sim, session, `<UUID>${entry?.ettn}</UUID><READ_INCLUDED>true</READ_INCLUDED>`, { headerOnly: true })).body, 'INVOICE', 'HEADER', 'MARKED')?.text).toBe('true');
    expect(sim.calls.filter((c) => c.operation === 'MarkInvoice')).toHaveLength(1);
  });

  it('CheckUser knows the customer and answers empty for a non-user', async () => {
    const ask = async (vkn: string) => childrenNamed(bodyOf((await postSoap(sim.url, `<tem:CheckUserRequest xmlns:tem="http://tempuri.org/">${header(session)}<USER><IDENTIFIER>${vkn}</IDENTIFIER></USER></tem:CheckUserRequest>`)).text), 'USER');
    expect((await ask(dataset.customer.vkn)).map((u) => at(u, 'UNIT')?.text)).toEqual(['GB', 'PK']);
    expect(await ask('1111111111')).toHaveLength(0);
  });

  it('an expired session (after N calls, or after Logout) is fault 10011 "Aktif Session bulunamadi"; re-login works', async () => {
    sim.setFaults({ sessionExpiry: { afterCalls: 2 } });
    const fresh = at((await login(sim)).body, 'SESSION_ID')?.text ?? '';
    const key = '<LIMIT>1</LIMIT><READ_INCLUDED>true</READ_INCLUDED>';
    expect((await getInvoice(sim, fresh, key)).status).toBe(200);
    expect((await getInvoice(sim, fresh, key)).status).toBe(200);
    const expired = await getInvoice(sim, fresh, key);
    expect(expired.status).toBe(500);
    expect(errorCode(expired.body)).toBe('10011');
    expect(at(expired.body, 'faultstring')?.text).toBe('Aktif Session bulunamadi');
    sim.setFaults({});
    const again = at((await login(sim)).body, 'SESSION_ID')?.text ?? '';
    await postSoap(sim.url, `<tem:LogoutRequest xmlns:tem="http://tempuri.org/">${header(again)}</tem:LogoutRequest>`);
    expect(errorCode((await getInvoice(sim, again, key)).body)).toBe('10011');
    expect(sim.calls.filter((c) => c.fault === 'sessionExpired')).toHaveLength(2);
  });

  it('a session idle longer than its TTL expires', async () => {
    sim.setFaults({ sessionExpiry: { ttlSeconds: 0.2 } });
    const fresh = at((await login(sim)).body, 'SESSION_ID')?.text ?? '';
    const key = '<LIMIT>1</LIMIT><READ_INCLUDED>true</READ_INCLUDED>';
    expect((await getInvoice(sim, fresh, key)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(errorCode((await getInvoice(sim, fresh, key)).body)).toBe('10011');
    sim.setFaults({});
  });
});

describe('EDM simulator: late and re-issued invoices are new records at the time they arrive', () => {
  const clocked = simulatorAtClock('edm', 120);

  const byCreation = (from: string, to: string) => `<LIMIT>25000</LIMIT><CR_START_DATE>${from}</CR_START_DATE><CR_END_DATE>${to}</CR_END_DATE><READ_INCLUDED>true</READ_INCLUDED>`;
  const datasetWindow = byCreation('2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z');
  const arrivalDay = byCreation('2026-03-10T00:00:00+03:00', '2026-03-10T23:59:59+03:00');
  const headers = async (session: string, key: string) => childrenNamed((await getInvoice(clocked.sim, session, key, { headerOnly: true })).body, 'INVOICE');

  it('a late invoice gets CDATE = the clock when it becomes visible and a TRXID after every other; ISSUE_DATE stays', async () => {
    clocked.sim.setFaults({ late: { every: 30, offset: 4, untilCall: 3 } });
    const session = at((await login(clocked.sim)).body, 'SESSION_ID')?.text ?? '';
    const late = clocked.manifest.filter((e) => e.deliveredToInbox && e.index % 30 === 4);
    const early = await headers(session, datasetWindow);
    expect(early).toHaveLength(120 - late.length);
    const arrived = await headers(session, arrivalDay); // call 3: they arrive now
    expect(arrived.map((i) => i.attrs.UUID)).toEqual(late.map((e) => e.ettn));
    const trxIds = arrived.map((i) => Number(i.attrs.TRXID));
    expect(trxIds.every((id, k) => id > Math.max(...early.map((i) => Number(i.attrs.TRXID))) && (k === 0 || id > trxIds[k - 1]!))).toBe(true);
    expect(arrived.map((i) => at(i, 'HEADER', 'CDATE')?.text)).toEqual(late.map(() => '2026-03-10T12:00:00+03:00'));
    expect(arrived.map((i) => at(i, 'HEADER', 'ISSUE_DATE')?.text)).toEqual(late.map((e) => e.issueDate));
    // They left their clocked.dataset place: the window they would have been in still lists the others only.
    expect((await headers(session, datasetWindow)).map((i) => i.attrs.UUID)).toEqual(early.map((i) => i.attrs.UUID));
  });

  it('a re-issue is listed again at the time it was re-issued, with revision 2 content', async () => {
    const target = clocked.manifest[9]!;
    clocked.sim.setFaults({ reissue: { indices: [target.index] } });
    const session = at((await login(clocked.sim)).body, 'SESSION_ID')?.text ?? '';
    const content = async () => Buffer.from(at((await getInvoice(clocked.sim, session, `<UUID>${target.ettn}</UUID><READ_INCLUDED>true</READ_INCLUDED>`)).body, 'INVOICE', 'CONTENT')?.text ?? '', 'base64').toString('utf8');
    expect(await content()).toBe(invoiceDocument(clocked.dataset, target.index).xml);
    const relisted = (await headers(session, arrivalDay)).find((i) => i.attrs.UUID === target.ettn);
    expect(at(relisted, 'HEADER', 'CDATE')?.text).toBe('2026-03-10T12:00:00+03:00');
    expect(await content()).toBe(invoiceDocument(clocked.dataset, target.index, 2).xml);
    expect((await headers(session, datasetWindow)).map((i) => i.attrs.UUID)).not.toContain(target.ettn);
  });
});
