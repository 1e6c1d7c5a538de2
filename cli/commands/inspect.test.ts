import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it('treats a missing file or argument as a usage error', async () => {
    await expect(inspect([join(dir, 'nope.xml')])).rejects.toBeInstanceOf(CliUsageError);
    await expect(inspect([])).rejects.toBeInstanceOf(CliUsageError);
  });
});
