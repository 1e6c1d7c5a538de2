/**
 * The transfer figure of the classifier (run: npx tsx scripts/transfer-classifier.ts [--errors]): trained — text model
 * and calibration — on the project's labelled set and the first independent set only, evaluated on the second
 * (data/independent-lines-2.tsv), which the rules were not tuned on before round 2. Printed for the project's Wilson z
 * and its neighbours; --errors lists the misclassified lines.
 */
import { fitCalibration } from '../transformers/classify/calibration.js';
import { classifyLine } from '../transformers/classify/classify.js';
import { figuresOf, formatFigures, type ClassifiedLine } from '../transformers/classify/cross-validation.js';
import { compileTextModel } from '../transformers/classify/text-model.js';
import { trainClassifier, WILSON_Z } from '../transformers/classify/train-classifier.js';
import { trainingData } from './classifier-training-data.js';

const { labelled, firstSet, secondSet, sha256 } = trainingData();
const training = trainClassifier(labelled, firstSet, sha256);
const classifiedAt = (z: number): ClassifiedLine[] => {
  const model = compileTextModel({ ...training.file, calibration: fitCalibration(training.outOfFold, z) });
  return secondSet.map((line) => ({ line, classification: classifyLine(line, { rules: [], model }) }));
};
for (const z of [1, 1.5, 2, 2.5, 3]) {
  process.stdout.write(`transfer (train set 1, evaluate set 2), Wilson z ${z}${z === WILSON_Z ? ' (used)' : ''}: ${formatFigures(figuresOf(classifiedAt(z)))}\n`);
}
if (process.argv.includes('--errors')) {
  for (const { line, classification: c } of classifiedAt(WILSON_Z)) {
    if (c.category === line.category) continue;
    const mark = c.status === 'ready_for_ef_matching' ? 'ACCEPTED' : 'review';
    process.stdout.write(`${mark}\t${line.id}\t${line.category} → ${c.category}\t${c.confidence}\t${c.ruleId ?? c.source}\t${line.unitCode ?? ''}\t${line.description}\t${line.supplierName ?? ''}\n`);
  }
}
