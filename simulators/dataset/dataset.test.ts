import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { categoryKeys } from '../../domain/categories.js';
import {
  arrivalIndexRange, DatasetSpec, DatasetSpecError, earsivCount, invoiceDocument, invoiceHeader, manifestEntries,
  MAX_ARRIVAL_LAG_DAYS, suppliers, type ManifestEntry,
} from './index.js';
import { vknCheckDigit } from './suppliers.js';

const spec = (over: Partial<DatasetSpec> = {}): DatasetSpec => ({
  seed: 20251001,
  provider: 'uyumsoft',
  invoices: 1500,
  from: '2025-01-01T00:00:00Z',
  to: '2025-07-01T00:00:00Z',
  customer: { vkn: '4840847211', name: 'Anadolu Ambalaj Sanayi A.Ş.' },
  ...over,
});

const kurus = (text: string): number => {
  const m = /^(\d+)\.(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`not a 2-decimal amount: ${text}`);
  return Number(m[1]) * 100 + Number(m[2]);
};

type Node = Record<string, unknown>;
const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  stopNodes: ['*.UBLExtensions', '*.EmbeddedDocumentBinaryObject'],
  isArray: (name) => ['InvoiceLine', 'TaxSubtotal', 'Note', 'PartyIdentification', 'AdditionalDocumentReference'].includes(name),
});
const text = (v: unknown): string => (typeof v === 'object' && v !== null ? String((v as Node)['#text']) : String(v));
const node = (v: unknown, ...path: string[]): Node => path.reduce<Node>((n, k) => n[k] as Node, v as Node);
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);

describe('dataset generator', () => {
  const s = spec();
  const total = s.invoices + earsivCount(s);
  const entries: ManifestEntry[] = [...manifestEntries(s)];

  it('is deterministic: the same spec gives byte-identical XML and manifests; the seed changes them', () => {
    const again = spec();
    for (const i of [0, 1, 777, s.invoices - 1, s.invoices]) {
      expect(invoiceDocument(again, i)).toEqual(invoiceDocument(s, i));
    }
    expect(invoiceDocument(spec({ seed: 7 }), 5).xml).not.toEqual(invoiceDocument(s, 5).xml);
    expect(invoiceDocument(spec({ provider: 'edm' }), 5).header.ettn).not.toEqual(invoiceDocument(s, 5).header.ettn);
  });

  it('random access equals streaming, and headers equal document headers', () => {
    expect(entries).toHaveLength(total);
    for (const i of [0, 3, 999, s.invoices - 1, total - 1]) {
      expect(invoiceDocument(s, i).manifest).toEqual(entries[i]);
      expect(invoiceHeader(s, i)).toEqual(invoiceDocument(s, i).header);
    }
  });

  it('arrivals are non-decreasing, inside [from, to), and 0..MAX_ARRIVAL_LAG_DAYS after the Istanbul issue date', () => {
    const from = Date.parse(s.from);
    const to = Date.parse(s.to);
    let previous = -Infinity;
    for (const e of entries.slice(0, s.invoices)) {
      const at = Date.parse(e.arrivedAt);
      expect(at).toBeGreaterThanOrEqual(previous);
      expect(at).toBeGreaterThanOrEqual(from);
      expect(at).toBeLessThan(to);
      previous = at;
      const issueStart = Date.parse(`${e.issueDate}T00:00:00+03:00`);
      expect(at).toBeGreaterThanOrEqual(issueStart);
      expect(at - issueStart).toBeLessThanOrEqual((MAX_ARRIVAL_LAG_DAYS + 1) * 86_400_000);
    }
  });

  it('arrivalIndexRange returns exactly the inbox indices with from <= arrivedAt < to', () => {
    const arrivals = entries.slice(0, s.invoices).map((e) => e.arrivedAt);
    const exact = (a: string, b: string) => {
      const idx = arrivals.flatMap((t, i) => (Date.parse(t) >= Date.parse(a) && Date.parse(t) < Date.parse(b) ? [i] : []));
      return idx.length === 0 ? null : { start: idx[0], end: (idx[idx.length - 1] ?? 0) + 1 };
    };
    const probe = arrivals[700] ?? '';
    const justAfter = new Date(Date.parse(probe) + 1).toISOString();
    const cases: Array<[string, string]> = [
      [s.from, s.to], ['2024-01-01T00:00:00Z', '2030-01-01T00:00:00Z'], ['2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z'],
      [probe, probe], [probe, justAfter], [justAfter, s.to], ['2025-08-01T00:00:00Z', '2025-09-01T00:00:00Z'],
    ];
    for (const [a, b] of cases) {
      const range = arrivalIndexRange(s, a, b);
      const want = exact(a, b);
      if (want) expect(range).toEqual(want);
      else expect(range.end - range.start).toBe(0);
    }
    expect(arrivalIndexRange(s, probe, justAfter).start).toBeLessThanOrEqual(700);
    expect(arrivalIndexRange(s, probe, justAfter).end).toBeGreaterThan(700);
  });

  it('ETTNs are unique across providers of a seed; numbers are 16 characters and unique', () => {
    const ettns = new Set<string>();
    const numbers = new Set<string>();
    for (const provider of ['edm', 'qnb', 'crs', 'isnet', 'uyumsoft'] as const) {
      const p = spec({ provider, invoices: 400 });
      for (const e of manifestEntries(p)) {
        expect(e.ettn).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(e.number).toMatch(/^[A-Z0-9]{3}20\d{2}\d{9}$/);
        ettns.add(e.ettn);
        numbers.add(e.number);
      }
    }
    expect(ettns.size).toBe(5 * (400 + 16));
    expect(numbers.size).toBe(5 * (400 + 16));
  });

  it('e-Arşiv invoices sit after the inbox indices and are marked as not delivered to the inbox', () => {
    expect(earsivCount(s)).toBe(60);
    for (const e of entries) {
      expect(e.deliveredToInbox).toBe(e.index < s.invoices);
      expect(e.profile === 'EARSIVFATURA').toBe(!e.deliveredToInbox);
      expect(e.revision).toBe(1);
      expect(e.provider).toBe('uyumsoft');
    }
  });

  it('every XML is well-formed and reconciles with its manifest to the kuruş', () => {
    for (let i = 0; i < total; i += 7) {
      const { xml, manifest } = invoiceDocument(s, i);
      expect(XMLValidator.validate(xml)).toBe(true);
      const inv = node(parser.parse(xml), 'Invoice');
      expect(text(inv.UUID)).toBe(manifest.ettn);
      expect(text(inv.ID)).toBe(manifest.number);
      expect(text(inv.IssueDate)).toBe(manifest.issueDate);
      expect(text(inv.ProfileID)).toBe(manifest.profile);
      expect(text(inv.InvoiceTypeCode)).toBe(manifest.typeCode);
      expect(text(inv.DocumentCurrencyCode)).toBe(manifest.currency);
      const supplierIds = list(node(inv, 'AccountingSupplierParty', 'Party').PartyIdentification).map((p) => p.ID as Node);
      expect(supplierIds.find((id) => id['@schemeID'] === 'VKN')?.['#text']).toBe(manifest.supplier.vkn);
      const lines = list(inv.InvoiceLine);
      expect(lines).toHaveLength(manifest.lineCount);
      expect(Number(text(inv.LineCountNumeric))).toBe(manifest.lineCount);
      let net = 0;
      let lineTaxes = 0;
      lines.forEach((line, k) => {
        const m = manifest.lines[k];
        const q = node(line, 'InvoicedQuantity');
        expect(text(line.ID)).toBe(String(m?.lineNo));
        expect(text(node(line, 'Item').Name)).toBe(m?.description);
        expect(text(q)).toBe(m?.quantity);
        expect(q['@unitCode']).toBe(m?.unitCode);
        expect(text(line.LineExtensionAmount)).toBe(m?.netAmount);
        expect(categoryKeys).toContain(m?.category);
        net += kurus(text(line.LineExtensionAmount));
        for (const sub of list(node(line, 'TaxTotal').TaxSubtotal)) lineTaxes += kurus(text(sub.TaxAmount));
      });
      const totals = node(inv, 'LegalMonetaryTotal');
      const subtotals = list(node(inv, 'TaxTotal').TaxSubtotal).reduce((acc, sub) => acc + kurus(text(sub.TaxAmount)), 0);
      const withheld = inv.WithholdingTaxTotal ? kurus(text(node(inv, 'WithholdingTaxTotal').TaxAmount)) : 0;
      expect(kurus(text(totals.TaxExclusiveAmount))).toBe(net);
      expect(kurus(manifest.taxExclusiveAmount)).toBe(manifest.lines.reduce((acc, l) => acc + kurus(l.netAmount), 0));
      expect(subtotals).toBe(lineTaxes);
      expect(kurus(text(totals.TaxInclusiveAmount))).toBe(net + subtotals);
      expect(kurus(text(node(inv, 'TaxTotal').TaxAmount))).toBe(subtotals - withheld);
      expect(kurus(text(totals.PayableAmount))).toBe(net + subtotals - withheld);
      expect(text(totals.TaxInclusiveAmount)).toBe(manifest.taxInclusiveAmount);
      expect(text(totals.PayableAmount)).toBe(manifest.payableAmount);
      expect(withheld > 0).toBe(manifest.typeCode === 'TEVKIFAT');
      expect(inv.PricingExchangeRate !== undefined).toBe(manifest.currency !== 'TRY');
    }
  });

  it('KDV is the rate times the base including ÖTV and energy taxes, rounded to the kuruş', () => {
    for (let i = 0; i < 150; i++) {
      const inv = node(parser.parse(invoiceDocument(s, i).xml), 'Invoice');
      for (const line of list(inv.InvoiceLine)) {
        for (const sub of list(node(line, 'TaxTotal').TaxSubtotal)) {
          if (text(node(sub, 'TaxCategory', 'TaxScheme').TaxTypeCode) !== '0015') continue;
          const base = kurus(text(sub.TaxableAmount));
          const rate = Number(text(sub.Percent));
          expect(kurus(text(sub.TaxAmount))).toBe(Math.round((base * rate) / 100));
        }
      }
    }
  });

  it('a modest sample covers every kind of invoice the issue asks for', () => {
    const seen = new Set<string>();
    const add = (k: string) => seen.add(k);
    for (let i = 0; i < total; i++) {
      const { xml, manifest } = invoiceDocument(s, i);
      add(`profile:${manifest.profile}`);
      add(`type:${manifest.typeCode}`);
      add(`currency:${manifest.currency}`);
      for (const l of manifest.lines) {
        add(`category:${l.category}`);
        add(`unit:${l.unitCode}`);
      }
      if (manifest.lineCount >= 5) add('multi-line');
      for (const code of ['0071', '8002', '8004', '4071', '0059', '8008', '4080']) if (xml.includes(`<cbc:TaxTypeCode>${code}</cbc:TaxTypeCode>`)) add(`tax:${code}`);
      for (const code of ['624', '614', '612', '607']) if (xml.includes(`<cbc:TaxTypeCode>${code}</cbc:TaxTypeCode>`)) add(`withholding:${code}`);
      if (xml.includes('<ds:SignatureValue')) add('signed');
      if (xml.includes('<cbc:EmbeddedDocumentBinaryObject')) add('xslt');
      if (xml.includes('schemeID="TESISATNO"') && xml.includes('schemeID="SAYACNO"')) add('utility-ids');
      if (xml.includes('<cac:InvoicePeriod>')) add('period');
      if (xml.includes('<cac:BillingReference>')) add('billing-reference');
      if (xml.includes('<cac:PricingExchangeRate>')) add('fx-rate');
    }
    const wanted = [
      'profile:TICARIFATURA', 'profile:TEMELFATURA', 'profile:EARSIVFATURA',
      'type:SATIS', 'type:IADE', 'type:TEVKIFAT', 'type:KONAKLAMAVERGISI',
      'currency:TRY', 'currency:USD', 'currency:EUR', 'multi-line', 'signed', 'xslt', 'utility-ids', 'period', 'billing-reference', 'fx-rate',
      'unit:KWH', 'unit:SM3', 'unit:LTR', 'unit:C62', 'unit:TNE', 'unit:KGM', 'unit:MTQ', 'unit:DAY', 'unit:MON', 'unit:HUR',
      'tax:0071', 'tax:8002', 'tax:8004', 'tax:4071', 'tax:0059', 'tax:8008', 'tax:4080',
      'withholding:624', 'withholding:614', 'withholding:612', 'withholding:607',
      ...categoryKeys.map((k) => `category:${k}`),
    ];
    expect(wanted.filter((k) => !seen.has(k))).toEqual([]);
  });

  it('the embedded XSLT is several KB of base64 that decodes to a stylesheet', () => {
    const i = entries.findIndex((e) => invoiceDocument(s, e.index).xml.includes('EmbeddedDocumentBinaryObject'));
    const xml = invoiceDocument(s, i).xml;
    const b64 = /<cbc:EmbeddedDocumentBinaryObject[^>]*>([^<]+)</.exec(xml)?.[1] ?? '';
    expect(b64.length).toBeGreaterThan(8_000);
    const xslt = Buffer.from(b64, 'base64').toString('utf8');
    expect(XMLValidator.validate(xslt)).toBe(true);
    expect(xslt).toContain('<xsl:stylesheet');
  });

  it('revision 2 re-issues the same ETTN and number with a changed amount, one line fewer when it had several', () => {
    const indices = [0, 10, 200, ...entries.slice(0, 300).filter((e) => e.lines.length > 1).slice(0, 3).map((e) => e.index)];
    for (const i of indices) {
      const first = invoiceDocument(s, i);
      const second = invoiceDocument(s, i, 2);
      expect(second.header.ettn).toBe(first.header.ettn);
      expect(second.header.number).toBe(first.header.number);
      expect(second.manifest.revision).toBe(2);
      expect(second.header.taxExclusiveAmount).not.toBe(first.header.taxExclusiveAmount);
      expect(second.xml).not.toBe(first.xml);
      expect(second.header.lineCount).toBe(Math.max(1, first.header.lineCount - 1));
      expect(second.manifest.lines).toEqual(first.manifest.lines.slice(0, second.header.lineCount).map((line, k) => (k === 0 ? second.manifest.lines[0] : line)));
    }
  });

  it('linesPerInvoice gives every invoice exactly that many lines, the same invoice otherwise, and leaves the default mix untouched', () => {
    const fixed = spec({ linesPerInvoice: 10, invoices: 200 });
    const mixed = spec({ invoices: 200 });
    for (let i = 0; i < 200 + earsivCount(fixed); i += 13) {
      const ten = invoiceDocument(fixed, i);
      const own = invoiceDocument(mixed, i);
      expect(ten.header.lineCount).toBe(10);
      expect(ten.manifest.lines).toHaveLength(10);
      expect(ten.xml.match(/<cac:InvoiceLine>/g)).toHaveLength(10);
      expect(ten.header.ettn).toBe(own.header.ettn);
      expect(ten.header.supplier).toEqual(own.header.supplier);
      // The kind's own lines come first, in order (then again from the first when it had fewer than ten).
      const first = Math.min(10, own.manifest.lines.length);
      expect(ten.manifest.lines.slice(0, first).map((l) => l.description)).toEqual(own.manifest.lines.slice(0, first).map((l) => l.description));
      expect(kurus(ten.manifest.taxExclusiveAmount)).toBe(ten.manifest.lines.reduce((acc, l) => acc + kurus(l.netAmount), 0));
    }
    expect(invoiceDocument(spec({ invoices: 200 }), 5)).toEqual(invoiceDocument(mixed, 5));
    expect(() => invoiceDocument(spec({ linesPerInvoice: 0 }), 0)).toThrow(DatasetSpecError);
  });

  it('suppliers are a stable population with valid, unique VKNs', () => {
    expect(suppliers.length).toBeGreaterThanOrEqual(60);
    expect(suppliers.length).toBeLessThanOrEqual(150);
    expect(new Set(suppliers.map((x) => x.vkn)).size).toBe(suppliers.length);
    expect(new Set(suppliers.map((x) => x.prefix)).size).toBe(suppliers.length);
    for (const x of suppliers) expect(Number(x.vkn[9])).toBe(vknCheckDigit(x.vkn.slice(0, 9)));
    // A known-valid VKN from the GİB samples.
    expect(vknCheckDigit('123456789')).toBe(0);
  });

  it('rejects invalid specs and indices with typed errors', () => {
    expect(() => invoiceHeader(spec({ from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }), 0)).toThrow(DatasetSpecError);
    expect(() => invoiceHeader(spec({ customer: { vkn: '12', name: 'x' } }), 0)).toThrow(DatasetSpecError);
    expect(() => invoiceHeader(s, total)).toThrow(DatasetSpecError);
    expect(() => invoiceHeader(s, -1)).toThrow(DatasetSpecError);
    expect([...manifestEntries(spec({ invoices: 0 }))]).toEqual([]);
  });
});
