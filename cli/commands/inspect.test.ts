import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { testInvoiceXml } from '../../transformers/ubl-tr/test-invoice.js';
import { CliUsageError } from '../usage.js';
import { run } from './inspect.js';

const FIXTURES = new URL('../../test/fixtures/ubl-tr/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the command, capturing what it writes. */
async function inspect(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  const code = await run(argv);
  vi.restoreAllMocks();
  return { code, out, err };
}
afterEach(() => vi.restoreAllMocks());

describe('etl inspect', () => {
  it('prints the documented JSON for the legacy electricity bill', async () => {
    const { code, out } = await inspect([join(FIXTURES, 'gib_temel_fatura_elektrik_KWH.xml'), '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['invoice', 'lines', 'flags']);
    expect(json.invoice).toEqual({
      ettn: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
      number: 'GIB20090000000001',
      issueDate: '2009-01-05',
      profile: 'TEMELFATURA',
      type: 'SATIS',
      currency: 'TRY',
      supplier: { vkn: '1288331521', name: 'AAA Anonim Şirketi' },
      customer: { vkn: '1234567890', name: 'Ali YILMAZ' },
      totals: { lineExtension: '15.15', taxExclusive: '15.15', taxInclusive: '17.88', payable: '17.88' },
      kdv: '2.73',
      withholding: '0.00',
    });
    expect(json.lines).toHaveLength(1);
    const [line] = json.lines;
    expect(Object.keys(line)).toEqual(['lineNo', 'description', 'quantity', 'unitCode', 'unit', 'netAmount', 'category', 'subcategory', 'scope', 'scope3Category', 'confidence', 'status', 'method', 'kgCO2e', 'audit']);
    expect(line).toMatchObject({ lineNo: '1', quantity: '101', unitCode: 'KWH', unit: 'kWh', netAmount: '15.15', category: 'electricity', scope: 2, scope3Category: null, status: 'accepted', method: 'activity' });
    expect(line.audit).toMatchObject({ factor: { key: 'electricity.tr.grid.location', value: '0.439', unit: 'kWh' }, steps: [{ step: 'emission_factor', from: { value: '101', unit: 'kWh' } }] });
    // 101 kWh × the library's electricity factor: a decimal string, never a float.
    expect(line.kgCO2e).toMatch(/^\d+\.\d{3}$/);
    expect(json.flags.map((f: { code: string }) => f.code)).toContain('invoice_number_format');
  });

  it('prints a readable table without --json', async () => {
    const { code, out } = await inspect([join(FIXTURES, 'gib_IadeFaturasiOrnegi.xml'), '--org', '9205121120']);
    expect(code).toBe(0);
    expect(out).toContain('GIB2009000000022');
    expect(out).toContain('outgoing (purchase_return, sign -1)');
    expect(out).toMatch(/1\s+Notebook Çantası\s+18\s+NIU\s+688\.50/);
  });

  const spendInvoice = (name: string, unitCode: string, quantity: string) => {
    const file = join(dir, `${name}.xml`);
    writeFileSync(file, testInvoiceXml({
      currency: 'EUR', issueDate: '2024-05-10', supplierVkn: '2222222222', customerVkn: '1234567890',
      lines: [{ name, quantity, unitCode, net: '100.00', taxes: [{ code: '0015', percent: '20', amount: '20.00' }] }],
      totals: { lineExtension: '100.00', taxExclusive: '100.00', taxInclusive: '120.00', payable: '120.00' },
    }));
    return file;
  };

  it('shows the audit of a spend line in --json: factor, licence, each conversion with its rate source, deflator, rounding', async () => {
    const { out } = await inspect([spendInvoice('Araç kiralama bedeli', 'DAY', '3'), '--json', '--org', '1234567890']);
    const [line] = JSON.parse(out).lines;
    expect(line).toMatchObject({ category: 'business_travel_ground', subcategory: 'ground.car_rental', method: 'spend' });
    expect(line.audit.factor).toMatchObject({ key: 'epa.v1_3.naics.532111', value: '0.11', edition: 'EPA SEF v1.3.0', currencyYear: '2022' });
    expect(line.audit.factor.licence).toContain('public domain');
    expect(line.audit.steps.map((s: { step: string }) => s.step)).toEqual(['currency_conversion', 'currency_conversion', 'deflation', 'emission_factor']);
    expect(line.audit.steps[0].basis).toContain('EUR/TRY monthly mean 2024-05');
    expect(line.audit.steps[2]).toMatchObject({ multiplier: '292.655', divisor: '314.069' });
    expect(line.audit.rounding).toContain('3 decimals');
  });

  it('shows the audit in the table, and refrigerants on the selected GWP basis', async () => {
    const { out } = await inspect([spendInvoice('Araç kiralama bedeli', 'DAY', '3'), '--org', '1234567890']);
    expect(out).toContain('factor epa.v1_3.naics.532111 = 0.11 kg CO2e/2022 USD');
    expect(out).toMatch(/deflation\s+\S+ USD 2024-05 × 292\.655 ÷ 314\.069 = \S+ USD 2022/);
    expect(out).toContain('licence US Government work, public domain');
    const gas = spendInvoice('R-410A gaz dolumu', 'KGM', '2');
    expect((await inspect([gas, '--org', '1234567890'])).out).toContain('factor refrigerant.r410a.ar5 = 1923.5 kg CO2e/kg');
    const ar6 = await inspect([gas, '--org', '1234567890', '--gwp-basis', 'ar6']);
    expect(ar6.out).toContain('GWP basis AR6');
    await expect(inspect([gas, '--gwp-basis', 'AR9'])).rejects.toBeInstanceOf(CliUsageError);
  });

  it('exits 2 with the ParseError on stderr for bad input', async () => {
    const file = join(dir, 'truncated.xml');
    writeFileSync(file, '<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><cbc:UUID');
    const text = await inspect([file]);
    expect(text).toMatchObject({ code: 2, out: '' });
    expect(text.err).toMatch(/ParseError \[(truncated|malformed_xml)\]/);
    const json = await inspect([file, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.err).error).toMatchObject({ name: 'ParseError' });
  });

  it('decodes the file as its declaration says, and refuses undecodable bytes with their offset', async () => {
    const source = readFileSync(join(FIXTURES, 'gib_temel_fatura_elektrik_KWH.xml'), 'utf8').replace(/^\uFEFF/, '');
    const turkish = join(dir, 'windows-1254.xml');
    const legacy = source.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="windows-1254"?>');
    writeFileSync(turkish, encodeWindows1254(legacy));
    const ok = await inspect([turkish, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).invoice.supplier.name).toBe('AAA Anonim Şirketi');
    const broken = join(dir, 'broken-utf8.xml');
    writeFileSync(broken, Buffer.concat([Buffer.from(source.slice(0, 200), 'utf8'), Buffer.from([0xfe]), Buffer.from(source.slice(200), 'utf8')]));
    const refused = await inspect([broken, '--json']);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.err).error).toMatchObject({ code: 'invalid_encoding', message: expect.stringMatching(/0xfe\) is not valid UTF-8/) });
  });

  it('refuses a file over the size limit from its size, before reading it', async () => {
    const big = join(dir, 'big.xml');
    writeFileSync(big, Buffer.alloc(17 * 1024 * 1024, 0x20));
    const { code, err } = await inspect([big, '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(err).error).toMatchObject({ code: 'too_large', message: expect.stringMatching(/^file has 17825792 bytes/) });
  });

  it('treats a missing file or argument as a usage error', async () => {
    await expect(inspect([join(dir, 'nope.xml')])).rejects.toBeInstanceOf(CliUsageError);
    await expect(inspect([])).rejects.toBeInstanceOf(CliUsageError);
  });
});

/** The text in windows-1254 bytes (ASCII plus the Turkish letters the fixture uses). */
function encodeWindows1254(text: string): Buffer {
  const turkish: Record<string, number> = { Ş: 0xde, ş: 0xfe, Ğ: 0xd0, ğ: 0xf0, İ: 0xdd, ı: 0xfd, Ç: 0xc7, ç: 0xe7, Ö: 0xd6, ö: 0xf6, Ü: 0xdc, ü: 0xfc };
  return Buffer.from(Array.from(text, (ch) => {
    const code = ch.charCodeAt(0);
    if (code < 0x80) return code;
    const byte = turkish[ch];
    if (byte === undefined) throw new Error(`no windows-1254 byte for ${ch}`);
    return byte;
  }));
}
