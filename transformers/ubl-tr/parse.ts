/**
 * parseUblTr(xml) → ParsedInvoice: reads what a UBL-TR Invoice says (ubl-tr.md §2), leniently for
 * legacy documents (flags), strictly for what the pipeline cannot do without: the ETTN, the issue date,
 * the supplier's VKN/TCKN, the lines and their net amounts, the payable amount.
 */
import { readDate } from './dates.js';
import { ParseError } from './errors.js';
import {
  ParsedInvoice,
  type Flag,
  type ParsedAllowanceCharge,
  type ParsedAmount,
  type ParsedLine,
  type ParsedParty,
  type ParsedTaxSubtotal,
  type ParsedTaxTotal,
} from './schema.js';
import {
  attribute,
  child,
  children,
  childText,
  DuplicateElementError,
  elementKey as k,
  firstChild,
  firstChildText,
  readInvoiceXml,
  textOf,
  type ReadXmlOptions,
  type XmlElement,
} from './xml.js';

export type ParseOptions = ReadXmlOptions;

const INVOICE_NUMBER = /^[A-Z0-9]{3}20\d{2}\d{9}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The parser trims values; legacy returns pad the referenced number (`" GIB2009000000011"`), worth a flag. */
const REFERENCE_ID_START = /<(?:[\w.-]+:)?InvoiceDocumentReference>\s*<(?:[\w.-]+:)?ID>/g;

function hasPaddedReferenceId(xml: string): boolean {
  for (const m of xml.matchAll(REFERENCE_ID_START)) {
    const start = m.index + m[0].length;
    const end = xml.indexOf('<', start);
    const text = xml.slice(start, end < 0 ? xml.length : end);
    if (text.length > 0 && text.trim() !== text) return true;
  }
  return false;
}

const SUPPLIER_PARTY = 'Invoice/cac:AccountingSupplierParty/cac:Party';
const CUSTOMER_PARTY = 'Invoice/cac:AccountingCustomerParty/cac:Party';

/** Collects flags while reading one document, and where it is reading (for duplicate elements). */
class Reader {
  readonly flags: Flag[];
  ettn: string | null = null;
  section = 'Invoice';

  constructor(readerFlags: readonly Flag[]) {
    this.flags = [...readerFlags];
  }

  /** Reads one part of the document: a second element where UBL allows one is refused, naming where. */
  within<T>(section: string, read: () => T): T {
    const outer = this.section;
    this.section = section;
    const value = read();
    this.section = outer;
    return value;
  }

  flag(code: string, message: string, path?: string): void {
    this.flags.push(path === undefined ? { code, message } : { code, message, path });
  }

  missing(path: string, what: string): never {
    throw new ParseError('missing_element', `${what} is missing (${path})`, { path, ettn: this.ettn });
  }
}

export function parseUblTr(xml: string, options: ParseOptions = {}): ParsedInvoice {
  const { invoice, flags } = readWithEttn(xml, options);
  const r = new Reader(flags);
  try {
    return readInvoice(r, invoice, xml);
  } catch (error) {
    if (!(error instanceof DuplicateElementError)) throw error;
    throw new ParseError('duplicate_element', `${error.count} ${error.key} elements in ${r.section}, where UBL allows one: which one is meant cannot be told`, {
      path: `${r.section}/${error.key}`,
      ettn: r.ettn,
    });
  }
}

function readInvoice(r: Reader, invoice: XmlElement, xml: string): ParsedInvoice {
  const uuid = childText(invoice, k('UUID'));
  if (!uuid) r.missing('Invoice/cbc:UUID', 'ETTN (cbc:UUID)');
  const ettn = uuid.toLowerCase();
  r.ettn = ettn;
  if (!GUID.test(ettn)) r.flag('ettn_format', `ETTN "${uuid}" is not a GUID`, 'Invoice/cbc:UUID');

  const issueDateText = childText(invoice, k('IssueDate'));
  if (!issueDateText) r.missing('Invoice/cbc:IssueDate', 'issue date (cbc:IssueDate)');
  const date = readDate(issueDateText);
  if (!date) {
    throw new ParseError('invalid_value', `issue date "${issueDateText}" is not a calendar date (YYYY-MM-DD, optionally with a time zone)`, { path: 'Invoice/cbc:IssueDate', ettn });
  }
  const issueDate = date.date;
  if (date.zone) r.flag('issue_date_zone', `issue date "${issueDateText}" carries the time zone ${date.zone}; its calendar date ${issueDate} is used`, 'Invoice/cbc:IssueDate');

  const invoiceNumber = childText(invoice, k('ID'));
  if (!invoiceNumber) r.flag('invoice_number_missing', 'invoice number (cbc:ID) is missing', 'Invoice/cbc:ID');
  else if (!INVOICE_NUMBER.test(invoiceNumber)) {
    r.flag('invoice_number_format', `invoice number "${invoiceNumber}" does not match the UBL-TR pattern (3 letters/digits, year, 9 digits; legacy?)`, 'Invoice/cbc:ID');
  }

  const supplier = readParty(r, partyOf(r, invoice, 'AccountingSupplierParty'), SUPPLIER_PARTY);
  if (!supplier || !supplier.taxId) r.missing(`${SUPPLIER_PARTY}/cac:PartyIdentification/cbc:ID[@schemeID=VKN]`, 'supplier VKN/TCKN');
  const customer = readParty(r, partyOf(r, invoice, 'AccountingCustomerParty'), CUSTOMER_PARTY);
  if (!customer) r.flag('customer_missing', 'customer party is missing', CUSTOMER_PARTY);
  else if (!customer.taxId) r.flag('customer_tax_id_missing', 'customer has no VKN/TCKN', `${CUSTOMER_PARTY}/cac:PartyIdentification`);

  const lineElements = children(invoice, k('InvoiceLine'));
  if (lineElements.length === 0) r.missing('Invoice/cac:InvoiceLine', 'invoice lines (cac:InvoiceLine)');
  const lines = lineElements.map((e, i) => {
    const path = `Invoice/cac:InvoiceLine[${i + 1}]`;
    return r.within(path, () => readLine(r, e, path));
  });

  const lineCountNumeric = childText(invoice, k('LineCountNumeric'));
  if (lineCountNumeric !== null && Number(lineCountNumeric) !== lines.length) {
    r.flag('line_count_mismatch', `LineCountNumeric says ${lineCountNumeric}, the document has ${lines.length} lines`, 'Invoice/cbc:LineCountNumeric');
  }

  const monetary = child(invoice, k('LegalMonetaryTotal'));
  const monetaryPath = 'Invoice/cac:LegalMonetaryTotal';
  const stated = r.within(monetaryPath, () => ({
    lineExtension: amountOf(child(monetary, k('LineExtensionAmount'))),
    taxExclusive: amountOf(child(monetary, k('TaxExclusiveAmount'))),
    taxInclusive: amountOf(child(monetary, k('TaxInclusiveAmount'))),
    allowanceTotal: amountOf(child(monetary, k('AllowanceTotalAmount'))),
    chargeTotal: amountOf(child(monetary, k('ChargeTotalAmount'))),
    payableRounding: amountOf(child(monetary, k('PayableRoundingAmount'))),
    payable: amountOf(child(monetary, k('PayableAmount'))),
  }));
  const payable = stated.payable;
  if (!payable) r.missing(`${monetaryPath}/cbc:PayableAmount`, 'payable amount');
  const totals = { ...stated, payable };
  for (const key of ['lineExtension', 'taxExclusive', 'taxInclusive'] as const) {
    if (!totals[key]) {
      const element = `${key[0]!.toUpperCase()}${key.slice(1)}Amount`;
      r.flag('total_missing', `${element} is missing`, `${monetaryPath}/cbc:${element}`);
    }
  }

  const billingReferences = children(invoice, k('BillingReference')).map((b, i) =>
    r.within(`Invoice/cac:BillingReference[${i + 1}]`, () => readBillingReference(r, b, i)),
  );
  if (billingReferences.length > 0 && hasPaddedReferenceId(xml)) {
    r.flag('reference_whitespace', 'the referenced invoice number has surrounding whitespace; trimmed', 'Invoice/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID');
  }
  const rate = child(invoice, k('PricingExchangeRate'));
  const rateValue = r.within('Invoice/cac:PricingExchangeRate', () => childText(rate, k('CalculationRate')));
  // UBL allows several InvoicePeriods; UBL-TR documents state one, the first is the billing period.
  const period = firstChild(invoice, k('InvoicePeriod'));

  const parsed: ParsedInvoice = {
    customizationId: childText(invoice, k('CustomizationID')),
    profileId: childText(invoice, k('ProfileID')),
    invoiceNumber,
    ettn,
    issueDate,
    issueTime: childText(invoice, k('IssueTime')),
    typeCode: childText(invoice, k('InvoiceTypeCode')),
    currency: childText(invoice, k('DocumentCurrencyCode')),
    pricingExchangeRate: rateValue
      ? {
          sourceCurrency: childText(rate, k('SourceCurrencyCode')),
          targetCurrency: childText(rate, k('TargetCurrencyCode')),
          rate: rateValue,
          date: childText(rate, k('Date')),
        }
      : null,
    period: period ? { start: childText(period, k('StartDate')), end: childText(period, k('EndDate')) } : null,
    notes: texts(invoice, k('Note')),
    billingReferences,
    orderReference: childText(child(invoice, k('OrderReference')), k('ID')),
    despatchReferences: children(invoice, k('DespatchDocumentReference')).flatMap((d) => childText(d, k('ID')) ?? []),
    lineCountNumeric,
    supplier,
    customer,
    allowanceCharges: children(invoice, k('AllowanceCharge')).map((e, i) => r.within(`Invoice/cac:AllowanceCharge[${i + 1}]`, () => readAllowanceCharge(e))),
    taxTotals: children(invoice, k('TaxTotal')).map((t, i) => readTaxTotal(r, t, `Invoice/cac:TaxTotal[${i + 1}]`)),
    withholdingTotals: children(invoice, k('WithholdingTaxTotal')).map((t, i) => readTaxTotal(r, t, `Invoice/cac:WithholdingTaxTotal[${i + 1}]`)),
    totals,
    lines,
    flags: r.flags,
  };
  // Built by typed code against the zod-inferred type; the runtime schema check (assertParsedInvoice) is
  // left to tests and to JSON read back from storage: here it would cost ~5 % of the whole transform.
  return parsed;
}

const SNIFFED_UUID = /<(?:[\w.-]+:)?UUID>\s*([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\s*</;
const SNIFF_CHARS = 256 * 1024;

/**
 * readInvoiceXml, with the ETTN added to its ParseError when the raw text shows one: a truncated or
 * malformed document can then still be quarantined under its ETTN.
 */
function readWithEttn(xml: string, options: ParseOptions): ReturnType<typeof readInvoiceXml> {
  try {
    return readInvoiceXml(xml, options);
  } catch (error) {
    if (!(error instanceof ParseError) || error.code === 'too_large' || error.code === 'doctype_forbidden') throw error;
    const ettn = SNIFFED_UUID.exec(xml.slice(0, SNIFF_CHARS))?.[1]?.toLowerCase();
    throw ettn ? error.withEttn(ettn) : error;
  }
}

/** Validates a ParsedInvoice built elsewhere (fixtures, tests, stored JSON) against the schema. */
export function assertParsedInvoice(value: unknown): ParsedInvoice {
  return ParsedInvoice.parse(value);
}

function texts(parent: XmlElement | null, key: string): string[] {
  return children(parent, key).flatMap((e) => textOf(e) ?? []);
}

function amountOf(e: XmlElement | null): ParsedAmount | null {
  const value = textOf(e);
  return value === null ? null : { value, currency: attribute(e, 'currencyID') };
}

/** The cac:Party of an AccountingSupplierParty / AccountingCustomerParty (each allowed once). */
function partyOf(r: Reader, invoice: XmlElement, role: 'AccountingSupplierParty' | 'AccountingCustomerParty'): XmlElement | null {
  const wrapper = child(invoice, k(role));
  return r.within(`Invoice/cac:${role}`, () => child(wrapper, k('Party')));
}

/** Identifier schemes a party states once: two different values would make the dedupe key a guess. */
const SINGLE_IDENTIFIERS: ReadonlySet<string> = new Set(['VKN', 'TCKN']);

function readParty(r: Reader, party: XmlElement | null, path: string): ParsedParty | null {
  return party ? r.within(path, () => readPartyDetails(r, party, path)) : null;
}

function readPartyDetails(r: Reader, party: XmlElement, path: string): ParsedParty {
  const identifiers: Record<string, string> = {};
  for (const id of children(party, k('PartyIdentification'))) {
    const idElement = child(id, k('ID'));
    const value = textOf(idElement);
    const scheme = attribute(idElement, 'schemeID')?.toUpperCase();
    if (!value || !scheme) continue;
    const earlier = identifiers[scheme];
    if (earlier === undefined) identifiers[scheme] = value;
    else if (earlier !== value && SINGLE_IDENTIFIERS.has(scheme)) {
      throw new ParseError('duplicate_element', `two different ${scheme}s "${earlier}" and "${value}" in ${path}`, { path: `${path}/cac:PartyIdentification/cbc:ID[@schemeID=${scheme}]`, ettn: r.ettn });
    }
  }
  const vkn = identifiers['VKN'];
  const tckn = identifiers['TCKN'];
  const taxIdScheme = vkn ? 'VKN' : tckn ? 'TCKN' : null;
  const taxId = vkn ?? tckn ?? null;
  const idPath = `${path}/cac:PartyIdentification/cbc:ID[@schemeID=${taxIdScheme}]`;
  if (taxId && taxIdScheme === 'VKN' && !/^\d{10}$/.test(taxId)) r.flag('vkn_format', `VKN "${taxId}" is not 10 digits`, idPath);
  if (taxId && taxIdScheme === 'TCKN' && !/^\d{11}$/.test(taxId)) r.flag('tckn_format', `TCKN "${taxId}" is not 11 digits (legacy?)`, idPath);

  const person = child(party, k('Person'));
  const personName = person
    ? [childText(person, k('FirstName')), childText(person, k('MiddleName')), childText(person, k('FamilyName'))].filter(Boolean).join(' ')
    : '';
  const address = child(party, k('PostalAddress'));
  return {
    taxId,
    taxIdScheme,
    identifiers,
    name: childText(firstChild(party, k('PartyName')), k('Name')) ?? (personName || null),
    taxOffice: childText(child(firstChild(party, k('PartyTaxScheme')), k('TaxScheme')), k('Name')),
    city: childText(address, k('CityName')),
    district: childText(address, k('CitySubdivisionName')),
    country: childText(child(address, k('Country')), k('Name')),
  };
}

function readBillingReference(r: Reader, reference: XmlElement, index: number): ParsedInvoice['billingReferences'][number] {
  const doc = child(reference, k('InvoiceDocumentReference'));
  const path = `Invoice/cac:BillingReference[${index + 1}]/cac:InvoiceDocumentReference`;
  let documentTypeCode = childText(doc, k('DocumentTypeCode'));
  if (!documentTypeCode) {
    const legacy = childText(doc, k('DocumentType'));
    if (legacy) {
      r.flag('legacy_document_type', `reference uses cbc:DocumentType "${legacy}" instead of cbc:DocumentTypeCode`, `${path}/cbc:DocumentType`);
      documentTypeCode = legacy;
    }
  }
  return { id: childText(doc, k('ID')), issueDate: childText(doc, k('IssueDate')), documentTypeCode };
}

function readAllowanceCharge(e: XmlElement): ParsedAllowanceCharge {
  return {
    isCharge: childText(e, k('ChargeIndicator'))?.toLowerCase() === 'true',
    reason: childText(e, k('AllowanceChargeReason')),
    multiplier: childText(e, k('MultiplierFactorNumeric')),
    amount: amountOf(child(e, k('Amount'))),
    baseAmount: amountOf(child(e, k('BaseAmount'))),
  };
}

function readTaxTotal(r: Reader, total: XmlElement, path: string): ParsedTaxTotal {
  return r.within(path, () => ({
    taxAmount: amountOf(child(total, k('TaxAmount'))),
    subtotals: children(total, k('TaxSubtotal')).map((s, i) => {
      const subtotalPath = `${path}/cac:TaxSubtotal[${i + 1}]`;
      return r.within(subtotalPath, () => readTaxSubtotal(s, subtotalPath));
    }),
  }));
}

function readTaxSubtotal(s: XmlElement, path: string): ParsedTaxSubtotal {
  const category = child(s, k('TaxCategory'));
  const scheme = child(category, k('TaxScheme'));
  return {
    taxableAmount: amountOf(child(s, k('TaxableAmount'))),
    taxAmount: amountOf(child(s, k('TaxAmount'))),
    percent: childText(s, k('Percent')) ?? childText(category, k('Percent')),
    perUnitAmount: amountOf(child(s, k('PerUnitAmount'))),
    typeCode: childText(scheme, k('TaxTypeCode')),
    name: childText(scheme, k('Name')),
    exemptionReasonCode: childText(category, k('TaxExemptionReasonCode')),
    exemptionReason: childText(category, k('TaxExemptionReason')),
    path,
  };
}

function readLine(r: Reader, line: XmlElement, path: string): ParsedLine {
  const quantity = child(line, k('InvoicedQuantity'));
  const net = amountOf(child(line, k('LineExtensionAmount')));
  if (!net) r.missing(`${path}/cbc:LineExtensionAmount`, 'line net amount');
  const item = child(line, k('Item'));
  const lineNo = childText(line, k('ID'));
  if (!lineNo) r.flag('line_id_missing', 'line has no cbc:ID; using its position', `${path}/cbc:ID`);
  return {
    lineNo: lineNo ?? path.slice(path.lastIndexOf('[') + 1, -1),
    path,
    quantity: textOf(quantity),
    unitCode: attribute(quantity, 'unitCode'),
    netAmount: net,
    allowanceCharges: children(line, k('AllowanceCharge')).map((e) => readAllowanceCharge(e)),
    itemName: childText(item, k('Name')),
    itemDescription: firstChildText(item, k('Description')),
    keywords: texts(item, k('Keyword')),
    brand: firstChildText(item, k('BrandName')),
    model: firstChildText(item, k('ModelName')),
    sellerItemId: childText(child(item, k('SellersItemIdentification')), k('ID')),
    buyerItemId: childText(child(item, k('BuyersItemIdentification')), k('ID')),
    manufacturerItemId: childText(child(item, k('ManufacturersItemIdentification')), k('ID')),
    classificationCodes: children(item, k('CommodityClassification')).flatMap((c) => childText(c, k('ItemClassificationCode')) ?? []),
    unitPrice: amountOf(child(child(line, k('Price')), k('PriceAmount'))),
    taxTotals: children(line, k('TaxTotal')).map((t, i) => readTaxTotal(r, t, `${path}/cac:TaxTotal[${i + 1}]`)),
    withholdingTotals: children(line, k('WithholdingTaxTotal')).map((t, i) => readTaxTotal(r, t, `${path}/cac:WithholdingTaxTotal[${i + 1}]`)),
    notes: texts(line, k('Note')),
  };
}
