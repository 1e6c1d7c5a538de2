/**
 * A disturbed run's inventory against an undisturbed reference: lines lost and duplicated (by ETTN and
 * line number) go into the suite's figures, then every table must match.
 */
import { expect } from 'vitest';
import { expectSameInventory, type InventoryState } from '../pipeline/inventory-state.js';
import { recordFigure } from './figures.js';

type Line = Readonly<Record<string, unknown>>;

export function lineDifferences(expected: readonly Line[], actual: readonly Line[]): { lost: number; duplicated: number } {
  const key = (l: Line) => `${String(l.ettn)}#${String(l.line_no)}`;
  const wanted = new Set(expected.map(key));
  const seen = new Map<string, number>();
  for (const l of actual) seen.set(key(l), (seen.get(key(l)) ?? 0) + 1);
  const lost = [...wanted].filter((k) => !seen.has(k)).length;
  const duplicated = [...seen].reduce((n, [k, count]) => n + (wanted.has(k) ? count - 1 : count), 0);
  return { lost, duplicated };
}

/** Records `crashes` survived (all of them when the inventory matches), lines lost and duplicated; asserts them. */
export async function expectSurvived(actual: InventoryState, expected: InventoryState, crashes: number): Promise<void> {
  const differences = lineDifferences(expected.lines, actual.lines);
  const inventory = (s: InventoryState) => JSON.stringify([s.invoices, s.lines, s.documents, s.checkpoint, s.counters]);
  await recordFigure('crashes', inventory(actual) === inventory(expected) ? crashes : 0, crashes);
  await recordFigure('linesLost', differences.lost, 0);
  await recordFigure('linesDuplicated', differences.duplicated, 0);
  expect(differences).toEqual({ lost: 0, duplicated: 0 });
  expectSameInventory(actual, expected);
}
