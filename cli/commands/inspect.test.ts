import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
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
    expect(Object.keys(line)).toEqual(['lineNo', 'description', 'quantity', 'unitCode', 'unit', 'netAmount', 'category', 'scope', 'scope3Category', 'confidence', 'method', 'kgCO2e']);
    expect(line).toMatchObject({ lineNo: '1', quantity: '101', unitCode: 'KWH', unit: 'kWh', netAmount: '15.15', category: 'electricity', scope: 2, scope3Category: null, method: 'activity' });
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
