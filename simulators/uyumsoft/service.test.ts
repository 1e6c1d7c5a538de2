import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceDocument, type ManifestEntry } from '../dataset/index.js';
import { startSimulator, type RunningSimulator } from '../index.js';
import { arrivedBetween, at, bodyOf, postSoap, readManifest, testDataset, wsSecurity, simulatorAtClock } from '../testing.js';
import { childrenNamed } from '../soap/xml.js';

const basic = (sim: RunningSimulator) => sim.url.replace('/Services/Integration', '/Services/BasicIntegration');
const userInfo = (sim: RunningSimulator, password = sim.credentials.password) =>
  `<userInfo Username="${sim.credentials.username}" Password="${password}"/>`;

function listBody(sim: RunningSimulator, pageIndex: number, pageSize: number, filters: string, attrs = '') {
  return `<GetInboxInvoiceList xmlns="http://tempuri.org/">${userInfo(sim)}<query PageIndex="${pageIndex}" PageSize="${pageSize}"${attrs}>${filters}</query></GetInboxInvoiceList>`;
}

async function listAll(sim: RunningSimulator, filters: string, pageSize: number) {
  const ids: string[] = [];
  for (let page = 0; ; page++) {
    const res = await postSoap(basic(sim), listBody(sim, page, pageSize, filters));
    const value = at(bodyOf(res.text), 'GetInboxInvoiceListResult', 'Value');
    if (!value) throw new Error(res.text);
    ids.push(...childrenNamed(at(value, 'Items'), 'InboxInvoiceListItem').map((i) => i.attrs.InvoiceId ?? ''));
    if (page + 1 >= Number(value.attrs.TotalPages)) return { ids, totalCount: Number(value.attrs.TotalCount), pages: page + 1 };
  }
}

describe.each(['uyumsoft', 'crs'] as const)('%s simulator (raw SOAP)', (provider) => {
  const dataset = testDataset(provider);
  let sim: RunningSimulator;
  let manifest: ManifestEntry[];
  beforeAll(async () => {
    sim = await startSimulator(provider, { dataset });
    manifest = await readManifest([dataset]);
  });
  afterAll(() => sim.close());

  it('serves its WSDL with the simulator address', async () => {
    for (const query of ['?wsdl', '?singleWsdl']) {
      const res = await fetch(sim.url + query);
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text).toContain(`location="${sim.url}"`);
      expect(text).toContain('name="GetInboxInvoiceList"');
    }
    expect(sim.wsdlUrl).toBe(`${sim.url}?singleWsdl`);
  });

  it('answers wrong credentials with HTTP 200, IsSucceded=false and an Unauthorized message on both endpoints', async () => {
    const wrongBasic = await postSoap(basic(sim), `<GetInboxInvoiceList xmlns="http://tempuri.org/">${userInfo(sim, 'nope')}<query PageIndex="0" PageSize="10"/></GetInboxInvoiceList>`);
    const wrongWsse = await postSoap(sim.url, '<GetInboxInvoiceList xmlns="http://tempuri.org/"><query PageIndex="0" PageSize="10"/></GetInboxInvoiceList>', { header: wsSecurity(sim.credentials.username ?? '', 'nope') });
    for (const res of [wrongBasic, wrongWsse]) {
      expect(res.status).toBe(200);
      const result = at(bodyOf(res.text), 'GetInboxInvoiceListResult');
      expect(result?.attrs.IsSucceded).toBe('false');
      expect(result?.attrs.Message).toMatch(/Unauthorized/);
      expect(at(result, 'Value')).toBeUndefined();
    }
    expect(sim.calls.filter((c) => c.fault === 'authFailed')).toHaveLength(2);
  });

  it('accepts a WS-Security UsernameToken on Integration', async () => {
    const res = await postSoap(sim.url, '<GetInboxInvoiceList xmlns="http://tempuri.org/"><query PageIndex="0" PageSize="5"/></GetInboxInvoiceList>', { header: wsSecurity(sim.credentials.username ?? '', sim.credentials.password ?? '') });
    const result = at(bodyOf(res.text), 'GetInboxInvoiceListResult');
    expect(result?.attrs.IsSucceded).toBe('true');
    expect(childrenNamed(at(result, 'Value', 'Items'), 'InboxInvoiceListItem')).toHaveLength(5);
  });

  it('pages a creation-date window from PageIndex 0 to TotalPages: every manifest ETTN once', async () => {
    const from = '2026-01-10T00:00:00+03:00';
    const to = '2026-02-10T00:00:00+03:00';
    const { ids, totalCount, pages } = await listAll(sim, `<CreateStartDate>${from}</CreateStartDate><CreateEndDate>${to}</CreateEndDate>`, 17);
    const expected = arrivedBetween(manifest, from, to);
    expect(expected.length).toBeGreaterThan(50);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(totalCount).toBe(expected.length);
    expect(pages).toBe(Math.ceil(expected.length / 17));
    const past = await postSoap(basic(sim), listBody(sim, pages, 17, `<CreateStartDate>${from}</CreateStartDate><CreateEndDate>${to}</CreateEndDate>`));
    const value = at(bodyOf(past.text), 'GetInboxInvoiceListResult', 'Value');
    expect(value?.attrs.TotalCount).toBe(String(expected.length));
    expect(childrenNamed(at(value, 'Items'), 'InboxInvoiceListItem')).toHaveLength(0);
  });

  it('filters ExecutionStartDate/EndDate on the issue date', async () => {
    const { ids } = await listAll(sim, '<ExecutionStartDate>2026-02-01T00:00:00</ExecutionStartDate><ExecutionEndDate>2026-02-07T00:00:00</ExecutionEndDate>', 100);
    const expected = manifest.filter((e) => e.deliveredToInbox && e.issueDate >= '2026-02-01' && e.issueDate <= '2026-02-07').map((e) => e.ettn);
    expect(expected.length).toBeGreaterThan(5);
    expect([...ids].sort()).toEqual([...expected].sort());
  });

  it('GetInboxInvoiceData returns base64 of the dataset XML byte for byte', async () => {
    const entry = manifest.find((e) => e.deliveredToInbox && e.index === 42);
    const res = await postSoap(basic(sim), `<GetInboxInvoiceData xmlns="http://tempuri.org/">${userInfo(sim)}<invoiceId>${entry?.ettn}</invoiceId></GetInboxInvoiceData>`);
    const data = at(bodyOf(res.text), 'GetInboxInvoiceDataResult', 'Value', 'Data')?.text ?? '';
    expect(Buffer.from(data, 'base64').equals(Buffer.from(invoiceDocument(dataset, 42).xml, 'utf8'))).toBe(true);
    const missing = await postSoap(basic(sim), `<GetInboxInvoiceData xmlns="http://tempuri.org/">${userInfo(sim)}<invoiceId>00000000-0000-0000-0000-000000000000</invoiceId></GetInboxInvoiceData>`);
    expect(at(bodyOf(missing.text), 'GetInboxInvoiceDataResult')?.attrs.IsSucceded).toBe('false');
  });

  it('SetInvoicesTaken really clears IsNew, is honoured by OnlyNewestInvoices, and is recorded', async () => {
    const ettn = manifest.find((e) => e.index === 3)?.ettn ?? '';
    const filter = `<InvoiceIds><string>${ettn}</string></InvoiceIds>`;
    const newest = () => postSoap(basic(sim), listBody(sim, 0, 10, filter, ' OnlyNewestInvoices="true"'));
    expect(at(bodyOf((await newest()).text), 'GetInboxInvoiceListResult', 'Value')?.attrs.TotalCount).toBe('1');
    await postSoap(basic(sim), `<SetInvoicesTaken xmlns="http://tempuri.org/">${userInfo(sim)}<invoiceIds><string>${ettn}</string></invoiceIds></SetInvoicesTaken>`);
    expect(at(bodyOf((await newest()).text), 'GetInboxInvoiceListResult', 'Value')?.attrs.TotalCount).toBe('0');
    const all = await postSoap(basic(sim), listBody(sim, 0, 10, filter));
    expect(at(bodyOf(all.text), 'GetInboxInvoiceListResult', 'Value', 'Items', 'InboxInvoiceListItem')?.attrs.IsNew).toBe('false');
    expect(sim.calls.filter((c) => c.operation === 'SetInvoicesTaken').map((c) => c.params['invoiceIds.string'])).toEqual([ettn]);
  });

  it('ignores ArrayOfString items in the MS arrays namespace: IsSucceded=true and nothing found', async () => {
    const ettn = manifest.find((e) => e.index === 5)?.ettn ?? '';
    const res = await postSoap(basic(sim), listBody(sim, 0, 10, `<InvoiceIds xmlns:arr="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><arr:string>${ettn}</arr:string></InvoiceIds>`));
    const result = at(bodyOf(res.text), 'GetInboxInvoiceListResult');
    expect(result?.attrs.IsSucceded).toBe('true');
    expect(at(result, 'Value')?.attrs.TotalCount).toBe('0');
  });

  it('IsEInvoiceUser: a scalar Value attribute of the result (as the public SDK reads it); a non-user answers per brand', async () => {
    const ask = (vkn: string) => postSoap(basic(sim), `<IsEInvoiceUser xmlns="http://tempuri.org/">${userInfo(sim)}<vknTckn>${vkn}</vknTckn></IsEInvoiceUser>`);
    const user = at(bodyOf((await ask(dataset.customer.vkn)).text), 'IsEInvoiceUserResult');
    expect(user?.attrs.Value).toBe('true');
    expect(at(user, 'Value')).toBeUndefined();
    const nonUser = at(bodyOf((await ask('9999999999')).text), 'IsEInvoiceUserResult');
    expect(nonUser?.attrs.IsSucceded).toBe('true');
    expect(nonUser?.attrs.Value).toBe(provider === 'crs' ? undefined : 'false');
  });
});

describe('Uyumsoft platform simulator: late and re-issued invoices are created anew at the time they arrive', () => {
  const clocked = simulatorAtClock('crs', 80);

  const datasetWindow = '<CreateStartDate>2026-01-01T00:00:00Z</CreateStartDate><CreateEndDate>2026-03-01T00:00:00Z</CreateEndDate>';
  const arrivalDay = '<CreateStartDate>2026-03-10T00:00:00+03:00</CreateStartDate><CreateEndDate>2026-03-10T23:59:59+03:00</CreateEndDate>';
  const items = async (filters: string) =>
    childrenNamed(at(bodyOf((await postSoap(basic(clocked.sim), listBody(clocked.sim, 0, 200, filters))).text), 'GetInboxInvoiceListResult', 'Value', 'Items'), 'InboxInvoiceListItem');
  const data = async (ettn: string) =>
    Buffer.from(at(bodyOf((await postSoap(basic(clocked.sim), `<GetInboxInvoiceData xmlns="http://tempuri.org/">${userInfo(clocked.sim)}<invoiceId>${ettn}</invoiceId></GetInboxInvoiceData>`)).text), 'GetInboxInvoiceDataResult', 'Value', 'Data')?.text ?? '', 'base64').toString('utf8');

  it('a late invoice gets CreateDateUtc = the clock when it becomes visible; ExecutionDate stays', async () => {
    clocked.sim.setFaults({ late: { every: 25, offset: 2, untilCall: 2 } });
    const late = clocked.manifest.filter((e) => e.deliveredToInbox && e.index % 25 === 2);
    expect((await items(datasetWindow)).map((i) => i.attrs.InvoiceId)).toEqual(clocked.manifest.filter((e) => e.deliveredToInbox && e.index % 25 !== 2).map((e) => e.ettn));
    const arrived = await items(arrivalDay); // call 2: they arrive now
    expect(arrived.map((i) => i.attrs.InvoiceId)).toEqual(late.map((e) => e.ettn));
    expect(arrived.map((i) => i.attrs.CreateDateUtc)).toEqual(late.map(() => '2026-03-10T09:00:00.000Z'));
    expect(arrived.map((i) => i.attrs.ExecutionDate)).toEqual(late.map((e) => `${e.issueDate}T00:00:00`));
    expect((await items(datasetWindow)).map((i) => i.attrs.InvoiceId)).not.toContain(late[0]!.ettn);
  });

  it('a re-issue is created anew at the time it was re-issued, with revision 2 data', async () => {
    const target = clocked.manifest[5]!;
    clocked.sim.setFaults({ reissue: { indices: [target.index] } });
    expect(await data(target.ettn)).toBe(invoiceDocument(clocked.dataset, target.index).xml);
    expect((await items(datasetWindow)).map((i) => i.attrs.InvoiceId)).not.toContain(target.ettn);
    const relisted = (await items(arrivalDay)).filter((i) => i.attrs.InvoiceId === target.ettn);
    expect(relisted.map((i) => i.attrs.CreateDateUtc)).toEqual(['2026-03-10T09:00:00.000Z']);
    expect(await data(target.ettn)).toBe(invoiceDocument(clocked.dataset, target.index, 2).xml);
  });
});
