/**
 * The suite's figures: each reliability test file adds what it counted to a folder under the OS temp
 * dir (made by the global setup, provided as `reliabilityFiguresDir`), and the global teardown prints the one
 * summary line of issue 16 from them. A file per test and figure, so parallel files never race on one.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { z } from 'zod';

/** Makes the figures folder (global setup); the teardown it returns prints the summary line once. */
export async function startFigures(): Promise<{ dir: string; finish(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'reliability-figures-'));
  return {
    dir,
    async finish() {
      const names = await readdir(dir);
      try {
        if (names.length === 0) return; // no reliability file ran (a subset of the suite)
        const figures = await readFigures(dir);
        process.stdout.write(`${summaryLine(figures)}\n`);
        const failures = summaryFailures(figures);
        if (failures.length > 0) {
          // Vitest only logs an error thrown by a global teardown ("error during close") and still exits 0.
          process.exitCode = 1;
          throw new Error(`reliability summary: ${failures.join(', ')}`);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

export const Figures = z.object({
  crashes: z.object({ survived: z.number(), of: z.number() }),
  faultCases: z.object({ survived: z.number(), of: z.number() }),
  hostile: z.object({ handled: z.number(), of: z.number() }),
  linesLost: z.number(),
  linesDuplicated: z.number(),
  secretsLeaked: z.number(),
  access: z.object({ passed: z.number(), of: z.number() }),
});
export type Figures = z.infer<typeof Figures>;

const FigureDelta = z.object({ figure: z.enum(['crashes', 'faultCases', 'hostile', 'access', 'linesLost', 'linesDuplicated', 'secretsLeaked']), ok: z.number(), of: z.number() });
type FigureDelta = z.infer<typeof FigureDelta>;

/** How many more RELIABILITY_SCALE asks for (1 in CI). */
export function reliabilityScale(): number {
  const scale = Number(process.env.RELIABILITY_SCALE ?? '1');
  if (!Number.isFinite(scale) || scale < 1) throw new Error(`RELIABILITY_SCALE must be a number ≥ 1, got "${process.env.RELIABILITY_SCALE}"`);
  return scale;
}

/** Records `ok` of `of` for one figure (for the counts lost/duplicated/leaked, `ok` is the count itself). */
export async function recordFigure(figure: FigureDelta['figure'], ok: number, of: number): Promise<void> {
  const dir = inject('reliabilityFiguresDir');
  await writeFile(path.join(dir, `${figure}-${randomUUID()}.json`), JSON.stringify({ figure, ok, of } satisfies FigureDelta));
}

export async function readFigures(dir: string): Promise<Figures> {
  const figures: Figures = { crashes: { survived: 0, of: 0 }, faultCases: { survived: 0, of: 0 }, hostile: { handled: 0, of: 0 }, linesLost: 0, linesDuplicated: 0, secretsLeaked: 0, access: { passed: 0, of: 0 } };
  for (const name of await readdir(dir)) {
    const delta = FigureDelta.parse(JSON.parse(await readFile(path.join(dir, name), 'utf8')));
    switch (delta.figure) {
      case 'crashes': figures.crashes = { survived: figures.crashes.survived + delta.ok, of: figures.crashes.of + delta.of }; break;
      case 'faultCases': figures.faultCases = { survived: figures.faultCases.survived + delta.ok, of: figures.faultCases.of + delta.of }; break;
      case 'hostile': figures.hostile = { handled: figures.hostile.handled + delta.ok, of: figures.hostile.of + delta.of }; break;
      case 'access': figures.access = { passed: figures.access.passed + delta.ok, of: figures.access.of + delta.of }; break;
      default: figures[delta.figure] += delta.ok;
    }
  }
  return figures;
}

export function summaryLine(f: Figures): string {
  return `reliability: crashes survived ${f.crashes.survived}/${f.crashes.of}, fault cases survived ${f.faultCases.survived}/${f.faultCases.of}, ` +
    `hostile documents ${f.hostile.handled}/${f.hostile.of} quarantined or loaded, lines lost ${f.linesLost}, lines duplicated ${f.linesDuplicated}, ` +
    `secrets leaked ${f.secretsLeaked}, access checks ${f.access.passed}/${f.access.of}`;
}

/** What the summary must hold for the suite to pass. */
export function summaryFailures(f: Figures): string[] {
  const failures: string[] = [];
  if (f.linesLost !== 0) failures.push(`lines lost ${f.linesLost}`);
  if (f.linesDuplicated !== 0) failures.push(`lines duplicated ${f.linesDuplicated}`);
  if (f.secretsLeaked !== 0) failures.push(`secrets leaked ${f.secretsLeaked}`);
  const ratios: [string, number, number][] = [['crashes', f.crashes.survived, f.crashes.of], ['fault cases', f.faultCases.survived, f.faultCases.of], ['hostile documents', f.hostile.handled, f.hostile.of], ['access checks', f.access.passed, f.access.of]];
  for (const [name, ok, of] of ratios) if (ok !== of) failures.push(`${name} ${ok}/${of}`);
  return failures;
}
