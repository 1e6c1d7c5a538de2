/**
 * Builds small UBL-TR Invoice documents for tests: any namespace prefixes, any lines and taxes. Amounts
 * are written exactly as given (text), so tests state their own arithmetic. Test support only.
 */
import { dec, sum, toText } from '../decimal/index.js';

export interface TestTax {
  code: string;
  amount?: string;
  taxable?: string;
  percent?: string;
  perUnit?: string;
  name?: string;
  exemptionCode?: string;
}

export interface TestLine {
  name: string;
  quantity?: string;
  unitCode?: string | null;
  net: string;
  price?: string;
  /** A line allowance (ChargeIndicator false) of this amount. */
  allowance?: string;
  taxes?: TestTax[];
  withholding?: TestTax[];
}

export interface TestInvoice {
  uuid?: string | null;
  id?: string;
  issueDate?: string | null;
  type?: string;
  profile?: string;
  currency?: string;
  exchangeRate?: { source: string; target: string; rate: string };
  period?: { start: string; end: string };
  supplierVkn?: string | null;
  customerVkn?: string;
  customerIds?: Record<string, string>;
  lines?: TestLine[];
  documentTaxes?: TestTax[];
  withholding?: TestTax[];
  totals?: { lineExtension: string; taxExclusive: string; taxInclusive: string; allowance?: string; charge?: string; payable: string };
  /** Document-level cac:AllowanceCharge elements. */
  documentAllowanceCharges?: Array<{ charge?: boolean; amount: string }>;
  /** Prefixes for the cac/cbc namespaces and the Invoice namespace ('' = default namespace). */
  prefixes?: { invoice: string; cac: string; cbc: string };
  /** Raw XML placed right after the root start tag (extensions, attachments). */
  extra?: string;
}

const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  ext: 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
};

export function testInvoiceXml(spec: TestInvoice = {}): string {
  const p = spec.prefixes ?? { invoice: '', cac: 'cac', cbc: 'cbc' };
  const q = (prefix: string, name: string): string => (prefix ? `${prefix}:${name}` : name);
  const cbc = (name: string, text: string, attrs = ''): string => `<${q(p.cbc, name)}${attrs}>${text}</${q(p.cbc, name)}>`;
  const cac = (name: string, ...inner: string[]): string => `<${q(p.cac, name)}>${inner.join('')}</${q(p.cac, name)}>`;
  const currency = spec.currency ?? 'TRY';
  const amount = (name: string, value: string): string => cbc(name, value, ` currencyID="${currency}"`);
  const party = (ids: Record<string, string>, name: string): string =>
    cac('Party', ...Object.entries(ids).map(([scheme, id]) => cac('PartyIdentification', cbc('ID', id, ` schemeID="${scheme}"`))), cac('PartyName', cbc('Name', name)));
  const subtotal = (t: TestTax): string =>
    cac(
      'TaxSubtotal',
      t.taxable ? amount('TaxableAmount', t.taxable) : '',
      t.amount ? amount('TaxAmount', t.amount) : '',
      t.percent ? cbc('Percent', t.percent) : '',
      t.perUnit ? amount('PerUnitAmount', t.perUnit) : '',
      cac('TaxCategory', t.exemptionCode ? cbc('TaxExemptionReasonCode', t.exemptionCode) : '', cac('TaxScheme', t.name ? cbc('Name', t.name) : '', cbc('TaxTypeCode', t.code))),
    );
  const taxTotal = (name: string, taxes: TestTax[]): string =>
    taxes.length === 0 ? '' : cac(name, amount('TaxAmount', sumText(taxes.map((t) => t.amount ?? '0'))), ...taxes.map(subtotal));
  const lines = spec.lines ?? [{ name: 'Kırtasiye', quantity: '1', unitCode: 'C62', net: '100.00', taxes: [{ code: '0015', taxable: '100.00', amount: '20.00', percent: '20' }] }];
  const rootName = q(p.invoice, 'Invoice');
  const declarations = [
    `xmlns${p.invoice ? `:${p.invoice}` : ''}="${NS.invoice}"`,
    `xmlns:${p.cac || 'cac'}="${NS.cac}"`,
    `xmlns:${p.cbc || 'cbc'}="${NS.cbc}"`,
    `xmlns:ext="${NS.ext}"`,
  ].join(' ');
  const totals = spec.totals ?? { lineExtension: '100.00', taxExclusive: '100.00', taxInclusive: '120.00', payable: '120.00' };
  const customerIds = { VKN: spec.customerVkn ?? '1111111111', ...spec.customerIds };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${rootName} ${declarations}>`,
    spec.extra ?? '',
    cbc('UBLVersionID', '2.1'),
    cbc('CustomizationID', 'TR1.2.1'),
    cbc('ProfileID', spec.profile ?? 'TEMELFATURA'),
    cbc('ID', spec.id ?? 'ABC2025000000001'),
    spec.uuid === null ? '' : cbc('UUID', spec.uuid ?? '0b9a7a4e-5d2c-4f43-9d8e-2a1c3b4d5e6f'),
    spec.issueDate === null ? '' : cbc('IssueDate', spec.issueDate ?? '2025-03-14'),
    cbc('InvoiceTypeCode', spec.type ?? 'SATIS'),
    cbc('DocumentCurrencyCode', currency),
    cbc('LineCountNumeric', String(lines.length)),
    spec.period ? cac('InvoicePeriod', cbc('StartDate', spec.period.start), cbc('EndDate', spec.period.end)) : '',
    cac('AccountingSupplierParty', party(spec.supplierVkn === null ? {} : { VKN: spec.supplierVkn ?? '2222222222' }, 'Tedarikçi A.Ş.')),
    cac('AccountingCustomerParty', party(customerIds, 'Müşteri Ltd.')),
    spec.exchangeRate
      ? cac('PricingExchangeRate', cbc('SourceCurrencyCode', spec.exchangeRate.source), cbc('TargetCurrencyCode', spec.exchangeRate.target), cbc('CalculationRate', spec.exchangeRate.rate))
      : '',
    ...(spec.documentAllowanceCharges ?? []).map((ac) => cac('AllowanceCharge', cbc('ChargeIndicator', String(ac.charge ?? false)), amount('Amount', ac.amount))),
    taxTotal('TaxTotal', spec.documentTaxes ?? lines.flatMap((l) => l.taxes ?? [])),
    taxTotal('WithholdingTaxTotal', spec.withholding ?? []),
    cac(
      'LegalMonetaryTotal',
      amount('LineExtensionAmount', totals.lineExtension),
      amount('TaxExclusiveAmount', totals.taxExclusive),
      amount('TaxInclusiveAmount', totals.taxInclusive),
      totals.allowance ? amount('AllowanceTotalAmount', totals.allowance) : '',
      totals.charge ? amount('ChargeTotalAmount', totals.charge) : '',
      amount('PayableAmount', totals.payable),
    ),
    ...lines.map((l, i) =>
      cac(
        'InvoiceLine',
        cbc('ID', String(i + 1)),
        l.quantity === undefined ? '' : cbc('InvoicedQuantity', l.quantity, l.unitCode === null ? '' : ` unitCode="${l.unitCode ?? 'C62'}"`),
        amount('LineExtensionAmount', l.net),
        l.allowance ? cac('AllowanceCharge', cbc('ChargeIndicator', 'false'), amount('Amount', l.allowance)) : '',
        taxTotal('TaxTotal', l.taxes ?? []),
        taxTotal('WithholdingTaxTotal', l.withholding ?? []),
        cac('Item', cbc('Name', l.name)),
        l.price ? cac('Price', amount('PriceAmount', l.price)) : '',
      ),
    ),
    `</${rootName}>`,
  ].join('\n');
}

/** Adds decimal texts for the TaxTotal/TaxAmount convenience total (never read as VAT by the normalizer). */
function sumText(values: string[]): string {
  return toText(sum(values.map((v) => dec(v))), 2);
}
