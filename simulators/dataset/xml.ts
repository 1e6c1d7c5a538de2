import { formatDec, formatKurus, formatPlain, type Dec } from './decimal.js';
import type { PartyId } from './draft.js';
import type { InvoiceModel, LineModel, TaxAmount } from './model.js';
import { signatureBlock } from './signature.js';
import { addDays } from './timeline.js';
import type { Supplier } from './suppliers.js';
import { xsltBase64 } from './xslt.js';
import { amountInWords, esc } from './xml-text.js';

/**
 * UBL-TR 1.2.1 Invoice XML from a model, in UBL 2.1 element order, with template strings and cached
 * party fragments (ubl-tr.md §1–§4). Every amount carries currencyID; totals reconcile to the kuruş.
 */
const NS =
  'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" ' +
  'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" ' +
  'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" ' +
  'xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2" ' +
  'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xsi:schemaLocation="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2 UBL-Invoice-2.1.xsd"';

function address(street: string, building: string, district: string, city: string, postal: string): string {
  return `<cac:PostalAddress><cbc:StreetName>${esc(street)}</cbc:StreetName><cbc:BuildingNumber>${esc(building)}</cbc:BuildingNumber><cbc:CitySubdivisionName>${esc(district)}</cbc:CitySubdivisionName><cbc:CityName>${esc(city)}</cbc:CityName><cbc:PostalZone>${postal}</cbc:PostalZone><cac:Country><cbc:IdentificationCode>TR</cbc:IdentificationCode><cbc:Name>Türkiye</cbc:Name></cac:Country></cac:PostalAddress>`;
}

/** The fragments that depend on the supplier alone, built once per supplier. */
interface SupplierXml {
  party: string;
  /** cac:Signature up to (excluding) the signature reference URI, which names the invoice. */
  signatureHead: string;
}

const supplierFragments = new Map<number, SupplierXml>();
function supplierXml(s: Supplier): SupplierXml {
  let xml = supplierFragments.get(s.no);
  if (!xml) {
    const mersis = `0${s.vkn}00001${String(s.no).padStart(2, '0')}`.slice(0, 16);
    const postal = address(s.street, s.buildingNumber, s.district, s.city, s.postalZone);
    xml = {
      party: `<cac:AccountingSupplierParty><cac:Party><cbc:WebsiteURI>${esc(s.website)}</cbc:WebsiteURI><cac:PartyIdentification><cbc:ID schemeID="VKN">${s.vkn}</cbc:ID></cac:PartyIdentification><cac:PartyIdentification><cbc:ID schemeID="MERSISNO">${mersis}</cbc:ID></cac:PartyIdentification><cac:PartyName><cbc:Name>${esc(s.name)}</cbc:Name></cac:PartyName>${postal}<cac:PartyTaxScheme><cac:TaxScheme><cbc:Name>${esc(s.taxOffice)}</cbc:Name></cac:TaxScheme></cac:PartyTaxScheme><cac:Contact><cbc:Telephone>${esc(s.phone)}</cbc:Telephone><cbc:ElectronicMail>${esc(s.email)}</cbc:ElectronicMail></cac:Contact></cac:Party></cac:AccountingSupplierParty>`,
      signatureHead: `<cac:Signature><cbc:ID schemeID="VKN_TCKN">${s.vkn}</cbc:ID><cac:SignatoryParty><cac:PartyIdentification><cbc:ID schemeID="VKN">${s.vkn}</cbc:ID></cac:PartyIdentification>${postal}</cac:SignatoryParty><cac:DigitalSignatureAttachment><cac:ExternalReference><cbc:URI>`,
    };
    supplierFragments.set(s.no, xml);
  }
  return xml;
}

const customerParties = new Map<string, [string, string]>();
/** The receiving organization; utility bills add installation and meter identifiers. */
function customerParty(vkn: string, name: string, extraIds: readonly PartyId[] | undefined): string {
  const key = `${vkn}|${name}`;
  let parts = customerParties.get(key);
  if (!parts) {
    parts = [
      `<cac:AccountingCustomerParty><cac:Party><cac:PartyIdentification><cbc:ID schemeID="VKN">${esc(vkn)}</cbc:ID></cac:PartyIdentification>`,
      `<cac:PartyName><cbc:Name>${esc(name)}</cbc:Name></cac:PartyName>${address('Büyükdere Cad.', '185', 'Şişli', 'İstanbul', '34394')}<cac:PartyTaxScheme><cac:TaxScheme><cbc:Name>Büyük Mükellefler</cbc:Name></cac:TaxScheme></cac:PartyTaxScheme></cac:Party></cac:AccountingCustomerParty>`,
    ];
    if (customerParties.size > 64) customerParties.clear();
    customerParties.set(key, parts);
  }
  const ids = extraIds ? extraIds.map((p) => `<cac:PartyIdentification><cbc:ID schemeID="${p.scheme}">${esc(p.id)}</cbc:ID></cac:PartyIdentification>`).join('') : '';
  return parts[0] + ids + parts[1];
}

const amt = (kurus: number, cur: string): string => `currencyID="${cur}">${formatKurus(kurus)}`;

function taxSubtotal(t: TaxAmount, cur: string): string {
  const rate = t.perUnit
    ? `<cbc:PerUnitAmount currencyID="${cur}">${formatDec(t.perUnit as Dec)}</cbc:PerUnitAmount>`
    : t.percent
      ? `<cbc:Percent>${formatPlain(t.percent)}</cbc:Percent>`
      : '';
  const taxable = t.perUnit ? '' : `<cbc:TaxableAmount ${amt(t.taxable, cur)}</cbc:TaxableAmount>`;
  return `<cac:TaxSubtotal>${taxable}<cbc:TaxAmount ${amt(t.amount, cur)}</cbc:TaxAmount>${rate}<cac:TaxCategory><cac:TaxScheme><cbc:Name>${esc(t.name)}</cbc:Name><cbc:TaxTypeCode>${t.code}</cbc:TaxTypeCode></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>`;
}

function line(l: LineModel, cur: string): string {
  const d = l.draft;
  const note = d.note ? `<cbc:Note>${esc(d.note)}</cbc:Note>` : '';
  const allowance = d.discountPercent
    ? `<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:AllowanceChargeReason>İskonto</cbc:AllowanceChargeReason><cbc:MultiplierFactorNumeric>${formatPlain({ units: d.discountPercent.units, scale: d.discountPercent.scale + 2 })}</cbc:MultiplierFactorNumeric><cbc:Amount ${amt(l.allowance, cur)}</cbc:Amount><cbc:BaseAmount ${amt(l.gross, cur)}</cbc:BaseAmount></cac:AllowanceCharge>`
    : '';
  const taxSum = l.taxes.reduce((s, t) => s + t.amount, 0);
  const item = `<cac:Item><cbc:Name>${esc(d.name)}</cbc:Name>${d.brand ? `<cbc:BrandName>${esc(d.brand)}</cbc:BrandName>` : ''}${d.model ? `<cbc:ModelName>${esc(d.model)}</cbc:ModelName>` : ''}${d.sellerItemId ? `<cac:SellersItemIdentification><cbc:ID>${esc(d.sellerItemId)}</cbc:ID></cac:SellersItemIdentification>` : ''}</cac:Item>`;
  return `<cac:InvoiceLine><cbc:ID>${l.lineNo}</cbc:ID>${note}<cbc:InvoicedQuantity unitCode="${d.unitCode}">${formatDec(d.quantity)}</cbc:InvoicedQuantity><cbc:LineExtensionAmount ${amt(l.net, cur)}</cbc:LineExtensionAmount>${allowance}<cac:TaxTotal><cbc:TaxAmount ${amt(taxSum, cur)}</cbc:TaxAmount>${l.taxes.map((t) => taxSubtotal(t, cur)).join('')}</cac:TaxTotal>${item}<cac:Price><cbc:PriceAmount currencyID="${cur}">${formatDec(d.price)}</cbc:PriceAmount></cac:Price></cac:InvoiceLine>`;
}

function withholdingTotal(m: InvoiceModel, cur: string): string {
  if (m.withholdings.length === 0) return '';
  const subs = m.withholdings
    .map((w) => `<cac:TaxSubtotal><cbc:TaxableAmount ${amt(w.taxable, cur)}</cbc:TaxableAmount><cbc:TaxAmount ${amt(w.amount, cur)}</cbc:TaxAmount><cbc:Percent>${(w.withholding.numerator * 100) / w.withholding.denominator}</cbc:Percent><cac:TaxCategory><cac:TaxScheme><cbc:Name>${esc(w.withholding.name)}</cbc:Name><cbc:TaxTypeCode>${w.withholding.code}</cbc:TaxTypeCode></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>`)
    .join('');
  return `<cac:WithholdingTaxTotal><cbc:TaxAmount ${amt(m.withholdingTotal, cur)}</cbc:TaxAmount>${subs}</cac:WithholdingTaxTotal>`;
}

export function renderInvoice(m: InvoiceModel): string {
  const h = m.header;
  const c = m.composition;
  const cur = h.currency;
  const s = m.supplier;
  const notes = [...c.notes, amountInWords(m.lineExtension + m.taxTotal, cur)].map((n) => `<cbc:Note>${esc(n)}</cbc:Note>`).join('');
  const period = c.period ? `<cac:InvoicePeriod><cbc:StartDate>${c.period[0]}</cbc:StartDate><cbc:EndDate>${c.period[1]}</cbc:EndDate></cac:InvoicePeriod>` : '';
  const order = c.orderReference ? `<cac:OrderReference><cbc:ID>${esc(c.orderReference)}</cbc:ID><cbc:IssueDate>${h.issueDate}</cbc:IssueDate></cac:OrderReference>` : '';
  const billing = c.billingReference
    ? `<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>${c.billingReference.id}</cbc:ID><cbc:IssueDate>${c.billingReference.issueDate}</cbc:IssueDate><cbc:DocumentTypeCode>IADE</cbc:DocumentTypeCode></cac:InvoiceDocumentReference></cac:BillingReference>`
    : '';
  const sendingType = m.earsiv
    ? `<cac:AdditionalDocumentReference><cbc:ID>${h.ettn}</cbc:ID><cbc:IssueDate>${h.issueDate}</cbc:IssueDate><cbc:DocumentTypeCode>SendingType</cbc:DocumentTypeCode><cbc:DocumentType>ELEKTRONIK</cbc:DocumentType></cac:AdditionalDocumentReference>`
    : '';
  const xslt = s.embedsXslt
    ? `<cac:AdditionalDocumentReference><cbc:ID>${h.ettn}</cbc:ID><cbc:IssueDate>${h.issueDate}</cbc:IssueDate><cbc:DocumentType>XSLT</cbc:DocumentType><cac:Attachment><cbc:EmbeddedDocumentBinaryObject characterSetCode="UTF-8" encodingCode="Base64" filename="${s.prefix}.xslt" mimeCode="application/xml">${xsltBase64(s)}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>`
    : '';
  const supplier = supplierXml(s);
  const signature = `${supplier.signatureHead}#Signature_${h.ettn}</cbc:URI></cac:ExternalReference></cac:DigitalSignatureAttachment></cac:Signature>`;
  const fx = m.fxRate
    ? `<cac:PricingExchangeRate><cbc:SourceCurrencyCode>${cur}</cbc:SourceCurrencyCode><cbc:TargetCurrencyCode>TRY</cbc:TargetCurrencyCode><cbc:CalculationRate>${formatDec(m.fxRate)}</cbc:CalculationRate><cbc:Date>${h.issueDate}</cbc:Date></cac:PricingExchangeRate>`
    : '';
  const payment = c.period ? `<cac:PaymentTerms><cbc:Note>Otomatik ödeme talimatı</cbc:Note><cbc:PaymentDueDate>${addDays(h.issueDate, 10)}</cbc:PaymentDueDate></cac:PaymentTerms>` : '';
  const signingTime = `${h.issueDate}T${m.issueTime}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Invoice ${NS}>${signatureBlock(s, h.ettn, signingTime, m.signatureSeed)}<cbc:UBLVersionID>2.1</cbc:UBLVersionID><cbc:CustomizationID>TR1.2</cbc:CustomizationID><cbc:ProfileID>${h.profile}</cbc:ProfileID><cbc:ID>${h.number}</cbc:ID><cbc:CopyIndicator>false</cbc:CopyIndicator><cbc:UUID>${h.ettn}</cbc:UUID><cbc:IssueDate>${h.issueDate}</cbc:IssueDate><cbc:IssueTime>${m.issueTime}</cbc:IssueTime><cbc:InvoiceTypeCode>${h.typeCode}</cbc:InvoiceTypeCode>${notes}<cbc:DocumentCurrencyCode>${cur}</cbc:DocumentCurrencyCode>${m.fxRate ? `<cbc:PricingCurrencyCode>${cur}</cbc:PricingCurrencyCode>` : ''}<cbc:LineCountNumeric>${h.lineCount}</cbc:LineCountNumeric>${period}${order}${billing}${sendingType}${xslt}${signature}${supplier.party}${customerParty(h.customer.vkn, h.customer.name, c.customerIds)}${payment}${fx}<cac:TaxTotal><cbc:TaxAmount ${amt(m.taxTotal, cur)}</cbc:TaxAmount>${m.taxSubtotals.map((t) => taxSubtotal(t, cur)).join('')}</cac:TaxTotal>${withholdingTotal(m, cur)}<cac:LegalMonetaryTotal><cbc:LineExtensionAmount ${amt(m.lineExtension, cur)}</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="${cur}">${h.taxExclusiveAmount}</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="${cur}">${h.taxInclusiveAmount}</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="${cur}">${h.payableAmount}</cbc:PayableAmount></cac:LegalMonetaryTotal>${m.lines.map((l) => line(l, cur)).join('')}</Invoice>
`;
}
