import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceDocument, type ManifestEntry } from '../dataset/index.js';
import { startSimulator, type RunningSimulator } from '../index.js';
import { childrenNamed, type XElement } from '../soap/xml.js';
import { at, bodyOf, postSoap, readManifest, testDataset, simulatorAtClock } from '../testing.js';

const ACTION = '"http://tempuri.org/IInvoiceService/SearchInvoice"';
const EIN = 'http://schemas.datacontract.org/2004/07/EInvoice.Service.Model';

/** Members written in the given order (a correct client writes them alphabetically). */
function searchBody(members: [string, string][]): string {
  return `<tem:SearchInvoice xmlns:tem="http://tempuri.org/" xmlns:ein="${EIN}"><tem:request>${members.map(([name, value]) => `<ein:${name}>${value}</ein:${name}>`).join('')}</tem:request></tem:SearchInvoice>`;
}

const paging = (page: number, perPage: number) => `<ein:PageNumber>${page}</ein:PageNumber><ein:RecordsPerPage>${perPage}</ein:RecordsPerPage>`;
const resultSet = (xml: boolean) => `<ein:IsXMLIncluded>${xml}</ein:IsXMLIncluded>`;

describe('İşNet simulator (raw SOAP)', () => {
  const dataset = testDataset('isnet');
  let sim: RunningSimulator;
  let manifest: ManifestEntry[];
  beforeAll(async () => {
    sim = await startSimulator('isnet', { dataset });
    manifest = await readManifest([dataset]);
  });
  afterAll(() => sim.close());

  const search = async (members: [string, string][], soapAction = ACTION) => {
    const res = await postSoap(sim.url, searchBody(members), { soapAction });
    return { status: res.status, result: at(bodyOf(res.text), 'SearchInvoiceResult') as XElement, text: res.text };
  };
  const window = (page: number, perPage: number, xml = false): [string, string][] => [
    ['CompanyTaxCode', dataset.customer.vkn],
    ['InvoiceDirection', 'Incoming'],
    ['MaxInvoiceDate', '2026-02-14'],
    ['MinInvoiceDate', '2026-01-20'],
    ['PagingRequest', paging(page, perPage)],
    ['ResultSet', resultSet(xml)],
  ];

  it('authorizes (127.0.0.1, CompanyTaxCode); another VKN gets HTTP 200 with IsSucceded=false and a Message', async () => {
    expect(sim.credentials).toEqual({ vkn: dataset.customer.vkn });
    const ok = await search(window(1, 5));
    expect(at(ok.result, 'IsSucceded')?.text).toBe('true');
    const denied = await search([['CompanyTaxCode', '1234567805'], ['InvoiceDirection', 'Incoming']]);
    expect(denied.status).toBe(200);
    expect(at(denied.result, 'IsSucceded')?.text).toBe('false');
    expect(at(denied.result, 'Message')?.text).toMatch(/Yetkisiz/);
    expect(sim.calls.at(-1)?.fault).toBe('authFailed');
  });

  it('takes the SOAPAction quoted or not, as WCF does, and refuses another action', async () => {
    const unquoted = await search(window(1, 5), 'http://tempuri.org/IInvoiceService/SearchInvoice');
    expect(unquoted.status).toBe(200);
    expect(at(unquoted.result, 'IsSucceded')?.text).toBe('true');
    const wrong = await search(window(1, 5), '"http://tempuri.org/IInvoiceService/SearchAllInvoice"');
    expect(wrong.status).toBe(500);
    expect(wrong.text).toContain('ActionNotSupported');
  });

  it('pages from PageNumber 1 to the total: every manifest invoice of the issue-date window once', async () => {
    const seen: string[] = [];
    let totalPages = 1;
    for (let page = 1; page <= totalPages; page++) {
      const { result } = await search(window(page, 25));
      totalPages = Number(at(result, 'PagingResponse', 'TotalPages')?.text);
      seen.push(...childrenNamed(at(result, 'Invoices'), 'Invoice').map((i) => at(i, 'ETTN')?.text ?? ''));
    }
    const expected = manifest.filter((e) => e.deliveredToInbox && e.issueDate >= '2026-01-20' && e.issueDate <= '2026-02-14').map((e) => e.ettn);
    expect(expected.length).toBeGreaterThan(50);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
  });

  it('caps RecordsPerPage at 100 and inlines base64 XML only with IsXMLIncluded', async () => {
    const big = await search(window(1, 500));
    expect(at(big.result, 'PagingResponse', 'RecordsPerPage')?.text).toBe('100');
    expect(at(big.result, 'Invoices', 'Invoice', 'InvoiceXml')?.nsAttrs['{http://www.w3.org/2001/XMLSchema-instance}nil']).toBe('true');
    const withXml = await search(window(1, 3, true));
    for (const invoice of childrenNamed(at(withXml.result, 'Invoices'), 'Invoice')) {
      const entry = manifest.find((e) => e.ettn === at(invoice, 'ETTN')?.text) as ManifestEntry;
      expect(Buffer.from(at(invoice, 'InvoiceXml')?.text ?? '', 'base64').toString('utf8')).toBe(invoiceDocument(dataset, entry.index).xml);
    }
  });

  it('ignores members out of DataContract order, as WCF does (MinInvoiceDate after PagingRequest is dropped)', async () => {
    const ordered = await search(window(1, 10));
    const shuffled = await search([
      ['CompanyTaxCode', dataset.customer.vkn],
      ['InvoiceDirection', 'Incoming'],
      ['MaxInvoiceDate', '2026-02-14'],
      ['PagingRequest', paging(1, 10)],
      ['MinInvoiceDate', '2026-01-20'],
    ]);
    const total = (r: XElement) => Number(at(r, 'PagingResponse', 'TotalRecords')?.text);
    const expectedWithoutMin = manifest.filter((e) => e.deliveredToInbox && e.issueDate <= '2026-02-14').length;
    expect(at(shuffled.result, 'IsSucceded')?.text).toBe('true');
    expect(total(shuffled.result)).toBe(expectedWithoutMin);
    expect(total(shuffled.result)).toBeGreaterThan(total(ordered.result));
  });
});

describe('İşNet simulator: a late or re-issued invoice keeps its invoice date', () => {
  const clocked = simulatorAtClock('isnet', 60);

  /** The invoices SearchInvoice lists for one invoice date, content included. */
  const onDate = async (date: string) => {
    const res = await postSoap(clocked.sim.url, searchBody([
      ['CompanyTaxCode', clocked.dataset.customer.vkn], ['InvoiceDirection', 'Incoming'], ['MaxInvoiceDate', date], ['MinInvoiceDate', date],
      ['PagingRequest', paging(1, 100)], ['ResultSet', resultSet(true)],
    ]), { soapAction: ACTION });
    return childrenNamed(at(bodyOf(res.text), 'SearchInvoiceResult', 'Invoices'), 'Invoice');
  };

  it('is listed on its old InvoiceDate once it becomes visible, and a re-issue there with revision 2 content', async () => {
    const target = clocked.manifest.find((e) => e.deliveredToInbox && e.index % 20 === 3)!;
    clocked.sim.setFaults({ late: { every: 20, offset: 3, untilCall: 2 }, reissue: { indices: [target.index] } });
    expect((await onDate(target.issueDate)).map((i) => at(i, 'ETTN')?.text)).not.toContain(target.ettn);
    const served = (await onDate(target.issueDate)).find((i) => at(i, 'ETTN')?.text === target.ettn); // call 2: it arrives
    expect(at(served, 'InvoiceDate')?.text).toBe(`${target.issueDate}T00:00:00`);
    expect(Buffer.from(at(served, 'InvoiceXml')?.text ?? '', 'base64').toString('utf8')).toBe(invoiceDocument(clocked.dataset, target.index).xml);
    const reissued = (await onDate(target.issueDate)).find((i) => at(i, 'ETTN')?.text === target.ettn);
    expect(Buffer.from(at(reissued, 'InvoiceXml')?.text ?? '', 'base64').toString('utf8')).toBe(invoiceDocument(clocked.dataset, target.index, 2).xml);
  });
});
