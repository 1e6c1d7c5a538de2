/**
 * parseUblTr(xml) → ParsedInvoice: reads what a UBL-TR Invoice says (ubl-tr.md §2), leniently for
 * legacy documents (flags), strictly for what the pipeline cannot do without: the ETTN, the issue date,
 * the supplier's VKN/TCKN, the lines and their net amounts, the payable amount.
 */
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
import { attribute, child, children, childText, readInvoiceXml, textOf, type ReadXmlOptions, type XmlElement } from './xml.js';

export type ParseOptions = ReadXmlOptions;

const INVOICE_NUMBER = /^[A-Z0-9]{3}20\d{2}\d{9}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
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

/** Collects flags while reading one document. */
class Reader {
  readonly flags: Flag[] = [];
  ettn: string | null = null;

  flag(code: string, message: string, path?: string): void {
    this.flags.push(path === undefined ? { code, message } : { code, message, path });
  }

  missing(path: string, what: string): never {
    throw new ParseError('missing_element', `${what} is missing (${path})`, { path, ettn: this.ettn });
  }
}

export function parseUblTr(xml: string, options: ParseOptions = {}): ParsedInvoice {
  const invoice = readWithEttn(xml, options);
  const r: Reader = new Reader();

  const uuid = childText(invoice, 'UUID');
  if (!uuid) r.missing('Invoice/cbc:UUID', 'ETTN (cbc:UUID)');
  const ettn = uuid.toLowerCase();
  r.ettn = ettn;
  if (!GUID.test(ettn)) r.flag('ettn_format', `ETTN "${uuid}" is not a GUID`, 'Invoice/cbc:UUID');

  const issueDate = childText(invoice, 'IssueDate');
  if (!issueDate) r.missing('Invoice/cbc:IssueDate', 'issue date (cbc:IssueDate)');
  if (!ISO_DATE.test(issueDate)) {
    throw new ParseError('invalid_value', `issue date "${issueDate}" is not YYYY-MM-DD`, { path: 'Invoice/cbc:IssueDate', ettn });
  }

  const invoiceNumber = childText(invoice, 'ID');
  if (!invoiceNumber) r.flag('invoice_number_missing', 'invoice number (cbc:ID) is missing', 'Invoice/cbc:ID');
  else if (!INVOICE_NUMBER.test(invoiceNumber)) {
    r.flag('invoice_number_format', `invoice number "${invoiceNumber}" does not match the UBL-TR pattern (3 letters/digits, year, 9 digits; legacy?)`, 'Invoice/cbc:ID');
  }

  const supplier = readParty(r, child(child(invoice, 'AccountingSupplierParty'), 'Party'), SUPPLIER_PARTY);
  if (!supplier || !supplier.taxId) r.missing(`${SUPPLIER_PARTY}/cac:PartyIdentification/cbc:ID[@schemeID=VKN]`, 'supplier VKN/TCKN');
  const customer = readParty(r, child(child(invoice, 'AccountingCustomerParty'), 'Party'), CUSTOMER_PARTY);
  if (!customer) r.flag('customer_missing', 'customer party is missing', CUSTOMER_PARTY);
  else if (!customer.taxId) r.flag('customer_tax_id_missing', 'customer has no VKN/TCKN', `${CUSTOMER_PARTY}/cac:PartyIdentification`);

  const lineElements = children(invoice, 'InvoiceLine');
  if (lineElements.length === 0) r.missing('Invoice/cac:InvoiceLine', 'invoice lines (cac:InvoiceLine)');
  const lines = lineElements.map((e, i) => readLine(r, e, `Invoice/cac:InvoiceLine[${i + 1}]`));

  const lineCountNumeric = childText(invoice, 'LineCountNumeric');
  if (lineCountNumeric !== null && Number(lineCountNumeric) !== lines.length) {
    r.flag('line_count_mismatch', `LineCountNumeric says ${lineCountNumeric}, the document has ${lines.length} lines`, 'Invoice/cbc:LineCountNumeric');
  }

  const monetary = child(invoice, 'LegalMonetaryTotal');
  const monetaryPath = 'Invoice/cac:LegalMonetaryTotal';
  const payable = amountOf(child(monetary, 'PayableAmount'));
  if (!payable) r.missing(`${monetaryPath}/cbc:PayableAmount`, 'payable amount');
  const totals = {
    lineExtension: amountOf(child(monetary, 'LineExtensionAmount')),
    taxExclusive: amountOf(child(monetary, 'TaxExclusiveAmount')),
    taxInclusive: amountOf(child(monetary, 'TaxInclusiveAmount')),
    allowanceTotal: amountOf(child(monetary, 'AllowanceTotalAmount')),
    chargeTotal: amountOf(child(monetary, 'ChargeTotalAmount')),
    payableRounding: amountOf(child(monetary, 'PayableRoundingAmount')),
    payable,
  };
  for (const key of ['lineExtension', 'taxExclusive', 'taxInclusive'] as const) {
    if (!totals[key]) {
      const element = `${key[0]!.toUpperCase()}${key.slice(1)}Amount`;
      r.flag('total_missing', `${element} is missing`, `${monetaryPath}/cbc:${element}`);
    }
  }

  const billingReferences = children(invoice, 'BillingReference').map((b, i) => readBillingReference(r, b, i));
  if (billingReferences.length > 0 && hasPaddedReferenceId(xml)) {
    r.flag('reference_whitespace', 'the referenced invoice number has surrounding whitespace; trimmed', 'Invoice/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID');
  }
  const rate = child(invoice, 'PricingExchangeRate');
  const rateValue = childText(rate, 'CalculationRate');
  const period = child(invoice, 'InvoicePeriod');

  const parsed: ParsedInvoice = {
    customizationId: childText(invoice, 'CustomizationID'),
    profileId: childText(invoice, 'ProfileID'),
    invoiceNumber,
    ettn,
    issueDate,
    issueTime: childText(invoice, 'IssueTime'),
    typeCode: childText(invoice, 'InvoiceTypeCode'),
    currency: childText(invoice, 'DocumentCurrencyCode'),
    pricingExchangeRate: rateValue
      ? {
          sourceCurrency: childText(rate, 'SourceCurrencyCode'),
          targetCurrency: childText(rate, 'TargetCurrencyCode'),
          rate: rateValue,
          date: childText(rate, 'Date'),
        }
      : null,
    period: period ? { start: childText(period, 'StartDate'), end: childText(period, 'EndDate') } : null,
    notes: texts(invoice, 'Note'),
    billingReferences,
    orderReference: childText(child(invoice, 'OrderReference'), 'ID'),
    despatchReferences: children(invoice, 'DespatchDocumentReference').flatMap((d) => childText(d, 'ID') ?? []),
    lineCountNumeric,
    supplier,
    customer,
    allowanceCharges: children(invoice, 'AllowanceCharge').map(readAllowanceCharge),
    taxTotals: children(invoice, 'TaxTotal').map((t, i) => readTaxTotal(t, `Invoice/cac:TaxTotal[${i + 1}]`)),
    withholdingTotals: children(invoice, 'WithholdingTaxTotal').map((t, i) => readTaxTotal(t, `Invoice/cac:WithholdingTaxTotal[${i + 1}]`)),
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
    if (!ettn) throw error;
    throw new ParseError(error.code, error.message, { ...(error.path ? { path: error.path } : {}), ettn });
  }
}

/** Validates a ParsedInvoice built elsewhere (fixtures, tests, stored JSON) against the schema. */
export function assertParsedInvoice(value: unknown): ParsedInvoice {
  return ParsedInvoice.parse(value);
}

function texts(parent: XmlElement | null, name: string): string[] {
  return children(parent, name).flatMap((e) => textOf(e) ?? []);
}

function amountOf(e: XmlElement | null): ParsedAmount | null {
  const value = textOf(e);
  return value === null ? null : { value, currency: attribute(e, 'currencyID') };
}

function readParty(r: Reader, party: XmlElement | null, path: string): ParsedParty | null {
  if (!party) return null;
  const identifiers: Record<string, string> = {};
  for (const id of children(party, 'PartyIdentification')) {
    const idElement = child(id, 'ID');
    const value = textOf(idElement);
    const scheme = attribute(idElement, 'schemeID')?.toUpperCase();
    if (value && scheme && !(scheme in identifiers)) identifiers[scheme] = value;
  }
  const vkn = identifiers['VKN'];
  const tckn = identifiers['TCKN'];
  const taxIdScheme = vkn ? 'VKN' : tckn ? 'TCKN' : null;
  const taxId = vkn ?? tckn ?? null;
  const idPath = `${path}/cac:PartyIdentification/cbc:ID[@schemeID=${taxIdScheme}]`;
  if (taxId && taxIdScheme === 'VKN' && !/^\d{10}$/.test(taxId)) r.flag('vkn_format', `VKN "${taxId}" is not 10 digits`, idPath);
  if (taxId && taxIdScheme === 'TCKN' && !/^\d{11}$/.test(taxId)) r.flag('tckn_format', `TCKN "${taxId}" is not 11 digits (legacy?)`, idPath);

  const person = child(party, 'Person');
  const personName = person
    ? [childText(person, 'FirstName'), childText(person, 'MiddleName'), childText(person, 'FamilyName')].filter(Boolean).join(' ')
    : '';
  const address = child(party, 'PostalAddress');
  return {
    taxId,
    taxIdScheme,
    identifiers,
    name: childText(child(party, 'PartyName'), 'Name') ?? (personName || null),
    taxOffice: childText(child(child(party, 'PartyTaxScheme'), 'TaxScheme'), 'Name'),
    city: childText(address, 'CityName'),
    district: childText(address, 'CitySubdivisionName'),
    country: childText(child(address, 'Country'), 'Name'),
  };
}

function readBillingReference(r: Reader, reference: XmlElement, index: number): ParsedInvoice['billingReferences'][number] {
  const doc = child(reference, 'InvoiceDocumentReference');
  const path = `Invoice/cac:BillingReference[${index + 1}]/cac:InvoiceDocumentReference`;
  let documentTypeCode = childText(doc, 'DocumentTypeCode');
  if (!documentTypeCode) {
    const legacy = childText(doc, 'DocumentType');
    if (legacy) {
      r.flag('legacy_document_type', `reference uses cbc:DocumentType "${legacy}" instead of cbc:DocumentTypeCode`, `${path}/cbc:DocumentType`);
      documentTypeCode = legacy;
    }
  }
  return { id: childText(doc, 'ID'), issueDate: childText(doc, 'IssueDate'), documentTypeCode };
}

function readAllowanceCharge(e: XmlElement): ParsedAllowanceCharge {
  return {
    isCharge: childText(e, 'ChargeIndicator')?.toLowerCase() === 'true',
    reason: childText(e, 'AllowanceChargeReason'),
    multiplier: childText(e, 'MultiplierFactorNumeric'),
    amount: amountOf(child(e, 'Amount')),
    baseAmount: amountOf(child(e, 'BaseAmount')),
  };
}

function readTaxTotal(total: XmlElement, path: string): ParsedTaxTotal {
  return {
    taxAmount: amountOf(child(total, 'TaxAmount')),
    subtotals: children(total, 'TaxSubtotal').map((s, i) => readTaxSubtotal(s, `${path}/cac:TaxSubtotal[${i + 1}]`)),
  };
}

function readTaxSubtotal(s: XmlElement, path: string): ParsedTaxSubtotal {
  const category = child(s, 'TaxCategory');
  const scheme = child(category, 'TaxScheme');
  return {
    taxableAmount: amountOf(child(s, 'TaxableAmount')),
    taxAmount: amountOf(child(s, 'TaxAmount')),
    percent: childText(s, 'Percent') ?? childText(category, 'Percent'),
    perUnitAmount: amountOf(child(s, 'PerUnitAmount')),
    typeCode: childText(scheme, 'TaxTypeCode'),
    name: childText(scheme, 'Name'),
    exemptionReasonCode: childText(category, 'TaxExemptionReasonCode'),
    exemptionReason: childText(category, 'TaxExemptionReason'),
    path,
  };
}

function readLine(r: Reader, line: XmlElement, path: string): ParsedLine {
  const quantity = child(line, 'InvoicedQuantity');
  const net = amountOf(child(line, 'LineExtensionAmount'));
  if (!net) r.missing(`${path}/cbc:LineExtensionAmount`, 'line net amount');
  const item = child(line, 'Item');
  const lineNo = childText(line, 'ID');
  if (!lineNo) r.flag('line_id_missing', 'line has no cbc:ID; using its position', `${path}/cbc:ID`);
  return {
    lineNo: lineNo ?? path.slice(path.lastIndexOf('[') + 1, -1),
    path,
    quantity: textOf(quantity),
    unitCode: attribute(quantity, 'unitCode'),
    netAmount: net,
    allowanceCharges: children(line, 'AllowanceCharge').map(readAllowanceCharge),
    itemName: childText(item, 'Name'),
    itemDescription: childText(item, 'Description'),
    keywords: texts(item, 'Keyword'),
    brand: childText(item, 'BrandName'),
    model: childText(item, 'ModelName'),
    sellerItemId: childText(child(item, 'SellersItemIdentification'), 'ID'),
    buyerItemId: childText(child(item, 'BuyersItemIdentification'), 'ID'),
    manufacturerItemId: childText(child(item, 'ManufacturersItemIdentification'), 'ID'),
    classificationCodes: children(item, 'CommodityClassification').flatMap((c) => childText(c, 'ItemClassificationCode') ?? []),
    unitPrice: amountOf(child(child(line, 'Price'), 'PriceAmount')),
    taxTotals: children(line, 'TaxTotal').map((t, i) => readTaxTotal(t, `${path}/cac:TaxTotal[${i + 1}]`)),
    withholdingTotals: children(line, 'WithholdingTaxTotal').map((t, i) => readTaxTotal(t, `${path}/cac:WithholdingTaxTotal[${i + 1}]`)),
    notes: texts(line, 'Note'),
  };
}
