/**
 * Hostile-document generator: every case is a document an attacker or a broken issuer could send, built
 * from the test invoice builder by one mutation, with the outcome the transform owes it: refused with a
 * ParseError code, accepted, or accepted with named flags. Classes follow issue 13 and ubl-tr.md §6.
 */
import type { ParseErrorCode, TransformedDocument } from '../../transformers/index.js';
import { isReviewFlag, REVIEW_FLAG_CODES } from '../../transformers/normalize/index.js';
import { testInvoiceXml, type TestInvoice, type TestLine } from '../../transformers/ubl-tr/test-invoice.js';

export type Outcome =
  | { refused: ParseErrorCode; message?: RegExp; path?: string }
  | { accepted: true; flags?: string[]; absent?: string[]; check?: (doc: TransformedDocument) => void };

export interface HostileCase {
  name: string;
  kind: string;
  /** Text goes straight to transformDocument; bytes are decoded first (decodeXmlBytes). */
  input: string | Uint8Array;
  expect: Outcome;
}

const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const ETTN = '0b9a7a4e-5d2c-4f43-9d8e-2a1c3b4d5e6f';
const good = testInvoiceXml();
const body = good.replace(/^<\?xml[^>]*>\n/, '');

/** A line whose arithmetic and taxes add up: quantity × price = net, 20 % KDV. */
function line(overrides: Partial<TestLine> = {}): TestLine {
  return { name: 'Kırtasiye', quantity: '1', unitCode: 'C62', net: '100.00', price: '100.00', taxes: [{ code: '0015', taxable: '100.00', amount: '20.00', percent: '20' }], ...overrides };
}
function invoice(spec: TestInvoice = {}): string {
  return testInvoiceXml({ lines: [line()], ...spec });
}
/** Replaces the first occurrence of `from`, failing loudly when the builder's output changed. */
function edit(xml: string, from: string | RegExp, to: string): string {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`hostile case generator: ${String(from)} not found`);
  return out;
}
/** The first whole element `<tag …>…</tag>` (not nested in itself). */
function elementOf(xml: string, tag: string): string {
  const m = new RegExp(`<${tag}[ >][\\s\\S]*?</${tag}>`).exec(xml);
  if (!m) throw new Error(`hostile case generator: <${tag}> not found`);
  return m[0];
}
/** The document with a second copy of the first `<tag>` right after it, its text changed when it has one. */
function duplicated(xml: string, tag: string): string {
  const first = elementOf(xml, tag);
  const second = /^<[^>]+>[^<]+<\//.test(first) ? first.replace(/>([^<]+)</, (_m, text: string) => `>${text.replace(/\d/, (d) => String((Number(d) + 1) % 10))}<`) : first;
  return edit(xml, first, first + second);
}
const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const accepted = (flags: string[] = [], absent: string[] = []): Outcome => ({ accepted: true, flags, absent });
const refused = (code: ParseErrorCode, message?: RegExp, path?: string): Outcome => ({ refused: code, ...(message ? { message } : {}), ...(path ? { path } : {}) });

function malformedXml(): HostileCase[] {
  const kind = 'malformed XML';
  const lineEl = elementOf(good, 'cac:InvoiceLine');
  const cases: Array<[string, string, Outcome]> = [
    ['mismatched end tag', edit(good, '</cbc:UUID>', '</cbc:ID>'), refused('malformed_xml', /end tag <\/cbc:ID> does not match <cbc:UUID>.*line \d+, column \d+/)],
    ['renamed end tag', edit(good, '</cbc:IssueDate>', '</cbc:IssueDat>'), refused('malformed_xml', /does not match/)],
    ['end tag with another prefix', edit(good, '</cbc:IssueDate>', '</x:IssueDate>'), refused('malformed_xml', /does not match/)],
    ['missing </cac:InvoiceLine> before a second line', edit(good, lineEl, lineEl.replace('</cac:InvoiceLine>', '') + lineEl), refused('malformed_xml', /does not match <cac:InvoiceLine>/)],
    ['missing end tag of a text element', edit(good, '</cbc:UUID>', ''), refused('malformed_xml')],
    ['stray end tag', edit(good, '<cbc:IssueDate>', '</cbc:Note><cbc:IssueDate>'), refused('malformed_xml')],
    ['raw & in text', edit(good, 'Tedarikçi A.Ş.', 'Tedarikçi & Oğulları'), refused('malformed_xml', /raw "&" must be written &amp;/)],
    ['raw & at the end of a text', edit(good, 'Tedarikçi A.Ş.', 'Tedarikçi &'), refused('malformed_xml')],
    ['undefined entity', edit(good, 'Tedarikçi A.Ş.', 'Tedarikçi &nbsp; A.Ş.'), refused('malformed_xml', /&nbsp;/)],
    ['entity without semicolon', edit(good, 'Tedarikçi A.Ş.', 'Tedarikçi &amp A.Ş.'), refused('malformed_xml')],
    ['reference to a forbidden character', edit(good, 'Tedarikçi A.Ş.', 'Tedarikçi &#0; A.Ş.'), refused('malformed_xml')],
    ['reference to U+FFFE', edit(good, 'Tedarikçi A.Ş.', '&#xFFFE;'), refused('malformed_xml')],
    ['reference beyond Unicode', edit(good, 'Tedarikçi A.Ş.', '&#x110000;'), refused('malformed_xml')],
    ['raw < in text', edit(good, 'Tedarikçi A.Ş.', 'a < b'), refused('malformed_xml')],
    ['raw < in an attribute value', edit(good, 'schemeID="VKN"', 'schemeID="V<KN"'), refused('malformed_xml', /"<" in the value of attribute schemeID/)],
    ['unquoted attribute', edit(good, 'schemeID="VKN"', 'schemeID=VKN'), refused('malformed_xml', /not quoted/)],
    ['attribute without value', edit(good, 'schemeID="VKN"', 'schemeID'), refused('malformed_xml', /has no value/)],
    ['attributes without whitespace between them', edit(good, 'schemeID="VKN"', 'schemeID="VKN"x="1"'), refused('malformed_xml', /separated by whitespace/)],
    ['duplicate attribute unitCode (KWH then MWH)', edit(good, 'unitCode="C62"', 'unitCode="KWH" unitCode="MWH"'), refused('malformed_xml', /attribute unitCode appears twice/)],
    ['duplicate currencyID', edit(good, 'currencyID="TRY"', 'currencyID="TRY" currencyID="USD"'), refused('malformed_xml', /appears twice/)],
    ['DOCTYPE inside the body', edit(good, '<cbc:UUID>', '<!DOCTYPE x><cbc:UUID>'), refused('doctype_forbidden')],
    ['DOCTYPE after the root', good + '<!DOCTYPE x>', refused('doctype_forbidden')],
    ['ENTITY declaration in the body', edit(good, '<cbc:UUID>', '<!ENTITY x "y"><cbc:UUID>'), refused('malformed_xml')],
    ['two root Invoice elements', good + '\n' + body, refused('malformed_xml', /second root element/)],
    ['second root after a comment', good + '<!-- x --><Invoice/>', refused('malformed_xml', /second root element/)],
    ['text after the root', good + 'garbage', refused('malformed_xml', /text after the root element/)],
    ['"--" inside a comment', edit(good, '<cbc:UUID>', '<!-- a -- b --><cbc:UUID>'), refused('malformed_xml', /"--" inside a comment/)],
    ['comment ending in "--->"', edit(good, '<cbc:UUID>', '<!-- a ---><cbc:UUID>'), refused('malformed_xml')],
    ['XML declaration in the body', edit(good, '<cbc:UUID>', '<?xml version="1.0"?><cbc:UUID>'), refused('malformed_xml', /only allowed at the very start/)],
    ['XML declaration after leading whitespace', '  ' + good, refused('malformed_xml')],
    ['"]]>" in text', edit(good, 'Tedarikçi A.Ş.', 'a ]]> b'), refused('malformed_xml', /"]]>"/)],
    ['name starting with a digit', edit(good, '<cbc:UUID>', '<1x/><cbc:UUID>'), refused('malformed_xml', /does not start a name/)],
    ['undeclared prefix', edit(good, '<cbc:UUID>', '<zz:Note>x</zz:Note><cbc:UUID>'), refused('malformed_xml', /prefix "zz" of <zz:Note> is not declared/)],
    ['two colons in a name', edit(good, '<cbc:UUID>', '<cbc:a:b/><cbc:UUID>'), refused('malformed_xml', /not a valid qualified name/)],
    ['"/" without ">"', edit(good, '<cbc:UUID>', '<cbc:Note/ ><cbc:UUID>'), refused('malformed_xml')],
    ['unknown markup declaration', edit(good, '<cbc:UUID>', '<!ELEMENT x ANY><cbc:UUID>'), refused('malformed_xml')],
    ['NUL character', edit(good, 'Tedarikçi', 'Tedar\u0000ikçi'), refused('not_xml', /U\+0000/)],
    ['vertical tab', edit(good, 'Tedarikçi', 'Tedar\u000bikçi'), refused('not_xml', /U\+000b/)],
    ['U+FFFF', edit(good, 'Tedarikçi', 'Tedar\uffffikçi'), refused('not_xml')],
    ['lone surrogate', edit(good, 'Tedarikçi', 'Tedar\ud800ikçi'), refused('not_xml', /surrogate/)],
  ];
  // Cut anywhere: truncated (or, cut inside a name or value, still a precise refusal, never accepted).
  for (const fraction of [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 0.999]) {
    cases.push([`cut at ${fraction * 100} %`, good.slice(0, Math.floor(good.length * fraction)), refused('truncated')]);
  }
  return cases.map(([name, input, expect]) => ({ name, kind, input, expect }));
}

function skippedContentTricks(): HostileCase[] {
  const kind = 'comments, CDATA and skipped blocks';
  const lineEl = elementOf(good, 'cac:InvoiceLine');
  const twoLines = (middle: string): string => edit(good, lineEl, lineEl + middle + lineEl.replace('<cbc:ID>1</cbc:ID>', '<cbc:ID>2</cbc:ID>'));
  const linesCount = (n: number) => (doc: TransformedDocument) => {
    if (doc.lines.length !== n) throw new Error(`expected ${n} lines, got ${doc.lines.length}`);
  };
  const cases: Array<[string, string, Outcome]> = [
    ['markup inside a comment between lines', twoLines('<!-- </cac:InvoiceLine><cac:InvoiceLine> <ext:UBLExtensions> -->'), { accepted: true, check: linesCount(2) }],
    ['skipped-block names inside a comment', twoLines('<!-- <cbc:EmbeddedDocumentBinaryObject> -->'), { accepted: true, check: linesCount(2) }],
    ['end tags inside CDATA of a note', edit(good, '<cbc:UUID>', '<cbc:Note><![CDATA[</cac:InvoiceLine></Invoice>]]></cbc:Note><cbc:UUID>'), { accepted: true, check: (d) => { if (d.invoice.notes[0] !== '</cac:InvoiceLine></Invoice>') throw new Error('CDATA text lost'); } }],
    ['an attachment holding an Invoice UUID', edit(good, '<cbc:UUID>', `<cac:AdditionalDocumentReference><cbc:ID>x</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="text/xml">&lt;cbc:UUID&gt;evil&lt;/cbc:UUID&gt;</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference><cbc:UUID>`), { accepted: true, check: (d) => { if (d.invoice.ettn !== ETTN) throw new Error('ETTN taken from the attachment'); } }],
    ['a signature holding a UBL UUID', edit(good, '<cbc:UUID>', `<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><cbc:UUID>11111111-1111-1111-1111-111111111111</cbc:UUID></ds:Signature></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions><cbc:UUID>`), { accepted: true, check: (d) => { if (d.invoice.ettn !== ETTN) throw new Error('ETTN taken from the signature'); } }],
    ['an unclosed signature block', edit(good, '<cbc:UUID>', '<ext:UBLExtensions><ext:UBLExtension><cbc:UUID>'), refused('malformed_xml')],
    ['an unclosed attachment (no closing tag to the end)', edit(good, '<cbc:UUID>', `<cac:AdditionalDocumentReference><cac:Attachment><cbc:EmbeddedDocumentBinaryObject>${'QUJD'.repeat(1000)}<cbc:UUID>`).replace(/<\/Invoice>\s*$/, ''), refused('truncated', /document ends inside <cbc:EmbeddedDocumentBinaryObject>/)],
    ['comment inside a value', edit(good, '<cbc:IssueDate>2025-03-14<', '<cbc:IssueDate>2025-<!-- x -->03-14<'), { accepted: true, check: (d) => { if (d.invoice.issueDate !== '2025-03-14') throw new Error(d.invoice.issueDate); } }],
    ['processing instruction in the body', edit(good, '<cbc:UUID>', '<?foo bar?><cbc:UUID>'), accepted()],
    ['an unclosed CDATA section', edit(good, '<cbc:UUID>', '<cbc:Note><![CDATA[ never closed'), refused('truncated', /CDATA section is not closed/)],
    ['an unclosed comment in the body', edit(good, '<cbc:UUID>', '<!-- never closed'), refused('truncated', /comment is not closed/)],
  ];
  return cases.map(([name, input, expect]) => ({ name, kind, input, expect }));
}

function namespaceSpoofing(): HostileCase[] {
  const kind = 'namespaces';
  const spoofedUuid = `<evil:UUID xmlns:evil="urn:evil">11111111-1111-1111-1111-111111111111</evil:UUID>`;
  const cases: Array<[string, string, Outcome]> = [
    ['a foreign UUID declared below the root, before the real one', edit(good, '<cbc:UUID>', `${spoofedUuid}<cbc:UUID>`), { accepted: true, check: (d) => { if (d.invoice.ettn !== ETTN) throw new Error(`ETTN ${d.invoice.ettn}`); } }],
    ['only a foreign UUID', edit(good, elementOf(good, 'cbc:UUID'), spoofedUuid), refused('missing_element', /ETTN/, 'Invoice/cbc:UUID')],
    ['cbc re-bound to a foreign URI below the root', edit(good, elementOf(good, 'cbc:UUID'), '<cbc:UUID xmlns:cbc="urn:evil">11111111-1111-1111-1111-111111111111</cbc:UUID>'), refused('missing_element', /ETTN/)],
    ['cbc re-bound on a party: its VKN is not UBL', edit(good, '<cac:AccountingSupplierParty>', '<cac:AccountingSupplierParty xmlns:cbc="urn:evil">'), refused('missing_element', /supplier VKN/)],
    ['a default namespace below the root', edit(good, '<cbc:UUID>', '<Note xmlns="urn:evil">x</Note><cbc:UUID>'), accepted()],
    ['UBL declared again below the root with another prefix', edit(good, elementOf(good, 'cbc:UUID'), `<u:UUID xmlns:u="${CBC}">${ETTN}</u:UUID>`), { accepted: true, check: (d) => { if (d.invoice.ettn !== ETTN) throw new Error('prefix not followed'); } }],
    ['UBL as the default namespace of an element', edit(good, elementOf(good, 'cbc:UUID'), `<UUID xmlns="${CBC}">${ETTN}</UUID>`), accepted()],
    ['cac and cbc URIs swapped', good.replace(CBC, '@@').replace(CAC, CBC).replace('@@', CAC), refused('wrong_namespace', /swapped/)],
    ['cbc URI misspelt', good.replace(CBC, CBC.replace('-2', '-9')), refused('wrong_namespace', /CommonBasicComponents-2/)],
    ['cac URI misspelt', good.replace(CAC, CAC.replace('-2', '-9')), refused('wrong_namespace', /CommonAggregateComponents-2/)],
    ['root in no namespace', edit(good, 'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" ', ''), refused('wrong_namespace')],
    ['root in the CreditNote namespace', good.replace('xsd:Invoice-2"', 'xsd:CreditNote-2"'), refused('wrong_namespace')],
    ['a CreditNote root', '<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"><a/></CreditNote>', refused('not_ubl_invoice')],
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>', refused('not_ubl_invoice')],
    ['n1 / ns2 / ns3 prefixes', testInvoiceXml({ prefixes: { invoice: 'n1', cac: 'ns2', cbc: 'ns3' }, lines: [line()] }), accepted()],
  ];
  return cases.map(([name, input, expect]) => ({ name, kind, input, expect }));
}

function duplicates(): HostileCase[] {
  const kind = 'duplicates';
  const fx = invoice({ currency: 'USD', exchangeRate: { source: 'USD', target: 'TRY', rate: '35.50' } });
  const cases: Array<[string, string, string]> = [
    ['cbc:UUID', good, 'Invoice/cbc:UUID'],
    ['cbc:IssueDate', good, 'Invoice/cbc:IssueDate'],
    ['cbc:InvoiceTypeCode', good, 'Invoice/cbc:InvoiceTypeCode'],
    ['cbc:DocumentCurrencyCode', good, 'Invoice/cbc:DocumentCurrencyCode'],
    ['cbc:ProfileID', good, 'Invoice/cbc:ProfileID'],
    ['cbc:ID', good, 'Invoice/cbc:ID'],
    ['cbc:CustomizationID', good, 'Invoice/cbc:CustomizationID'],
    ['cac:LegalMonetaryTotal', good, 'Invoice/cac:LegalMonetaryTotal'],
    ['cbc:PayableAmount', good, 'Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount'],
    ['cbc:TaxExclusiveAmount', good, 'Invoice/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount'],
    ['cbc:TaxInclusiveAmount', good, 'Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount'],
    ['cac:AccountingSupplierParty', good, 'Invoice/cac:AccountingSupplierParty'],
    ['cac:AccountingCustomerParty', good, 'Invoice/cac:AccountingCustomerParty'],
    ['cac:Party', good, 'Invoice/cac:AccountingSupplierParty/cac:Party'],
    ['cbc:InvoicedQuantity', good, 'Invoice/cac:InvoiceLine[1]/cbc:InvoicedQuantity'],
    ['cbc:LineExtensionAmount', invoice().replace(elementOf(invoice(), 'cac:LegalMonetaryTotal'), ''), 'Invoice/cac:InvoiceLine[1]/cbc:LineExtensionAmount'],
    ['cac:Item', good, 'Invoice/cac:InvoiceLine[1]/cac:Item'],
    ['cbc:PriceAmount', invoice(), 'Invoice/cac:InvoiceLine[1]/cbc:PriceAmount'],
    ['cac:Price', invoice(), 'Invoice/cac:InvoiceLine[1]/cac:Price'],
    ['cbc:TaxTypeCode', good, 'Invoice/cac:TaxTotal[1]/cac:TaxSubtotal[1]/cbc:TaxTypeCode'],
    ['cbc:Percent', good, 'Invoice/cac:TaxTotal[1]/cac:TaxSubtotal[1]/cbc:Percent'],
    ['cac:TaxCategory', good, 'Invoice/cac:TaxTotal[1]/cac:TaxSubtotal[1]/cac:TaxCategory'],
    ['cac:PricingExchangeRate', fx, 'Invoice/cac:PricingExchangeRate'],
    ['cbc:CalculationRate', fx, 'Invoice/cac:PricingExchangeRate/cbc:CalculationRate'],
  ];
  const out: HostileCase[] = cases.map(([tag, xml, path]) => ({ name: `two ${tag}`, kind, input: duplicated(xml, tag), expect: refused('duplicate_element', /where UBL allows one/, path) }));
  out.push(
    { name: 'two item names', kind, input: edit(good, '<cbc:Name>Kırtasiye</cbc:Name>', '<cbc:Name>Kırtasiye</cbc:Name><cbc:Name>Motorin</cbc:Name>'), expect: refused('duplicate_element', /where UBL allows one/, 'Invoice/cac:InvoiceLine[1]/cbc:Name') },
    { name: 'two different supplier VKNs', kind, input: edit(good, '</cac:PartyIdentification>', '</cac:PartyIdentification><cac:PartyIdentification><cbc:ID schemeID="VKN">3333333333</cbc:ID></cac:PartyIdentification>'), expect: refused('duplicate_element', /two different VKNs/) },
    { name: 'the same VKN stated twice', kind, input: edit(good, '</cac:PartyIdentification>', '</cac:PartyIdentification><cac:PartyIdentification><cbc:ID schemeID="VKN">2222222222</cbc:ID></cac:PartyIdentification>'), expect: accepted() },
    { name: 'two notes (UBL allows many)', kind, input: edit(good, '<cbc:UUID>', '<cbc:Note>a</cbc:Note><cbc:Note>b</cbc:Note><cbc:UUID>'), expect: accepted() },
    { name: 'two party names (UBL allows many; the first is used)', kind, input: edit(good, '<cac:PartyName><cbc:Name>Tedarikçi A.Ş.</cbc:Name></cac:PartyName>', '<cac:PartyName><cbc:Name>Tedarikçi A.Ş.</cbc:Name></cac:PartyName><cac:PartyName><cbc:Name>Other</cbc:Name></cac:PartyName>'), expect: accepted() },
  );
  return out;
}

function implausibleValues(): HostileCase[] {
  const kind = 'implausible values';
  const kwh = (overrides: Partial<TestLine>) => invoice({ lines: [line({ name: 'Elektrik', unitCode: 'KWH', ...overrides })] });
  const cases: Array<[string, string, Outcome]> = [
    ['−101 kWh on a sale', kwh({ quantity: '-101', price: undefined }), accepted(['implausible_negative_value'])],
    ['negative net amount', invoice({ lines: [line({ net: '-100.00', price: '-100.00' })] }), accepted(['implausible_negative_value'])],
    ['negative unit price', invoice({ lines: [line({ quantity: '-1', price: '-100.00' })] }), accepted(['implausible_negative_value'])],
    ['negative exchange rate', invoice({ currency: 'USD', exchangeRate: { source: 'USD', target: 'TRY', rate: '-35.50' } }), accepted(['implausible_exchange_rate'])],
    ['absurd exchange rate 350000', invoice({ currency: 'USD', exchangeRate: { source: 'USD', target: 'TRY', rate: '350000' } }), accepted(['implausible_exchange_rate'])],
    ['tiny exchange rate 0.00001', invoice({ currency: 'USD', exchangeRate: { source: 'USD', target: 'TRY', rate: '0.00001' } }), accepted(['implausible_exchange_rate'])],
    ['exchange rate 10× the table', invoice({ currency: 'USD', issueDate: '2025-03-14', exchangeRate: { source: 'USD', target: 'TRY', rate: '365' } }), accepted(['implausible_exchange_rate'])],
    ['a plausible exchange rate', invoice({ currency: 'USD', issueDate: '2025-03-14', exchangeRate: { source: 'USD', target: 'TRY', rate: '36.50' } }), accepted([], ['implausible_exchange_rate'])],
    ['30-digit quantity', kwh({ quantity: '1'.repeat(30), price: undefined }), accepted(['implausible_magnitude'])],
    ['45-digit quantity', kwh({ quantity: '1'.repeat(45), price: undefined }), accepted(['quantity_invalid'])],
    ['45-digit net amount', invoice({ lines: [line({ net: '1'.repeat(45), price: undefined })] }), refused('invalid_value', /not a decimal number/)],
    ['20-digit payable', invoice({ totals: { lineExtension: '100.00', taxExclusive: '100.00', taxInclusive: '120.00', payable: '9'.repeat(20) } }), accepted(['implausible_magnitude', 'payable_mismatch'])],
    ['zero kWh for a non-zero amount', kwh({ quantity: '0', price: undefined }), accepted(['implausible_zero_quantity'])],
    ['zero quantity, zero amount', invoice({ lines: [line({ quantity: '0', net: '0.00', price: undefined, taxes: [] })], totals: { lineExtension: '0.00', taxExclusive: '0.00', taxInclusive: '0.00', payable: '0.00' } }), accepted([], ['implausible_zero_quantity'])],
    ['quantity × price far from the net', invoice({ lines: [line({ quantity: '1000', price: '100.00' })] }), accepted(['implausible_line_arithmetic'])],
    ['quantity × price within rounding of the net', invoice({ lines: [line({ quantity: '3', price: '33.333333' })] }), accepted([], ['implausible_line_arithmetic'])],
    ['quantity × price − line allowance = net', invoice({ lines: [line({ quantity: '2', price: '60.00', allowance: '20.00' })] }), accepted([], ['implausible_line_arithmetic'])],
    ['tax total disagreeing with its subtotals', edit(good, '<cbc:TaxAmount currencyID="TRY">20.00</cbc:TaxAmount><cac:TaxSubtotal>', '<cbc:TaxAmount currencyID="TRY">2000.00</cbc:TaxAmount><cac:TaxSubtotal>'), accepted(['implausible_tax_total'])],
    ['year 9999', invoice({ issueDate: '9999-01-01' }), accepted(['implausible_date'])],
    ['year 1900', invoice({ issueDate: '1900-01-01' }), accepted(['implausible_date'])],
    ['year 0000', invoice({ issueDate: '0000-01-01' }), refused('invalid_value', /not a calendar date/)],
    ['invoice period in year 9999', invoice({ period: { start: '9999-01-01', end: '9999-01-31' } }), accepted(['implausible_date'])],
    ['a clean invoice has no review flag', invoice(), accepted([], [...REVIEW_FLAG_CODES])],
  ];
  return cases.map(([name, input, expect]) => ({ name, kind, input, expect }));
}

function decimals(): HostileCase[] {
  const kind = 'decimals';
  const priced = (price: string) => invoice({ lines: [line({ price })] });
  const cases: Array<[string, string, Outcome]> = [
    ['PriceAmount 0.15 + 100k zeros', priced(`100.${'0'.repeat(100_000)}`), accepted([], ['implausible_line_arithmetic'])],
    ['PriceAmount 0.15 + 1M zeros', priced(`100.${'0'.repeat(1_000_000)}`), accepted()],
    ['PriceAmount with 1M leading zeros', priced(`${'0'.repeat(1_000_000)}100.00`), accepted()],
    ['PriceAmount of 60 significant digits', priced(`1.${'3'.repeat(60)}`), accepted(['amount_too_long'])],
    ['decimal comma', invoice({ lines: [line({ price: '100,00' })] }), accepted(['amount_comma'])],
    ['thousands grouping', invoice({ lines: [line({ price: '1,000.00', quantity: '0.1' })] }), accepted([], ['amount_comma'])],
    ['exponent notation', invoice({ lines: [line({ price: '1e2' })] }), accepted(['amount_not_a_number'])],
    ['amount with surrounding whitespace', invoice({ lines: [line({ price: ' 100.00 ' })] }), accepted([], ['amount_not_a_number'])],
    ['net amount in letters', invoice({ lines: [line({ net: 'yüz', price: undefined })] }), refused('invalid_value', /"yüz" is not a decimal number/)],
    ['payable in letters', invoice({ totals: { lineExtension: '100.00', taxExclusive: '100.00', taxInclusive: '120.00', payable: 'NaN' } }), refused('invalid_value')],
  ];
  return cases.map(([name, input, expect]) => ({ name, kind, input, expect }));
}

function datesAndHeaders(): HostileCase[] {
  const kind = 'dates and headers';
  const cases: Array<[string, string, Outcome]> = [
    ['xsd:date with +03:00', invoice({ issueDate: '2026-01-05+03:00' }), { accepted: true, flags: ['issue_date_zone'], check: (d) => { if (d.invoice.issueDate !== '2026-01-05') throw new Error(d.invoice.issueDate); } }],
    ['xsd:date with Z', invoice({ issueDate: '2026-01-05Z' }), accepted(['issue_date_zone'])],
    ['xsd:date with -05:00', invoice({ issueDate: '2026-01-05-05:00' }), accepted(['issue_date_zone'])],
    ['zone +15:00 (beyond xsd)', invoice({ issueDate: '2026-01-05+15:00' }), refused('invalid_value')],
    ['30 February', invoice({ issueDate: '2025-02-30' }), refused('invalid_value', /not a calendar date/, 'Invoice/cbc:IssueDate')],
    ['29 February of a leap year', invoice({ issueDate: '2024-02-29' }), accepted()],
    ['date with a time', invoice({ issueDate: '2025-03-14T10:00:00' }), refused('invalid_value')],
    ['day-first date', invoice({ issueDate: '14.03.2025' }), refused('invalid_value')],
    ['no issue date', invoice({ issueDate: null }), refused('missing_element', /issue date/, 'Invoice/cbc:IssueDate')],
    ['no ETTN', invoice({ uuid: null }), refused('missing_element', /ETTN/, 'Invoice/cbc:UUID')],
    ['ETTN not a GUID', invoice({ uuid: 'not-a-guid' }), accepted(['ettn_format'])],
    ['no supplier VKN', invoice({ supplierVkn: null }), refused('missing_element', /supplier VKN/)],
    ['9-digit supplier VKN (legacy)', invoice({ supplierVkn: '870612534' }), accepted(['vkn_format'])],
    ['no lines', edit(good, elementOf(good, 'cac:InvoiceLine'), ''), refused('missing_element', /invoice lines/)],
    ['unknown type code', invoice({ type: 'HEDIYE' }), accepted(['type_unknown'])],
    ['unknown profile', invoice({ profile: 'XFATURA' }), accepted(['profile_unknown'])],
    ['return without a reference', invoice({ type: 'IADE' }), accepted(['return_reference_missing'])],
    ['line without unitCode (legacy)', invoice({ lines: [line({ unitCode: null })] }), accepted(['unit_missing'])],
    ['unknown unit code', invoice({ lines: [line({ unitCode: 'XYZ' })] }), accepted(['unit_unknown'])],
    ['amount in another currency', edit(invoice(), 'currencyID="TRY">100.00</cbc:LineExtensionAmount>', 'currencyID="USD">100.00</cbc:LineExtensionAmount>'), accepted(['currency_mismatch'])],
    ['USD document without a rate (table used)', invoice({ currency: 'USD', issueDate: '2025-03-14' }), accepted(['fx_rate_from_table'])],
    ['LineCountNumeric disagreeing', edit(good, '<cbc:LineCountNumeric>1<', '<cbc:LineCountNumeric>7<'), accepted(['line_count_mismatch'])],
    ['legacy cbc:DocumentType on a return', invoice({ type: 'IADE' }).replace('<cbc:InvoiceTypeCode>', '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID> GIB2009000000011</cbc:ID><cbc:IssueDate>2009-01-01</cbc:IssueDate><cbc:DocumentType> FATURA</cbc:DocumentType></cac:InvoiceDocumentReference></cac:BillingReference><cbc:InvoiceTypeCode>'), accepted(['legacy_document_type', 'reference_whitespace'])],
    ['İADE with a dotted capital in the reference', invoice({ type: 'IADE' }).replace('<cbc:InvoiceTypeCode>', '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>GIB2009000000011</cbc:ID><cbc:IssueDate>2009-01-01</cbc:IssueDate><cbc:DocumentTypeCode>İADE</cbc:DocumentTypeCode></cac:InvoiceDocumentReference></cac:BillingReference><cbc:InvoiceTypeCode>'), accepted([], ['return_reference_missing'])],
  ];
  return cases.map(([name, input, expect]) => ({ name, kind, input, expect }));
}

function messages(): HostileCase[] {
  const kind = 'precise messages';
  const nested = (depth: number) => edit(good, '<cbc:UUID>', `<cac:X>${'<cac:X>'.repeat(depth)}${'</cac:X>'.repeat(depth)}</cac:X><cbc:UUID>`);
  const cases: Array<[string, string, Outcome]> = [
    ['a self-closed root', '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>', refused('missing_element', /is empty/)],
    ['100k-deep nesting', nested(100_000), refused('too_deep', /deeper than 64 levels/)],
    ['50-deep nesting is fine', nested(50), accepted()],
    ['empty input', '', refused('empty')],
    ['whitespace only', ' \n\t', refused('empty')],
    ['plain text', 'this is not xml', refused('not_xml')],
    ['JSON', '{"invoice":1}', refused('not_xml')],
    ['DOCTYPE with entities (billion laughs)', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>${body}`, refused('doctype_forbidden')],
    ['external entity (XXE)', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${body}`, refused('doctype_forbidden')],
    ['the root start tag cut off', good.slice(0, 60), refused('truncated', /<Invoice>.*truncated\?/)],
  ];
  return cases.map(([name, input, expect]) => ({ name, kind, input, expect }));
}

function xmlThatIsFine(): HostileCase[] {
  const kind = 'legal XML';
  const cases: Array<[string, string, Outcome]> = [
    ['single-quoted attributes', good.replaceAll('currencyID="TRY"', "currencyID='TRY'"), accepted()],
    ['whitespace around = and before >', good.replaceAll('schemeID="VKN"', 'schemeID = "VKN" '), accepted()],
    ['whitespace in end tags', good.replace('</cbc:UUID>', '</cbc:UUID  >'), accepted()],
    ['character references for Turkish letters', edit(good, 'Tedarikçi', 'Tedarik&#231;i &#x15F;'), accepted()],
    ['all five predefined entities', edit(good, 'Tedarikçi A.Ş.', '&lt;&gt;&amp;&quot;&apos;'), { accepted: true, check: (d) => { if (d.invoice.supplier.name !== `<>&"'`) throw new Error(String(d.invoice.supplier.name)); } }],
    ['CRLF line ends', good.replaceAll('\n', '\r\n'), accepted()],
    ['a UTF-8 BOM', '\ufeff' + good, accepted()],
    ['no XML declaration', body, accepted()],
    ['a comment and a PI before the root', `<?xml version="1.0"?><!-- c --><?xml-stylesheet href="a"?>${body}`, accepted()],
    ['comments after the root', `${good}<!-- a --><!-- b -->\n`, accepted()],
    ['an attribute value with a tab (normalized)', edit(good, 'schemeID="VKN"', 'schemeID="VKN" listName="a\tb"'), accepted()],
    ['a foreign attribute on a UBL element', edit(good, 'schemeID="VKN"', 'schemeID="VKN" xsi:type="x" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'), accepted()],
    ['an item name of 5 MB (cut, flagged)', invoice({ lines: [line({ name: 'Motorin '.repeat(655_360) })] }), accepted(['text_truncated'])],
  ];
  return cases.map(([name, input, expect]) => ({ name, kind, input, expect }));
}

function encodings(): HostileCase[] {
  const kind = 'encodings';
  const declared = (encoding: string) => good.replace('encoding="UTF-8"', `encoding="${encoding}"`);
  const latin = (encoding: string, name: number[]) => {
    const [before, after] = declared(encoding).split('Tedarikçi A.Ş.') as [string, string];
    return bytes(before, name, after);
  };
  const utf16 = (order: 'le' | 'be', bom: boolean): Uint8Array => {
    const text = Buffer.from((bom ? '\ufeff' : '') + declared('UTF-16'), 'utf16le');
    return order === 'le' ? text : text.swap16();
  };
  const supplierName = (expected: string) => (d: TransformedDocument) => {
    if (d.invoice.supplier.name !== expected) throw new Error(`supplier name ${JSON.stringify(d.invoice.supplier.name)}`);
  };
  const [head, tail] = good.split('Tedarikçi A.Ş.') as [string, string];
  const cases: Array<[string, Uint8Array, Outcome]> = [
    ['windows-1254 declared (ş ğ İ)', latin('windows-1254', [0xfe, 0xf0, 0xdd]), { accepted: true, check: supplierName('şğİ') }],
    ['ISO-8859-9 declared', latin('ISO-8859-9', [0xfe, 0xf0, 0xdd]), { accepted: true, check: supplierName('şğİ') }],
    ['iso-8859-9 lower case', latin('iso-8859-9', [0xc7]), { accepted: true, check: supplierName('Ç') }],
    ['UTF-16LE with BOM', utf16('le', true), { accepted: true, check: supplierName('Tedarikçi A.Ş.') }],
    ['UTF-16BE with BOM', utf16('be', true), { accepted: true, check: supplierName('Tedarikçi A.Ş.') }],
    ['UTF-16LE without BOM', utf16('le', false), accepted()],
    ['UTF-8 with BOM', bytes([0xef, 0xbb, 0xbf], good), accepted()],
    ['invalid UTF-8 (lone 0xFE)', bytes(head, [0xfe], tail), refused('invalid_encoding', /byte \d+ \(0xfe\) is not valid UTF-8/)],
    ['invalid UTF-8 (truncated sequence)', bytes(head, [0xc3], tail), refused('invalid_encoding')],
    ['windows-1254 bytes under a UTF-8 declaration', bytes(head, [0xfe, 0xf0], tail), refused('invalid_encoding')],
    ['overlong UTF-8', bytes(head, [0xc0, 0xaf], tail), refused('invalid_encoding')],
    ['UTF-8 encoded surrogate', bytes(head, [0xed, 0xa0, 0x80], tail), refused('invalid_encoding')],
    ['UTF-8 BOM with a windows-1254 declaration', bytes([0xef, 0xbb, 0xbf], declared('windows-1254')), refused('invalid_encoding', /starts as UTF-8/)],
    ['UTF-16 declared on 8-bit text', bytes(declared('UTF-16')), refused('invalid_encoding', /no byte order mark/)],
    ['an unknown encoding', bytes(declared('x-klingon')), refused('invalid_encoding', /cannot decode/)],
    ['binary data', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01, 0xff, 0xfe]), refused('invalid_encoding')],
  ];
  return cases.map(([name, input, expect]) => ({ name, kind, input, expect }));
}

/** Inputs shaped to make a naive reader quadratic: each must finish within the test's timeout. */
function algorithmicTraps(): HostileCase[] {
  const kind = 'algorithmic traps';
  const before = (xml: string) => edit(good, '<cbc:UUID>', `${xml}<cbc:UUID>`);
  const attributes = Array.from({ length: 100_000 }, (_, i) => ` a${i}="1"`).join('');
  const declarations = Array.from({ length: 50_000 }, (_, i) => ` xmlns:p${i}="urn:p${i}"`).join('');
  const cases: Array<[string, string, Outcome]> = [
    ['an element with 100,000 attributes', before(`<cbc:Note${attributes}>x</cbc:Note>`), accepted()],
    ['100,000 attributes, the last one repeated', before(`<cbc:Note${attributes} a0="2">x</cbc:Note>`), refused('malformed_xml', /attribute a0 appears twice/)],
    ['50,000 declarations, re-declared on 20,000 children', before(`<cac:X${declarations}>${'<cbc:Note xmlns:q="urn:q">x</cbc:Note>'.repeat(20_000)}</cac:X>`), accepted()],
    ['a note split by 200,000 comments', before(`<cbc:Note>${'ab<!---->'.repeat(200_000)}</cbc:Note>`), accepted(['text_truncated'])],
    ['1,000 notes over the text limit', before(`<cbc:Note>${'x'.repeat(12_000)}</cbc:Note>\n`.repeat(1_000)), accepted(['text_truncated'])],
    ['a note of 1,000,000 &amp;', before(`<cbc:Note>${'&amp;'.repeat(1_000_000)}</cbc:Note>`), accepted(['text_truncated'])],
    ['500,000 empty UBL elements', before('<cac:X/>'.repeat(500_000)), refused('too_large', /more than 200000 elements/)],
    ['700,000 foreign elements (checked, never built)', before(`<x:Y xmlns:x="urn:x">${'<x:a/>'.repeat(700_000)}</x:Y>`), accepted()],
    ['300,000 unclosed comments after the root', good + '<!--'.repeat(300_000), refused('truncated', /comment is not closed/)],
    ['a root start tag padded with 1,000,000 spaces', good.replace('<Invoice ', `<Invoice ${' '.repeat(1_000_000)}`), accepted()],
  ];
  return cases.map(([name, input, expect]) => ({ name, kind, input, expect }));
}

/** Cases small enough to run in the test process. */
export function hostileCases(): HostileCase[] {
  return [
    ...malformedXml(),
    ...skippedContentTricks(),
    ...namespaceSpoofing(),
    ...duplicates(),
    ...implausibleValues(),
    ...decimals(),
    ...datesAndHeaders(),
    ...messages(),
    ...xmlThatIsFine(),
    ...encodings(),
    ...algorithmicTraps(),
  ];
}

export interface HeavyCase extends Omit<HostileCase, 'input'> {
  build: () => string | Uint8Array;
}

/**
 * Documents that once took gigabytes or minutes; each runs in a child process with a memory bound, and
 * is built only there (one at a time), so the bound measures that document alone.
 */
export function heavyCases(): HeavyCase[] {
  const kind = 'memory';
  const minimalLine = (i: number) =>
    `<cac:InvoiceLine><cbc:ID>${i}</cbc:ID><cbc:InvoicedQuantity unitCode="KWH">0</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="TRY">1.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Elektrik</cbc:Name></cac:Item></cac:InvoiceLine>`;
  const withLines = (n: number, lineOf = minimalLine) => edit(good, elementOf(good, 'cac:InvoiceLine'), Array.from({ length: n }, (_, i) => lineOf(i + 1)).join('\n'));
  const shortLine = () => '<cac:InvoiceLine><cbc:LineExtensionAmount currencyID="TRY">1</cbc:LineExtensionAmount></cac:InvoiceLine>';
  return [
    { name: '100,000 lines within the size limit', kind, build: () => withLines(100_000, shortLine), expect: refused('too_large', /more than 200000 elements/) },
    { name: '30,000 lines, each flagged: flags folded', kind, build: () => withLines(30_000), expect: {
        accepted: true,
        flags: ['implausible_zero_quantity'],
        check: (d) => {
          if (d.flags.length > 2_000) throw new Error(`${d.flags.length} flags`);
          // The folded rest has no path: it holds the whole document for review.
          if (!d.flags.some((f) => isReviewFlag(f) && f.path === undefined)) throw new Error('no document-wide review flag');
        },
      },
    },
    { name: 'a 12 MB attachment with no closing tag', kind, build: () => edit(good, '<cbc:UUID>', `<cac:AdditionalDocumentReference><cac:Attachment><cbc:EmbeddedDocumentBinaryObject>${'QUJD'.repeat(3_000_000)}<cbc:UUID>`).replace(/<\/Invoice>\s*$/, ''), expect: refused('truncated', /document ends inside <cbc:EmbeddedDocumentBinaryObject>/) },
    { name: 'a 5 MB item name', kind, build: () => invoice({ lines: [line({ name: 'x'.repeat(5_000_000) })] }), expect: accepted(['text_truncated']) },
    { name: 'a 1 MB decimal', kind, build: () => invoice({ lines: [line({ price: `0.15${'0'.repeat(1_000_000)}` })] }), expect: accepted(['implausible_line_arithmetic']) },
    { name: 'a 16 MB attachment (at the limit)', kind, build: () => edit(good, '<cbc:UUID>', `<cac:AdditionalDocumentReference><cbc:ID>a</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject>${'QUJD'.repeat(4_000_000)}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference><cbc:UUID>`), expect: accepted() },
  ];
}
