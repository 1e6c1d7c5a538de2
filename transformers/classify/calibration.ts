/**
 * Calibrated acceptance: for each kind of decision (keyword rule confirmed by its unit, keyword phrase, weak keyword
 * rule, text model alone, …) an isotonic map from the decision's raw score (the text model's probability of the
 * decided category) to the probability that the decision is right, fitted by pool-adjacent-violators on out-of-fold
 * decisions. Each pooled block reports the lower bound of a Wilson interval on its share right, not the share itself,
 * so a kind seen on few lines cannot look sure: the confidence shown is a cautious probability.
 */
import { z } from 'zod';

export const DECISION_KINDS = [
  'keyword_unit', 'keyword_phrase', 'keyword_supplier', 'keyword_weak', 'model_overrules_rule', 'model', 'model_modifier',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** A step function: score ≥ from[i] (and < from[i + 1]) maps to probability[i]; below from[0], to probability[0]. */
export const CalibrationCurve = z.object({ from: z.array(z.number()), probability: z.array(z.number().min(0).max(1)) });
export type CalibrationCurve = z.infer<typeof CalibrationCurve>;
export const Calibration = z.object({
  /** z of the one-sided Wilson lower bound used for each block. */
  wilsonZ: z.number().nonnegative(),
  curves: z.partialRecord(z.enum(DECISION_KINDS), CalibrationCurve),
});
export type Calibration = z.infer<typeof Calibration>;

export interface ScoredDecision { kind: DecisionKind; score: number; right: boolean }

export function wilsonLowerBound(right: number, n: number, zScore: number): number {
  if (n === 0) return 0;
  const p = right / n;
  const z2 = zScore * zScore;
  return (p + z2 / (2 * n) - zScore * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

interface Block { from: number; right: number; n: number }

/** Pool-adjacent-violators over (score, right) sorted by score: blocks whose share right never decreases. */
export function poolAdjacentViolators(points: ReadonlyArray<{ score: number; right: boolean }>): Block[] {
  const sorted = [...points].sort((a, b) => a.score - b.score);
  const blocks: Block[] = [];
  for (const p of sorted) {
    const last = blocks.at(-1);
    // Equal scores are one observation of the same input: they share a block.
    if (last && last.from === p.score) { last.right += p.right ? 1 : 0; last.n += 1; }
    else blocks.push({ from: p.score, right: p.right ? 1 : 0, n: 1 });
    while (blocks.length >= 2) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.right / a.n < b.right / b.n) break;
      blocks.splice(-2, 2, { from: a.from, right: a.right + b.right, n: a.n + b.n });
    }
  }
  return blocks;
}

export function fitCalibration(decisions: readonly ScoredDecision[], wilsonZ: number): Calibration {
  const curves: Calibration['curves'] = {};
  for (const kind of DECISION_KINDS) {
    const blocks = poolAdjacentViolators(decisions.filter((d) => d.kind === kind));
    if (blocks.length === 0) continue;
    // The Wilson bound of a small block may fall below its left neighbour's: keep the curve monotone.
    let floor = 0;
    const probability = blocks.map((b) => (floor = Math.max(floor, round4(wilsonLowerBound(b.right, b.n, wilsonZ)))));
    curves[kind] = { from: blocks.map((b) => round4(b.from)), probability };
  }
  return { wilsonZ, curves };
}

/** The calibrated probability of a decision, or null when the calibration has no curve for its kind. */
export function calibrate(calibration: Calibration | undefined, kind: DecisionKind, score: number): number | null {
  const curve = calibration?.curves[kind];
  if (!curve || curve.from.length === 0) return null;
  let i = 0;
  while (i + 1 < curve.from.length && (curve.from[i + 1] ?? Infinity) <= score) i++;
  return curve.probability[i] ?? null;
}

const round4 = (x: number): number => Math.round(x * 10000) / 10000;
