/**
 * The leave-one-set-out figure of the classifier (run: npx tsx scripts/transfer-classifier.ts [--errors]): for each
 * independent set k, text model and calibration trained on the project's labelled set and the other independent sets
 * only, then set k evaluated — the best proxy for a fresh set by a new author (the rules were tuned on all sets, so
 * still optimistic). Printed per set and pooled, for the project's Wilson z and its neighbours; --errors lists the
 * misclassified lines.
 */
import { classifyEachFold, figuresOf, formatFigures, trainLeavingOneSetOut } from '../transformers/classify/cross-validation.js';
import { WILSON_Z } from '../transformers/classify/train-classifier.js';
import { trainingData } from './classifier-training-data.js';

const { labelled, sets, sha256 } = trainingData();
const folds = trainLeavingOneSetOut(labelled, sets.map((s) => s.lines), sha256);
// Classified once per Wilson z: --errors and --rules read the project's z's results the loop already made.
const wilsonZs = [...new Set([1, 1.5, 2, WILSON_Z])];
const classifiedAt = new Map(wilsonZs.map((z) => [z, classifyEachFold(folds, z)]));
const used = classifiedAt.get(WILSON_Z) ?? [];
for (const z of wilsonZs) {
  const perSet = classifiedAt.get(z) ?? [];
  const mark = z === WILSON_Z ? ' (used)' : '';
  perSet.forEach((results, k) => process.stdout.write(`leave-one-set-out, Wilson z ${z}${mark}, ${sets[k]?.name}: ${formatFigures(figuresOf(results))}\n`));
  process.stdout.write(`leave-one-set-out, Wilson z ${z}${mark}, pooled: ${formatFigures(figuresOf(perSet.flat()))}\n`);
}
if (process.argv.includes('--errors')) {
  for (const { line, classification: c } of used.flat()) {
    if (c.category === line.category) continue;
    const mark = c.status === 'ready_for_ef_matching' ? 'ACCEPTED' : 'review';
    process.stdout.write(`${mark}\t${line.id}\t${line.category} → ${c.category}\t${c.confidence}\t${c.ruleId ?? c.source}\t${line.unitCode ?? ''}\t${line.description}\t${line.supplierName ?? ''}\n`);
  }
}
if (process.argv.includes('--rules')) {
  // Per rule (or decision source), on each set left out: accepted lines and how many of them are wrong — a rule that
  // is wrong when accepted on any author's lines is a candidate to hold for review.
  const perRule = new Map<string, Array<{ accepted: number; wrong: number }>>();
  used.forEach((results, k) => {
    for (const { line, classification: c } of results) {
      if (c.status !== 'ready_for_ef_matching') continue;
      const key = c.ruleId ?? c.source;
      const counts = perRule.get(key) ?? sets.map(() => ({ accepted: 0, wrong: 0 }));
      const cell = counts[k]!;
      cell.accepted++;
      if (c.category !== line.category) cell.wrong++;
      perRule.set(key, counts);
    }
  });
  for (const [key, counts] of [...perRule].sort(([a], [b]) => a.localeCompare(b))) {
    process.stdout.write(`rule\t${key}\t${counts.map(({ accepted, wrong }) => `${wrong}/${accepted}`).join('\t')}\n`);
  }
}
