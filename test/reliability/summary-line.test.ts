/**
 * The suite's summary line (issue 16 §7): exactly the issue's form, figures summed over the files that
 * recorded them, and the suite failing on a lost or duplicated line, a leaked secret or a check that did
 * not pass, however the other figures look — down to the exit code of a vitest run (summary-probe/).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { readFigures, summaryFailures, summaryLine, type Figures } from './figures.js';

const root = path.resolve(import.meta.dirname, '../..');

const issueExample: Figures = {
  crashes: { survived: 50, of: 50 }, faultCases: { survived: 45, of: 45 }, hostile: { handled: 160, of: 160 },
  linesLost: 0, linesDuplicated: 0, secretsLeaked: 0, access: { passed: 96, of: 96 },
};

describe('the reliability summary line', () => {
  it('reads exactly as the issue writes it, and passes when every figure is clean', () => {
    expect(summaryLine(issueExample)).toBe('reliability: crashes survived 50/50, fault cases survived 45/45, hostile documents 160/160 quarantined or loaded, lines lost 0, lines duplicated 0, secrets leaked 0, access checks 96/96');
    expect(summaryFailures(issueExample)).toEqual([]);
  });

  it.each([
    ['a lost line', { linesLost: 1 }, 'lines lost 1'],
    ['a duplicated line', { linesDuplicated: 2 }, 'lines duplicated 2'],
    ['a leaked secret', { secretsLeaked: 1 }, 'secrets leaked 1'],
    ['a crash not survived', { crashes: { survived: 49, of: 50 } }, 'crashes 49/50'],
    ['a fault case not survived', { faultCases: { survived: 44, of: 45 } }, 'fault cases 44/45'],
    ['a hostile document neither quarantined nor loaded', { hostile: { handled: 159, of: 160 } }, 'hostile documents 159/160'],
    ['an access check failed', { access: { passed: 95, of: 96 } }, 'access checks 95/96'],
  ] as const)('fails on %s', (_name, change, failure) => {
    expect(summaryFailures({ ...issueExample, ...change })).toEqual([failure]);
  });

  it('sums what each file recorded', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'reliability-summary-test-'));
    try {
      const deltas = [['crashes', 20, 20], ['crashes', 1, 1], ['faultCases', 3, 4], ['linesLost', 2, 0], ['linesLost', 1, 0], ['secretsLeaked', 0, 0], ['access', 7, 7]] as const;
      await Promise.all(deltas.map(([figure, ok, of], n) => writeFile(path.join(dir, `${figure}-${n}.json`), JSON.stringify({ figure, ok, of }))));
      expect(await readFigures(dir)).toEqual({
        crashes: { survived: 21, of: 21 }, faultCases: { survived: 3, of: 4 }, hostile: { handled: 0, of: 0 },
        linesLost: 3, linesDuplicated: 0, secretsLeaked: 0, access: { passed: 7, of: 7 },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['clean figures', 0, [['crashes', 2, 2], ['linesLost', 0, 0]], 'crashes survived 2/2, fault cases survived 0/0, hostile documents 0/0 quarantined or loaded, lines lost 0,'],
    ['a lost line', 1, [['crashes', 2, 2], ['linesLost', 1, 0]], 'crashes survived 2/2, fault cases survived 0/0, hostile documents 0/0 quarantined or loaded, lines lost 1,'],
    ['a leaked secret', 1, [['secretsLeaked', 1, 0]], 'secrets leaked 1,'],
  ] as const)('a vitest run whose files record %s prints the line and exits %i', async (_name, exitCode, figures, printed) => {
    // The probe's run must not think it is a worker of this one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/reliability/summary-probe/vitest.config.ts'], {
        cwd: root, env: { ...env, DATABASE_URL: inject('testServerUrl'), PROBE_FIGURES: JSON.stringify(figures) },
      }, (error, stdout) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout }));
    });
    expect(result.stdout).toContain(printed);
    expect(result.code).toBe(exitCode);
  }, 120_000);
});
