import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyLine, loadDefaultModel } from '../../transformers/classify/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function runClassify(stdin: string, extra: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/etl.ts', 'classify', '--json', ...extra], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('etl classify --json', () => {
  it('prints one JSON line per input and an error line (with its line number) for bad input, then exits 1', async () => {
    const input = [
      JSON.stringify({ description: 'Elektrik Tüketim Bedeli', unitCode: 'KWH', quantity: '1000', amount: '3500.00', currency: 'TRY' }),
      '{"description": "Motorin"',
      JSON.stringify({ description: 'Kargo Taşıma Bedeli', unitCode: 'C62', supplierName: 'Aras Kargo' }),
      JSON.stringify({ description: 'Su', quantity: '1,5' }),
    ].join('\n');
    const { code, stdout } = await runClassify(input);
    const out = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(4);
    // The confidence is the library's calibrated probability for the line (transformers/classify/calibration.ts).
    const library = classifyLine({ description: 'Elektrik Tüketim Bedeli', unitCode: 'KWH' }, { rules: [], model: loadDefaultModel() });
    expect(out[0]).toEqual({ category: 'electricity', subcategory: null, scope: 2, scope3Category: null, confidence: library.confidence, source: 'keyword_rule', status: 'accepted' });
    expect(library.confidence).toBeGreaterThanOrEqual(0.9);
    expect(out[1]).toMatchObject({ error: { line: 2 } });
    expect(out[2]).toMatchObject({ category: 'freight', scope: 3, scope3Category: 4 });
    expect(out[3]).toMatchObject({ error: { line: 4, message: expect.stringContaining('quantity') } });
    expect(code).toBe(1);
  });

  it('exits 0 when every line is valid', async () => {
    const { code, stdout } = await runClassify(`${JSON.stringify({ description: 'Enerji Fonu' })}\n`);
    expect(JSON.parse(stdout)).toMatchObject({ category: 'not_emission', scope: null });
    expect(code).toBe(0);
  });

  it('applies organization rules from --rules, and rejects a bad rules file with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'classify-rules-'));
    try {
      const good = join(dir, 'rules.json');
      writeFileSync(good, JSON.stringify([{ id: 'r1', supplierVkn: '0123456789', category: 'capital_goods' }]));
      const { code, stdout } = await runClassify(`${JSON.stringify({ description: 'Motorin', unitCode: 'LTR', supplierVkn: '0123456789' })}\n`, ['--rules', good]);
      expect(JSON.parse(stdout)).toEqual({ category: 'capital_goods', subcategory: null, scope: 3, scope3Category: 2, confidence: 0.9, source: 'organization_rule', status: 'accepted' });
      expect(code).toBe(0);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify([{ id: 'r2', category: 'water' }]));
      const refused = await runClassify('', ['--rules', bad]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('needs a supplier VKN');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
