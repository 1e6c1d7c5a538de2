/**
 * The three public GİB fixtures, parsed and normalized, against values computed by hand from the XML
 * (the arithmetic is in the comments; nothing here is copied from the code's output).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUblTr } from '../ubl-tr/index.js';
import { normalizeInvoice } from './normalize.js';
import { NormalizedDocument } from './schema.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/ubl-tr/${name}`, import.meta.url), 'utf8');
const codes = (doc: NormalizedDocument): string[] => doc.flags.map((f) => f.code);

describe('gib_temel_fatura_elektrik_KWH.xml (legacy electricity bill)', () => {
  const parsed = parseUblTr(fixture('gib_temel_fatura_elektrik_KWH.xml'));
  // The customer (a TCKN person) is the organization: an incoming purchase.
  const doc = normalizeInvoice(parsed, { organizationVkns: ['1234567890'] });

  it('reads the header, lower-cases the ETTN and keeps identifiers as strings', () => {
    expect(parsed.ettn).toBe('f47ac10b-58cc-4372-a567-0e02b2c3d479'); // F47AC10B-… lower-cased
    expect(doc.invoice).toMatchObject({
      number: 'GIB20090000000001',
      issueDate: '2009-01-05',
      profile: 'TEMELFATURA',
      type: 'SATIS',
      currency: 'TRY',
      fx: null,
      direction: 'incoming',
      role: 'purchase',
      sign: 1,
      supplier: { vkn: '1288331521', taxIdScheme: 'VKN', name: 'AAA Anonim Şirketi' },
      // No PartyName: the name comes from cac:Person FirstName + FamilyName.
      customer: { vkn: '1234567890', taxIdScheme: 'TCKN', name: 'Ali YILMAZ' },
    });
  });

  it('uses the InvoicePeriod as activity period and keeps utility identifiers', () => {
    expect(doc.invoice.activityPeriod).toEqual({ start: '2008-12-05', end: '2009-01-05', basis: 'invoice_period' });
    expect(doc.invoice.utility).toEqual({ installationNo: '1234567', meterNo: '12345678', subscriberNo: null, customerNo: null });
  });

  it('computes the line: 101 kWh × 0.15 = 15.15 net, KDV 18 % of 15.15 = 2.727 → 2.73', () => {
    expect(doc.lines).toHaveLength(1);
    expect(doc.lines[0]).toMatchObject({
      lineNo: '1',
      description: 'Elektrik Tüketim Bedeli',
      quantity: '101',
      unitCode: 'KWH',
      unit: 'kWh',
      activityQuantity: '101', // KWH → kWh × 1
      quantityCountsAsActivity: true,
      netAmount: '15.15',
      spendAmount: '15.15', // no document allowances stated (TaxExclusive 15.15 = Σ line nets 15.15 agrees)
      spendAmountTry: '15.15',
      unitPrice: '0.15',
      kdv: '2.73',
      kdvPercent: '18', // written "18.0"
      sign: 1,
    });
  });

  it('reconciles the totals: 15.15 + 2.73 = 17.88 = payable, no mismatch flag', () => {
    expect(doc.invoice.totals).toMatchObject({ lineExtension: '15.15', taxExclusive: '15.15', taxInclusive: '17.88', payable: '17.88' });
    expect(doc.invoice.kdv).toBe('2.73');
    expect(doc.invoice.withholding).toBe('0.00');
    expect(codes(doc).filter((c) => c.endsWith('_mismatch'))).toEqual([]);
  });

  it('flags the legacy traits instead of failing', () => {
    // 17-character ID, 10-digit "TCKN", document-level KDV subtotal without Percent (2.73 / 15.15 = 18.02 % → 18).
    expect(codes(doc)).toEqual(expect.arrayContaining(['invoice_number_format', 'tckn_format', 'tax_percent_derived']));
    expect(doc.invoice.taxes[0]).toMatchObject({ kind: 'kdv', code: '0015', percent: '18', amount: '2.73' });
    expect(() => NormalizedDocument.parse(doc)).not.toThrow();
  });
});

describe('phive_Good_TemelFatura_TR1.2.1_KWH.xml (the same bill made valid for 1.2.1)', () => {
  const doc = normalizeInvoice(parseUblTr(fixture('phive_Good_TemelFatura_TR1.2.1_KWH.xml')), { organizationVkns: ['12345678901'] });

  it('has the same ETTN as the legacy file (a re-delivery) and no legacy flags', () => {
    expect(doc.invoice.ettn).toBe('f47ac10b-58cc-4372-a567-0e02b2c3d479');
    expect(doc.invoice.number).toBe('GIB2026000000001');
    expect(codes(doc)).not.toContain('invoice_number_format');
    expect(codes(doc)).not.toContain('tckn_format');
  });

  it('falls back to the issue date when a utility bill has no InvoicePeriod, and flags it', () => {
    expect(doc.invoice.activityPeriod).toEqual({ start: '2026-01-05', end: '2026-01-05', basis: 'issue_date' });
    expect(codes(doc)).toContain('utility_period_missing');
    expect(doc.invoice.utility.installationNo).toBeNull();
  });

  it('has the same amounts: 101 kWh, 15.15 net, 2.73 KDV, 17.88 payable', () => {
    expect(doc.lines[0]).toMatchObject({ activityQuantity: '101', unit: 'kWh', netAmount: '15.15', kdv: '2.73' });
    expect(doc.invoice.totals.payable).toBe('17.88');
    expect(doc.invoice.customer?.name).toBe('Ali YILMAZ');
  });
});

describe('gib_IadeFaturasiOrnegi.xml (return invoice with positive amounts)', () => {
  const xml = fixture('gib_IadeFaturasiOrnegi.xml');

  it('is our return of purchased goods when we are the issuer: sign −1', () => {
    const doc = normalizeInvoice(parseUblTr(xml), { organizationVkns: ['9205121120'] });
    expect(doc.invoice).toMatchObject({ type: 'IADE', isReturn: true, direction: 'outgoing', role: 'purchase_return', sign: -1 });
    // 18 NIU × 38.25 = 688.50; KDV 18 % × 688.50 = 123.93; 688.50 + 123.93 = 812.43 payable.
    expect(doc.lines[0]).toMatchObject({ quantity: '18', unitCode: 'NIU', unit: 'piece', netAmount: '688.50', kdv: '123.93', sign: -1 });
    expect(doc.invoice.totals).toMatchObject({ lineExtension: '688.50', taxInclusive: '812.43', payable: '812.43' });
    expect(codes(doc).filter((c) => c.endsWith('_mismatch'))).toEqual([]);
  });

  it('trims the referenced invoice number and accepts the legacy DocumentType with a flag', () => {
    const doc = normalizeInvoice(parseUblTr(xml), { organizationVkns: ['9205121120'] });
    // XML: <cbc:ID> GIB2009000000011</cbc:ID>, <cbc:DocumentType> FATURA</cbc:DocumentType>
    expect(doc.invoice.returnOf).toEqual({ number: 'GIB2009000000011', issueDate: '2009-01-05', documentTypeCode: 'FATURA' });
    expect(codes(doc)).toEqual(expect.arrayContaining(['legacy_document_type', 'reference_whitespace']));
    expect(doc.invoice.notes[0]).toMatch(/iade edilmiştir/);
  });

  it('is a customer return of our sale when we are the customer: sign 0, flagged', () => {
    const doc = normalizeInvoice(parseUblTr(xml), { organizationVkns: ['1288331521'] });
    expect(doc.invoice).toMatchObject({ direction: 'incoming', role: 'sales_return', sign: 0 });
    expect(codes(doc)).toContain('not_purchase_sales_return');
  });
});
