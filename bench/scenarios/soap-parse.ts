/**
 * Why the SOAP reader has a tree builder of its own (extractors/soap/tree.ts): it parses a reply in one
 * pass, where fast-xml-parser, configured as the reader had it (preserveOrder, attributes, entities),
 * needs XMLValidator for the strictness a half-written reply calls for and then its parse — and the
 * reader then still converted that output to its tree, a cost left out here (the baseline is flattered).
 * Input: İşNet SearchInvoice replies of 100 headers each, as the simulator serves them.
 * Rounds alternate between the contenders; each reports its best round.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readXml } from '../../extractors/soap/reader.js';
import { startSimulator } from '../../simulators/index.js';
import { postSoap, testDataset } from '../../simulators/testing.js';
import { race } from '../support/race.js';
import { round, withBaseline, type BenchResult, type BenchScenario } from '../result.js';

const PER_PAGE = 100;
const EIN = 'http://schemas.datacontract.org/2004/07/EInvoice.Service.Model';

const searchBody = (vkn: string, page: number): string =>
  `<tem:SearchInvoice xmlns:tem="http://tempuri.org/" xmlns:ein="${EIN}"><tem:request>` +
  `<ein:CompanyTaxCode>${vkn}</ein:CompanyTaxCode><ein:InvoiceDirection>Incoming</ein:InvoiceDirection>` +
  `<ein:MaxInvoiceDate>2026-03-01</ein:MaxInvoiceDate><ein:MinInvoiceDate>2026-01-01</ein:MinInvoiceDate>` +
  `<ein:PagingRequest><ein:PageNumber>${page}</ein:PageNumber><ein:RecordsPerPage>${PER_PAGE}</ein:RecordsPerPage></ein:PagingRequest>` +
  `<ein:ResultSet><ein:IsXMLIncluded>false</ein:IsXMLIncluded></ein:ResultSet></tem:request></tem:SearchInvoice>`;

async function headerReplies(pages: number): Promise<string[]> {
  const dataset = testDataset('isnet', pages * PER_PAGE);
  const simulator = await startSimulator('isnet', { dataset });
  try {
    const replies: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const reply = await postSoap(simulator.url, searchBody(dataset.customer.vkn, page), { soapAction: '"http://tempuri.org/IInvoiceService/SearchInvoice"' });
      if (reply.status !== 200) throw new Error(`İşNet simulator answered HTTP ${reply.status} for page ${page}`);
      replies.push(reply.text);
    }
    return replies;
  } finally {
    await simulator.close();
  }
}

const library = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', attributesGroupName: false, parseTagValue: false,
  parseAttributeValue: false, trimValues: false, ignoreDeclaration: true, ignorePiTags: true, processEntities: true, htmlEntities: false,
});


export const scenario: BenchScenario = {
  name: 'soap-parse',
  description: 'SOAP reply parsing: the reader\'s own one-pass tree builder vs fast-xml-parser validate + parse, replies/s on one core',
  defaultSize: 20,
  run: async ({ size }): Promise<BenchResult[]> => {
    const replies = await headerReplies(size);
    const seconds = race({
      library: (xml) => {
        const valid = XMLValidator.validate(xml);
        if (valid !== true) throw new Error(valid.err.msg);
        return library.parse(xml);
      },
      own: (xml) => readXml(xml),
    }, replies);
    const rate = (name: string): number => replies.length / (seconds[name] ?? Infinity);
    return [withBaseline({ scenario: 'soap-parse', metric: 'replies_per_second', value: round(rate('own'), 1), unit: `replies/s (${PER_PAGE} headers each)`, size: replies.length }, rate('library'))];
  },
};
