/**
 * Offline training of the text model (pure: examples in, model file content out). Hyper-parameters
 * (smoothing alpha, temperature) are chosen on a calibration fold carved out of the training part only;
 * the held-out part is touched once, for the reported accuracy.
 */
import type { CategoryKey } from '../../domain/categories.js';
import { categoryKeys } from '../../domain/categories.js';
import { classifyLine } from './classify.js';
import { bucketOf, isHeldOut, type LabelledLine } from './labelled-set.js';
import { trainLogistic } from './logistic.js';
import { compileTextModel, featuresOf, posterior, predictText, scores, type TextModel, type TextModelFile } from './text-model.js';

const ALPHAS = [0.05, 0.1, 0.2, 0.5, 1];
const TEMPERATURES = [1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48];

function fit(lines: readonly LabelledLine[], alpha: number, temperature: number, version: string): TextModelFile {
  const classes: CategoryKey[] = [...categoryKeys];
  const index = new Map(classes.map((c, i) => [c, i]));
  const classDocs = classes.map(() => 0);
  const classTotals = classes.map(() => 0);
  const counts = new Map<string, Map<number, number>>();
  for (const line of lines) {
    const c = index.get(line.category) ?? 0;
    classDocs[c] = (classDocs[c] ?? 0) + 1;
    for (const [f, n] of featuresOf(line)) {
      classTotals[c] = (classTotals[c] ?? 0) + n;
      const perClass = counts.get(f) ?? new Map<number, number>();
      perClass.set(c, (perClass.get(c) ?? 0) + n);
      counts.set(f, perClass);
    }
  }
  const features: Record<string, number[]> = {};
  for (const f of [...counts.keys()].sort()) {
    features[f] = [...(counts.get(f) ?? new Map<number, number>()).entries()].sort((a, b) => a[0] - b[0]).flat();
  }
  return {
    version, classes, alpha, temperature, classDocs, classTotals, vocabularySize: counts.size, features,
    training: { examples: lines.length, datasetSha256: '', heldOut: { examples: 0, modelAccuracy: 0, cascadeAccuracy: 0 } },
  };
}

function logLoss(model: TextModel, raw: readonly Float64Array[], lines: readonly LabelledLine[], temperature: number): number {
  let loss = 0;
  lines.forEach((line, i) => {
    const p = posterior(raw[i] ?? new Float64Array(model.classes.length), temperature);
    loss -= Math.log(Math.max(p[model.classes.indexOf(line.category)] ?? 0, 1e-12));
  });
  return loss / Math.max(lines.length, 1);
}

export const accuracy = (lines: readonly LabelledLine[], predict: (l: LabelledLine) => CategoryKey): number =>
  lines.filter((l) => predict(l) === l.category).length / Math.max(lines.length, 1);

export interface TrainingReport { file: TextModelFile; alpha: number; temperature: number; calibrationAccuracy: number }

/**
 * `all`: the project's labelled set (its held-out part is only measured); `extra`: more training lines (the
 * tuning part of the independent set; its held-out part never comes here). `logistic`: also train the second reading
 * (logistic.ts) on the same lines — for the model that classifies, not for the fold models that only fit the calibration.
 */
export function trainTextModel(all: readonly LabelledLine[], datasetSha256: string, extra: readonly LabelledLine[] = [], logistic = false): TrainingReport {
  const train = [...all.filter((l) => !isHeldOut(l)), ...extra];
  const heldOut = all.filter(isHeldOut);
  const calibration = train.filter((l) => bucketOf(l) === 2);
  const fitPart = train.filter((l) => bucketOf(l) !== 2);

  let best = { alpha: 1, temperature: 1, accuracy: -1, loss: Infinity };
  // The counts do not depend on alpha (only their smoothing does): counted once, compiled per alpha.
  const counted = fit(fitPart, 1, 1, 'calibration');
  for (const alpha of ALPHAS) {
    const model = compileTextModel({ ...counted, alpha });
    const raw = calibration.map((l) => scores(model, l));
    const acc = accuracy(calibration, (l) => predictText(model, l).category);
    for (const temperature of TEMPERATURES) {
      const loss = logLoss(model, raw, calibration, temperature);
      if (acc > best.accuracy || (acc === best.accuracy && loss < best.loss)) best = { alpha, temperature, accuracy: acc, loss };
    }
  }
  const version = `nb-char3-5-${datasetSha256.slice(0, 12)}-a${best.alpha}-t${best.temperature}`;
  const file = fit(train, best.alpha, best.temperature, version);
  if (logistic) file.logistic = trainLogistic(train.map((l) => ({ counts: featuresOf(l), category: l.category })), file.classes);
  const model = compileTextModel(file);
  file.training = {
    examples: train.length,
    datasetSha256,
    heldOut: {
      examples: heldOut.length,
      modelAccuracy: round4(accuracy(heldOut, (l) => predictText(model, l).category)),
      cascadeAccuracy: round4(accuracy(heldOut, (l) => classifyLine(l, { rules: [], model }).category)),
    },
  };
  return { file, alpha: best.alpha, temperature: best.temperature, calibrationAccuracy: best.accuracy };
}

const round4 = (x: number): number => Math.round(x * 10000) / 10000;

/** The model file's text: one feature per line keeps the file diffable. */
export function modelFileJson(file: TextModelFile): string {
  const { features, logistic, ...head } = file;
  const rows = (sparse: Record<string, number[]>, indent: string): string => Object.entries(sparse).map(([f, v]) => `${indent}${JSON.stringify(f)}: ${JSON.stringify(v)}`).join(',\n');
  const second = logistic
    ? `  "logistic": {\n    "classes": ${JSON.stringify(logistic.classes)},\n    "bias": ${JSON.stringify(logistic.bias)},\n    "weights": {\n${rows(logistic.weights, '      ')}\n    }\n  },\n`
    : '';
  return `${JSON.stringify(head, null, 2).slice(0, -2)},\n${second}  "features": {\n${rows(features, '    ')}\n  }\n}\n`;
}
