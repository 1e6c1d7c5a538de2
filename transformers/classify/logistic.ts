/**
 * A second, discriminative reading beside the naive Bayes text model: multinomial logistic regression over the same
 * features (log(1 + count) of each), trained by AdaGrad with a fixed, order-independent visiting sequence, so a retrain
 * is byte-identical. Naive Bayes counts each n-gram as independent evidence and so agrees with itself on lines that
 * merely look like another category's; the regression weighs features against each other. Acceptance needs it not to
 * rule the decided category out (classify.ts, LOGISTIC_MIN_AGREEMENT).
 */
import { z } from 'zod';
import { CategoryKey } from '../../domain/categories.js';
import { addSparse, mapSparseValues } from './sparse.js';

export const LogisticFile = z.object({
  classes: z.array(CategoryKey).min(2),
  /** Bias per class, in thousandths. */
  bias: z.array(z.number().int()),
  /** feature → [classIndex, weight in thousandths, …] (sparse: weights under WEIGHT_FLOOR dropped). */
  weights: z.record(z.string(), z.array(z.number().int())),
});
export type LogisticFile = z.infer<typeof LogisticFile>;

/** Weights per feature (sparse.ts): class, weight, class, … */
export interface LogisticModel { bias: Float64Array; weights: ReadonlyMap<string, readonly number[]> }

const EPOCHS = 12;
const LEARNING_RATE = 0.5;
const L2 = 1e-5;
/**
 * Weights smaller than this (in absolute value) are not stored: the model file grows 1.3 → 2.0 MB with the second
 * reading (4.6 MB at 0.05) and the loaded model's heap 42 → 54 MiB (before the flat arrays of compileLogistic); leave-one-set-out accepted 0.8483 with 0.9986 right (0.8615 / 0.9983 at 0.05),
 * before unit- and supplier-confirmed rules were exempt from it (classify.ts).
 */
const WEIGHT_FLOOR = 0.5;
const SCALE = 1000;

/** A line's feature counts (text-model.ts featuresOf) as the regression reads them. */
const featureValues = (counts: ReadonlyMap<string, number>): Array<[string, number]> => [...counts].map(([f, n]) => [f, Math.log1p(n)]);

function softmax(s: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of s) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < s.length; c++) sum += (s[c] = Math.exp((s[c] ?? 0) - max));
  for (let c = 0; c < s.length; c++) s[c] = (s[c] ?? 0) / sum;
  return s;
}

/**
 * Trains on labelled examples; the visiting order is a fixed stride through the list, so it does not depend on chance.
 * Only weights of at least `weightFloor` are stored: on the real lines those of decisive features.
 */
export function trainLogistic(lines: ReadonlyArray<{ counts: ReadonlyMap<string, number>; category: CategoryKey }>, classes: readonly CategoryKey[], weightFloor = WEIGHT_FLOOR): LogisticFile {
  const k = classes.length;
  const index = new Map(classes.map((c, i) => [c, i]));
  const data = lines.map((l) => ({ x: featureValues(l.counts), y: index.get(l.category) ?? 0 }));
  const weights = new Map<string, Float64Array>();
  const squared = new Map<string, Float64Array>();
  const bias = new Float64Array(k);
  const stride = 7919;
  const g = new Float64Array(k);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = 0; i < data.length; i++) {
      const { x, y } = data[(i * stride + epoch) % data.length]!;
      const s = Float64Array.from(bias);
      for (const [f, v] of x) {
        const w = weights.get(f);
        if (w) for (let c = 0; c < k; c++) s[c] = (s[c] ?? 0) + (w[c] ?? 0) * v;
      }
      const p = softmax(s);
      for (let c = 0; c < k; c++) {
        g[c] = (p[c] ?? 0) - (c === y ? 1 : 0);
        bias[c] = (bias[c] ?? 0) - LEARNING_RATE * 0.1 * (g[c] ?? 0);
      }
      for (const [f, v] of x) {
        let w = weights.get(f);
        let q = squared.get(f);
        if (!w || !q) {
          weights.set(f, (w = new Float64Array(k)));
          squared.set(f, (q = new Float64Array(k)));
        }
        for (let c = 0; c < k; c++) {
          const grad = (g[c] ?? 0) * v + L2 * (w[c] ?? 0);
          q[c] = (q[c] ?? 0) + grad * grad;
          w[c] = (w[c] ?? 0) - (LEARNING_RATE * grad) / Math.sqrt((q[c] ?? 0) + 1e-8);
        }
      }
    }
  }
  const stored: Record<string, number[]> = {};
  for (const f of [...weights.keys()].sort()) {
    const sparse: number[] = [];
    (weights.get(f) ?? []).forEach((w, c) => { if (Math.abs(w) >= weightFloor) sparse.push(c, Math.round(w * SCALE)); });
    if (sparse.length) stored[f] = sparse;
  }
  return { classes: [...classes], bias: [...bias].map((b) => Math.round(b * SCALE)), weights: stored };
}

export function compileLogistic(file: LogisticFile): LogisticModel {
  const weights = new Map<string, number[]>();
  for (const [f, sparse] of Object.entries(file.weights)) weights.set(f, mapSparseValues(sparse, (w) => w / SCALE));
  return { bias: Float64Array.from(file.bias, (b) => b / SCALE), weights };
}

/** The regression's probability of every class (in the classes order of its file). */
export function logisticProbabilities(model: LogisticModel, counts: ReadonlyMap<string, number>): Float64Array {
  const s = Float64Array.from(model.bias);
  for (const [f, v] of featureValues(counts)) {
    addSparse(s, model.weights.get(f) ?? [], v);
  }
  return softmax(s);
}
