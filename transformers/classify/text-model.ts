/**
 * Multinomial naive Bayes over character 3–5-grams of the folded line text, word tokens, the unit code
 * and the supplier name's words (carbon.md §7 step 7). Trained offline by train.ts; the model is a JSON
 * data file. Probabilities are tempered (score / temperature) with a temperature fitted on a calibration
 * fold of the training data, since raw naive Bayes posteriors are badly over-confident.
 */
import { z } from 'zod';
import { CategoryKey } from '../../domain/categories.js';
import { Calibration } from './calibration.js';
import { compileLogistic, LogisticFile, logisticProbabilities, type LogisticModel } from './logistic.js';
import { addSparse, mapSparseValues } from './sparse.js';
import { normalizeText, type NormalizedText } from './text.js';
import { expandAbbreviations } from './typos.js';

export interface TextModelInput { description: string; unitCode?: string; supplierName?: string }

/** A line's texts through normalizeText (abbreviations spelled out); the classifier folds them once and shares them with every step. */
export interface FoldedText { description: NormalizedText; supplier: NormalizedText | undefined }

export function foldText(input: TextModelInput): FoldedText {
  const description = normalizeText(input.description);
  const ascii = expandAbbreviations(description.ascii);
  return { description: ascii === description.ascii ? description : { ...description, ascii }, supplier: input.supplierName ? normalizeText(input.supplierName) : undefined };
}

/**
 * Each supplier-name word counts this many times. A short line text yields dozens of character n-grams
 * that outvoted the few supplier words, yet the supplier is what tells gas kWh from electricity kWh or a
 * courier's "Adresten Alım" from a service (chosen on the calibration fold: 1 → 0.853, 2 → 0.880, 3 → 0.907).
 */
const SUPPLIER_WORD_WEIGHT = 3;
const SUPPLIER_STOPWORDS = new Set(['a', 's', 'as', 'ltd', 'sti', 'san', 've', 'tic', 'a.s', 'anonim', 'sirketi', 'limited']);

/**
 * Calls `visit` once per feature occurrence of a line. Character n-grams are unprefixed (the folded text
 * holds only letters, digits and spaces, so they cannot collide with the "w:", "u:", "s:" features).
 */
export function forEachFeature(input: TextModelInput, visit: (feature: string) => void, folded: FoldedText = foldText(input)): void {
  const text = folded.description.ascii;
  const padded = ` ${text} `;
  for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= padded.length; i++) visit(padded.slice(i, i + n));
  for (const w of text.split(' ')) if (w) visit(`w:${w}`);
  if (input.unitCode?.trim()) visit(`u:${input.unitCode.trim().toUpperCase()}`);
  if (folded.supplier) {
    for (const w of folded.supplier.ascii.split(' ')) {
      if (w.length > 1 && !SUPPLIER_STOPWORDS.has(w)) for (let k = 0; k < SUPPLIER_WORD_WEIGHT; k++) visit(`s:${w}`);
    }
  }
}

/** Feature counts of one line (training). */
export function featuresOf(input: TextModelInput): Map<string, number> {
  const out = new Map<string, number>();
  forEachFeature(input, (f) => out.set(f, (out.get(f) ?? 0) + 1));
  return out;
}

export const TextModelFile = z.object({
  version: z.string(),
  classes: z.array(CategoryKey).min(2),
  alpha: z.number().positive(),
  temperature: z.number().positive(),
  classDocs: z.array(z.number().int().nonnegative()),
  classTotals: z.array(z.number().int().nonnegative()),
  vocabularySize: z.number().int().positive(),
  /** feature → [classIndex, count, classIndex, count, …] (sparse). */
  features: z.record(z.string(), z.array(z.number().int().nonnegative())),
  training: z.object({ examples: z.number().int(), datasetSha256: z.string(), heldOut: z.object({ examples: z.number().int(), modelAccuracy: z.number(), cascadeAccuracy: z.number() }) }),
  /** Maps each kind of decision to the probability it is right (calibration.ts); absent: the fixed confidences. */
  calibration: Calibration.optional(),
  /** The second reading (logistic.ts); absent: acceptance rests on the naive Bayes reading alone. */
  logistic: LogisticFile.optional(),
});
export type TextModelFile = z.infer<typeof TextModelFile>;

export interface TextModel {
  version: string;
  classes: readonly CategoryKey[];
  temperature: number;
  prior: Float64Array;
  /** log(alpha / (total_c + alpha V)): the log-likelihood of a feature never seen with class c. */
  unseen: Float64Array;
  /** feature → sparse boosts over `unseen` (sparse.ts): class, log((n + alpha)/alpha), class, … */
  boosts: ReadonlyMap<string, readonly number[]>;
  calibration?: Calibration;
  logistic?: LogisticModel;
}

export function compileTextModel(file: TextModelFile): TextModel {
  const k = file.classes.length;
  const docs = file.classDocs.reduce((a, b) => a + b, 0);
  const prior = new Float64Array(k);
  const unseen = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    prior[c] = Math.log(((file.classDocs[c] ?? 0) + 1) / (docs + k));
    unseen[c] = Math.log(file.alpha / ((file.classTotals[c] ?? 0) + file.alpha * file.vocabularySize));
  }
  const boosts = new Map<string, number[]>();
  for (const [feature, sparse] of Object.entries(file.features)) {
    boosts.set(feature, mapSparseValues(sparse, (n) => Math.log((n + file.alpha) / file.alpha)));
  }
  return { version: file.version, classes: file.classes, temperature: file.temperature, prior, unseen, boosts, ...(file.calibration ? { calibration: file.calibration } : {}), ...(file.logistic ? { logistic: compileLogistic(file.logistic) } : {}) };
}

export interface TextPrediction {
  category: CategoryKey;
  probability: number;
  runnerUp: CategoryKey | null;
  runnerUpProbability: number;
  /** The tempered posterior of every class, in model.classes order. */
  probabilities: Float64Array;
  /** The logistic regression's probability of every class, in model.classes order, when the model has one. */
  secondReading?: Float64Array;
}

/** The model's probability of one category (0 for a category the model does not know). */
export function probabilityOf(model: TextModel, prediction: TextPrediction, category: CategoryKey): number {
  const i = model.classes.indexOf(category);
  return i < 0 ? 0 : (prediction.probabilities[i] ?? 0);
}

/** Log scores per class (before tempering). Features outside the vocabulary are ignored. */
export function scores(model: TextModel, input: TextModelInput, folded: FoldedText = foldText(input), counts?: Map<string, number>): Float64Array {
  const s = Float64Array.from(model.prior);
  // Every known feature contributes unseen[c] to every class, plus its boost where it was seen.
  let known = 0;
  forEachFeature(input, (feature) => {
    counts?.set(feature, (counts.get(feature) ?? 0) + 1);
    const boost = model.boosts.get(feature);
    if (!boost) return;
    known += 1;
    addSparse(s, boost);
  }, folded);
  for (let c = 0; c < s.length; c++) s[c] = (s[c] ?? 0) + known * (model.unseen[c] ?? 0);
  return s;
}

export function posterior(raw: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const v of raw) max = Math.max(max, v);
  const p = raw.map((v) => Math.exp((v - max) / temperature));
  const sum = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / sum);
}

export function predictText(model: TextModel, input: TextModelInput, folded: FoldedText = foldText(input)): TextPrediction {
  // The second reading needs the line's feature counts: gathered in the same pass.
  const counts = model.logistic ? new Map<string, number>() : undefined;
  const p = posterior(scores(model, input, folded, counts), model.temperature);
  let best = 0;
  let second = -1;
  for (let c = 1; c < p.length; c++) {
    if ((p[c] ?? 0) > (p[best] ?? 0)) { second = best; best = c; }
    else if (second < 0 || (p[c] ?? 0) > (p[second] ?? 0)) second = c;
  }
  const category = model.classes[best];
  if (!category) throw new Error('text model has no classes');
  const prediction = { category, probability: p[best] ?? 0, runnerUp: model.classes[second] ?? null, runnerUpProbability: p[second] ?? 0, probabilities: p };
  return model.logistic && counts ? { ...prediction, secondReading: logisticProbabilities(model.logistic, counts) } : prediction;
}
