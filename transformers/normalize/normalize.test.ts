/**
 * Normalization of generated documents covering the cases the GİB fixtures do not: withholding, ÖTV,
 * foreign currency, utility network lines, document allowances, unit conversions, broken totals.
 * Expected values are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { parseUblTr } from '../ubl-tr/index.js';
import { testInvoiceXml, type TestInvoice } from '../ubl-tr/test-invoice.js';
import { normalizeInvoice, type NormalizeContext } from './normalize.js';
import { NormalizedDocument } from './schema.js';

const ORG = '1111111111'; // the customer of testInvoiceXml by default: incoming
const run = (spec: TestInvoice, ctx: Partial<NormalizeContext> = {}): NormalizedDocument => {
  const doc = normalizeInvoice(parseUblTr(testInvoiceXml(spec)), { organizationVkns: [ORG], ...ctx });
  NormalizedDocument.parse(doc); // the output always satisfies its own schema
  return doc;
};
const codes = (doc: NormalizedDocument): string[] => doc.flags.map((f) => f.code);
const mismatches = (doc: NormalizedDocument): string[] => codes(doc).filter((c) => c.endsWith('_mismatch'));

describe('TEVKIFAT (GİB demo figures, ubl-tr.md §6.6)', () => {
  // 20000 net; KDV 18 % = 3600; withholding 606 at 90 % of 3600 = 3240;
  // TaxInclusive = 20000 + 3600 = 23600; Payable = 23600 − 3240 = 20360.
  const doc = run({
    type: 'TEVKIFAT',
    lines: [{ name: 'Yemek Hizmeti', quantity: '1', unitCode: 'C62', net: '20000', taxes: [{ code: '0015', taxable: '20000', amount: '3600', percent: '18' }] }],
    withholding: [{ code: '606', taxable: '3600', amount: '3240', percent: '90' }],
    totals: { lineExtension: '20000', taxExclusive: '20000', taxInclusive: '23600', payable: '20360' },
  });

  it('keeps full KDV and the withholding apart; spend is the net amount', () => {
    expect(doc.invoice).toMatchObject({ type: 'TEVKIFAT', kdv: '3600.00', withholding: '3240.00', sign: 1 });
    expect(doc.invoice.totals).toMatchObject({ taxInclusive: '23600.00', payable: '20360.00' });
    expect(doc.invoice.withholdings).toEqual([{ code: '606', percent: '90', taxableAmount: '3600', amount: '3240' }]);
    expect(doc.lines[0]).toMatchObject({ spendAmount: '20000.00', kdv: '3600.00' });
    expect(mismatches(doc)).toEqual([]);
  });

  it('flags a payable amount that ignores the withholding', () => {
    const wrong = run({
      type: 'TEVKIFAT',
      lines: [{ name: 'Yemek Hizmeti', quantity: '1', net: '20000', taxes: [{ code: '0015', taxable: '20000', amount: '3600', percent: '18' }] }],
      withholding: [{ code: '606', taxable: '3600', amount: '3240', percent: '90' }],
      totals: { lineExtension: '20000', taxExclusive: '20000', taxInclusive: '23600', payable: '23600' },
    });
    // expected payable 23600 − 3240 = 20360; stated 23600; difference 3240.00
    const flag = wrong.flags.find((f) => f.code === 'payable_mismatch');
    expect(flag?.message).toContain('3240.00');
    expect(flag?.path).toBe('Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount');
  });
});

describe('ÖTV per unit on fuel (GİB OTV.xml figures, ubl-tr.md §3)', () => {
  // 922 kg LPG, net 6391.67; ÖTV 0071 per unit 1.9985 × 922 = 1842.617 → 1842.62;
  // KDV base 6391.67 + 1842.62 = 8234.29; KDV 18 % = 1482.1722 → 1482.17; inclusive 6391.67 + 1842.62 + 1482.17 = 9716.46.
  const doc = run({
    lines: [
      {
        name: 'OTOGAZ',
        quantity: '922',
        unitCode: 'KGM',
        net: '6391.67',
        price: '6.9324',
        taxes: [
          { code: '0071', amount: '1842.62', perUnit: '1.9985', name: 'ÖTV' },
          { code: '0015', taxable: '8234.29', amount: '1482.17', percent: '18' },
        ],
      },
    ],
    totals: { lineExtension: '6391.67', taxExclusive: '6391.67', taxInclusive: '9716.46', payable: '9716.46' },
  });

  it('reads ÖTV per unit and KDV separately; the spend excludes both', () => {
    expect(doc.lines[0]).toMatchObject({
      quantity: '922', unit: 'kg', activityQuantity: '922', otv: '1842.62', otvPerUnit: '1.9985', otvPercent: null,
      kdv: '1482.17', kdvPercent: '18', spendAmount: '6391.67', unitPrice: '6.9324',
    });
    expect(doc.invoice).toMatchObject({ otv: '1842.62', kdv: '1482.17' });
    expect(mismatches(doc)).toEqual([]);
  });

  it('derives a missing ÖTV amount from per unit × quantity, flagged', () => {
    const derived = run({
      lines: [{ name: 'MOTORİN', quantity: '100', unitCode: 'LTR', net: '3000.00', taxes: [{ code: '0071', perUnit: '2.5' }] }],
      documentTaxes: [{ code: '0071', amount: '250.00' }],
      totals: { lineExtension: '3000.00', taxExclusive: '3000.00', taxInclusive: '3250.00', payable: '3250.00' },
    });
    expect(derived.lines[0]?.otv).toBe('250.00'); // 2.5 × 100
    expect(codes(derived)).toContain('tax_amount_derived');
  });
});

describe('electricity bill with energy fund, TRT share, consumption tax and network lines', () => {
  // Aktif enerji 1,000 kWh net 2000.00; Dağıtım Bedeli 1,000 kWh net 900.00; Reaktif 50 kvarh (K3) net 10.00.
  // Σ net 2910.00; energy fund 1 % of 2000 = 20.00; TRT 2 % of 2000 = 40.00; consumption tax 5 % of 2000 = 100.00;
  // KDV 20 % of (2910 + 20 + 40 + 100 = 3070) = 614.00; inclusive 3070 + 614 = 3684.00.
  const doc = run({
    profile: 'TEMELFATURA',
    period: { start: '2025-02-01', end: '2025-02-28' },
    customerIds: { TESISATNO: '4000123', SAYACNO: 'M-77', ABONENO: 'A-9' },
    lines: [
      { name: 'Aktif Enerji Bedeli', quantity: '1000', unitCode: 'KWH', net: '2000.00' },
      { name: 'DAĞITIM BEDELİ', quantity: '1000', unitCode: 'KWH', net: '900.00' },
      { name: 'Reaktif Enerji Bedeli', quantity: '50', unitCode: 'K3', net: '10.00' },
    ],
    documentTaxes: [
      { code: '8002', amount: '20.00', taxable: '2000.00', percent: '1' },
      { code: '8004', amount: '40.00', taxable: '2000.00', percent: '2' },
      { code: '8005', amount: '100.00', taxable: '2000.00', percent: '5' },
      { code: '0015', amount: '614.00', taxable: '3070.00', percent: '20' },
    ],
    totals: { lineExtension: '2910.00', taxExclusive: '2910.00', taxInclusive: '3684.00', payable: '3684.00' },
  });

  it('counts the kWh once: the distribution line and reactive energy are excluded from activity', () => {
    expect(doc.lines.map((l) => [l.description, l.quantityCountsAsActivity, l.activityExclusion, l.unit])).toEqual([
      ['Aktif Enerji Bedeli', true, null, 'kWh'],
      ['DAĞITIM BEDELİ', false, 'network_charge', 'kWh'],
      ['Reaktif Enerji Bedeli', false, 'reactive_energy', null],
    ]);
  });

  it('sums the utility taxes by kind and reconciles', () => {
    expect(doc.invoice).toMatchObject({ energyFund: '20.00', trtShare: '40.00', consumptionTax: '100.00', kdv: '614.00' });
    expect(mismatches(doc)).toEqual([]);
  });

  it('uses the consumption period and keeps the utility identifiers', () => {
    expect(doc.invoice.activityPeriod).toEqual({ start: '2025-02-01', end: '2025-02-28', basis: 'invoice_period' });
    expect(doc.invoice.utility).toEqual({ installationNo: '4000123', meterNo: 'M-77', subscriberNo: 'A-9', customerNo: null });
  });

  const withPeriod = (period: { start: string; end: string }): NormalizedDocument =>
    run({
      issueDate: '2025-03-05',
      period,
      customerIds: { TESISATNO: '4000123' },
      lines: [{ name: 'Aktif Enerji Bedeli', quantity: '1000', unitCode: 'KWH', net: '2000.00' }],
      totals: { lineExtension: '2000.00', taxExclusive: '2000.00', taxInclusive: '2000.00', payable: '2000.00' },
    });

  it.each([
    [{ start: '2025-02-30', end: '2025-03-01' }, 'Invoice/cac:InvoicePeriod/cbc:StartDate'],
    [{ start: '2025-02-01', end: '2025-13-45' }, 'Invoice/cac:InvoicePeriod/cbc:EndDate'],
    [{ start: '2025-02-28', end: '2025-02-01' }, 'Invoice/cac:InvoicePeriod'],
  ])('flags the impossible or reversed InvoicePeriod %o and falls back to the issue date', (period, path) => {
    const bad = withPeriod(period);
    expect(bad.invoice.activityPeriod).toEqual({ start: '2025-03-05', end: '2025-03-05', basis: 'issue_date' });
    expect(bad.flags).toContainEqual(expect.objectContaining({ code: 'invoice_period_invalid', path }));
  });

  it('keeps a one-day InvoicePeriod', () => {
    expect(withPeriod({ start: '2025-02-01', end: '2025-02-01' }).invoice.activityPeriod).toEqual({ start: '2025-02-01', end: '2025-02-01', basis: 'invoice_period' });
  });
});

describe('currency', () => {
  const usdLines = [{ name: 'Navlun', quantity: '1', unitCode: 'C62', net: '1000.00' }];
  const usdTotals = { lineExtension: '1000.00', taxExclusive: '1000.00', taxInclusive: '1000.00', payable: '1000.00' };

  it("uses the invoice's own PricingExchangeRate: 1000.00 USD × 32.8150 = 32815.00 TRY", () => {
    const doc = run({ currency: 'USD', exchangeRate: { source: 'USD', target: 'TRY', rate: '32.8150' }, lines: usdLines, documentTaxes: [], totals: usdTotals });
    expect(doc.invoice.fx).toEqual({ rate: '32.815', source: 'invoice', date: '2025-03-14', series: null });
    expect(doc.lines[0]).toMatchObject({ currency: 'USD', spendAmount: '1000.00', spendAmountTry: '32815.00' });
    expect(codes(doc)).not.toContain('fx_rate_from_table');
  });

  it('falls back to the injected rate table and flags it: 1000.00 × 36.1234 = 36123.40', () => {
    const queries: unknown[] = [];
    const doc = run(
      { currency: 'USD', lines: usdLines, documentTaxes: [], totals: usdTotals },
      { rateLookup: (q) => (queries.push(q), { rate: '36.1234', date: '2025-03', series: 'test table' }) },
    );
    expect(queries).toEqual([{ currency: 'USD', date: '2025-03-14' }]);
    expect(doc.invoice.fx).toMatchObject({ rate: '36.1234', source: 'rate_table', series: 'test table' });
    expect(doc.lines[0]?.spendAmountTry).toBe('36123.40');
    expect(codes(doc)).toContain('fx_rate_from_table');
  });

  it('leaves TRY amounts unknown when no rate exists, flagged', () => {
    const doc = run({ currency: 'EUR', lines: usdLines, documentTaxes: [], totals: usdTotals }, { rateLookup: () => null });
    expect(doc.invoice.fx).toBeNull();
    expect(doc.lines[0]?.spendAmountTry).toBeNull();
    expect(codes(doc)).toContain('fx_rate_unavailable');
  });
});

describe('document allowances are pro-rated to the kuruş', () => {
  // Lines 100.00 + 200.00 + 33.33 = 333.33; document allowance 10.00 → TaxExclusive 323.33.
  // Shares: 10 × 100/333.33 = 3.00003 → 3.00; 10 × 200/333.33 = 6.00006 → 6.00; 10 × 33.33/333.33 = 0.99991 → 1.00;
  // Σ 10.00, no residue. Spend: 97.00, 194.00, 32.33.
  const doc = run({
    lines: [
      { name: 'Kağıt', quantity: '10', unitCode: 'C62', net: '100.00' },
      { name: 'Toner', quantity: '2', unitCode: 'C62', net: '200.00' },
      { name: 'Kalem', quantity: '3', unitCode: 'C62', net: '33.33' },
    ],
    documentTaxes: [{ code: '0015', amount: '64.67', taxable: '323.33', percent: '20' }],
    totals: { lineExtension: '333.33', taxExclusive: '323.33', allowance: '10.00', taxInclusive: '388.00', payable: '388.00' },
  });

  it('spreads the allowance by net amount and the shares add up exactly', () => {
    expect(doc.lines.map((l) => [l.documentAllowanceShare, l.spendAmount])).toEqual([
      ['3.00', '97.00'],
      ['6.00', '194.00'],
      ['1.00', '32.33'],
    ]);
    expect(codes(doc)).toContain('document_allowance_prorated');
    // 323.33 + 64.67 = 388.00
    expect(mismatches(doc)).toEqual([]);
  });
});

describe('document allowances come from what the document states, not from TaxExclusiveAmount', () => {
  it('does not turn KDV into spend when TaxExclusiveAmount wrongly includes it', () => {
    // Line net 1000.00, KDV 200.00; TaxExclusive wrongly 1200.00 (= TaxInclusive); no allowance stated.
    const doc = run({
      lines: [{ name: 'Toner', quantity: '1', unitCode: 'C62', net: '1000.00', taxes: [{ code: '0015', amount: '200.00', taxable: '1000.00', percent: '20' }] }],
      totals: { lineExtension: '1000.00', taxExclusive: '1200.00', taxInclusive: '1200.00', payable: '1200.00' },
    });
    expect(doc.lines.map((l) => [l.documentAllowanceShare, l.spendAmount])).toEqual([['0.00', '1000.00']]);
    expect(codes(doc)).not.toContain('document_allowance_prorated');
    expect(codes(doc)).toContain('tax_exclusive_mismatch');
  });

  it('pro-rates the cac:AllowanceCharge elements: allowance 100.00 − charge 30.00 over 600.00 + 400.00', () => {
    // Net 70.00: 70 × 600/1000 = 42.00, 70 × 400/1000 = 28.00; TaxExclusive 1000 − 100 + 30 = 930.00.
    const doc = run({
      lines: [
        { name: 'Kağıt', quantity: '6', unitCode: 'C62', net: '600.00' },
        { name: 'Toner', quantity: '1', unitCode: 'C62', net: '400.00' },
      ],
      documentAllowanceCharges: [{ amount: '100.00' }, { charge: true, amount: '30.00' }],
      documentTaxes: [],
      totals: { lineExtension: '1000.00', taxExclusive: '930.00', allowance: '100.00', charge: '30.00', taxInclusive: '930.00', payable: '930.00' },
    });
    expect(doc.lines.map((l) => [l.documentAllowanceShare, l.spendAmount])).toEqual([
      ['42.00', '558.00'],
      ['28.00', '372.00'],
    ]);
    expect(codes(doc)).toContain('document_allowance_prorated');
    expect(mismatches(doc)).toEqual([]);
  });
});

describe('exempt KDV: the document totals decide whether it is charged', () => {
  const exemptLine = (percent: string, amount: string, code: string) => [{ name: 'Makine', quantity: '1', unitCode: 'C62', net: '1500.00', taxes: [{ code: '0015', taxable: '1500.00', amount, percent, exemptionCode: code }] }];

  it('ISTISNA 308: 20 % of 1500 = 300 stated, not charged (inclusive 1500.00)', () => {
    const doc = run({ type: 'ISTISNA', lines: exemptLine('20', '300.00', '308'), totals: { lineExtension: '1500.00', taxExclusive: '1500.00', taxInclusive: '1500.00', payable: '1500.00' } });
    expect(doc.invoice).toMatchObject({ kdv: '0.00', kdvNotCharged: '300.00' });
    expect(doc.lines[0]).toMatchObject({ kdv: '0.00', kdvPercent: '0' });
    expect(codes(doc)).toContain('kdv_not_charged');
    expect(mismatches(doc)).toEqual([]);
  });

  it('YOLCUBERABER 501: KDV computed and charged (inclusive 1500 + 300 = 1800.00)', () => {
    const doc = run({ type: 'ISTISNA', profile: 'YOLCUBERABERFATURA', lines: exemptLine('20', '300.00', '501'), totals: { lineExtension: '1500.00', taxExclusive: '1500.00', taxInclusive: '1800.00', payable: '1800.00' } });
    expect(doc.invoice).toMatchObject({ kdv: '300.00', kdvNotCharged: '0.00' });
    expect(codes(doc)).not.toContain('kdv_not_charged');
    expect(mismatches(doc)).toEqual([]);
  });
});

describe('LineExtensionAmount stated before line allowances (GİB TicariFaturaOrnegi style)', () => {
  it('accepts Σ nets + line allowances = LineExtensionAmount with an informational flag', () => {
    // Lines 9410.70 (allowance 495.30) and 9428.40 (allowance 291.60): Σ nets 18839.10; + 786.90 = 19626.00 stated;
    // AllowanceTotal 786.90; TaxExclusive 19626.00 − 786.90 = 18839.10 = Σ nets; no KDV in this test.
    const doc = run({
      lines: [
        { name: 'Masa Üstü Bilgisayar', quantity: '12', unitCode: 'NIU', net: '9410.70', allowance: '495.30' },
        { name: 'Notebook Bilgisayar', quantity: '8', unitCode: 'NIU', net: '9428.40', allowance: '291.60' },
      ],
      documentTaxes: [],
      totals: { lineExtension: '19626.00', taxExclusive: '18839.10', allowance: '786.90', taxInclusive: '18839.10', payable: '18839.10' },
    });
    expect(codes(doc)).toContain('line_extension_before_line_allowances');
    expect(mismatches(doc)).toEqual([]);
    expect(doc.lines.map((l) => l.spendAmount)).toEqual(['9410.70', '9428.40']); // nothing to pro-rate
  });
});

describe('pro-rating residue', () => {
  it('gives the rounding residue to the largest line: 0.10 over 1.00/1.00/2.00', () => {
    // 0.10 × 1/4 = 0.025 → 0.03; 0.10 × 1/4 → 0.03; 0.10 × 2/4 = 0.05; Σ 0.11 → residue −0.01 to line 3 → 0.04.
    const doc = run({
      lines: [
        { name: 'a', quantity: '1', net: '1.00' },
        { name: 'b', quantity: '1', net: '1.00' },
        { name: 'c', quantity: '1', net: '2.00' },
      ],
      documentTaxes: [],
      totals: { lineExtension: '4.00', taxExclusive: '3.90', allowance: '0.10', taxInclusive: '3.90', payable: '3.90' },
    });
    expect(doc.lines.map((l) => l.documentAllowanceShare)).toEqual(['0.03', '0.03', '0.04']);
    expect(doc.lines.map((l) => l.spendAmount)).toEqual(['0.97', '0.97', '1.96']);
  });
});

describe('units', () => {
  it.each([
    ['MWH', '2.5', 'kWh', '2500'],
    ['D40', '3', 'L', '3000'],
    ['R9', '1.2', 'm3', '1200'],
    ['TNE', '0.750', 't', '0.75'],
    ['SM3', '38.000', 'Sm3', '38'],
    ['KMT', '120', 'km', '120'],
    ['TKM', '5000', 't.km', '5000'],
  ])('%s %s → %s %s', (unitCode, quantity, unit, activityQuantity) => {
    const doc = run({ lines: [{ name: 'x', quantity, unitCode, net: '100.00' }], documentTaxes: [] , totals: { lineExtension: '100.00', taxExclusive: '100.00', taxInclusive: '100.00', payable: '100.00' } });
    expect(doc.lines[0]).toMatchObject({ unitCode, unit, activityQuantity });
  });

  it('assumes C62 for a missing unitCode and flags an unknown one', () => {
    const doc = run({
      lines: [
        { name: 'a', quantity: '2', unitCode: null, net: '50.00' },
        { name: 'b', quantity: '2', unitCode: 'XYZ', net: '50.00' },
      ],
      documentTaxes: [],
      totals: { lineExtension: '100.00', taxExclusive: '100.00', taxInclusive: '100.00', payable: '100.00' },
    });
    expect(doc.lines.map((l) => [l.unitCode, l.unit])).toEqual([[null, 'piece'], ['XYZ', null]]);
    expect(codes(doc)).toEqual(expect.arrayContaining(['unit_missing', 'unit_unknown']));
    expect(doc.flags.find((f) => f.code === 'unit_missing')?.path).toBe('Invoice/cac:InvoiceLine[1]/cbc:InvoicedQuantity/@unitCode');
  });
});

describe('money text', () => {
  it('accepts thousands grouping, refuses a decimal comma on a line net amount', () => {
    const grouped = run({
      lines: [{ name: 'a', quantity: '1', net: '1,234.56' }],
      documentTaxes: [],
      totals: { lineExtension: '1234.56', taxExclusive: '1234.56', taxInclusive: '1234.56', payable: '1234.56' },
    });
    expect(grouped.lines[0]?.netAmount).toBe('1234.56');
    expect(() => run({ lines: [{ name: 'a', quantity: '1', net: '1234,56' }] })).toThrow(
      expect.objectContaining({ name: 'ParseError', code: 'invalid_value', path: 'Invoice/cac:InvoiceLine[1]/cbc:LineExtensionAmount', ettn: '0b9a7a4e-5d2c-4f43-9d8e-2a1c3b4d5e6f' }),
    );
  });

  it('flags Σ line nets that disagree with LineExtensionAmount, naming the difference', () => {
    const doc = run({ totals: { lineExtension: '100.01', taxExclusive: '100.00', taxInclusive: '120.00', payable: '120.00' } });
    expect(doc.flags.find((f) => f.code === 'line_total_mismatch')?.message).toContain('difference 0.01');
  });
});

describe('direction and sign', () => {
  it('our sale is not purchase activity (sign 0)', () => {
    const doc = run({ supplierVkn: ORG, customerVkn: '3333333333' });
    expect(doc.invoice).toMatchObject({ direction: 'outgoing', role: 'sale', sign: 0 });
    expect(doc.lines[0]?.sign).toBe(0);
  });

  it('an IADE without BillingReference is flagged', () => {
    const doc = run({ type: 'IADE', supplierVkn: ORG, customerVkn: '3333333333' });
    expect(doc.invoice).toMatchObject({ role: 'purchase_return', sign: -1 });
    expect(codes(doc)).toContain('return_reference_missing');
  });

  it('without an organization VKN the document is assumed incoming, flagged', () => {
    const doc = run({}, { organizationVkns: [] });
    expect(doc.invoice).toMatchObject({ direction: 'incoming', sign: 1 });
    expect(codes(doc)).toContain('direction_assumed');
  });
});
