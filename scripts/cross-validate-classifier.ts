/**
 * 5-fold cross-validation of the classifier on the three independent sets, data/independent-lines{,-2,-3}.tsv (run: npm run cv:classifier, or
 * npx tsx scripts/cross-validate-classifier.ts [--errors]): prints category and scope accuracy, the share accepted
 * without review and the share right among accepted, for the project's Wilson z and its neighbours; --errors lists
 * the misclassified lines.
 */
import { classifyOutOfFold, figuresOf, formatFigures, trainFolds } from '../transformers/classify/cross-validation.js';
import { WILSON_Z } from '../transformers/classify/train-classifier.js';
import { trainingData } from './classifier-training-data.js';

const { labelled, independent, sha256 } = trainingData();
const folds = trainFolds(labelled, independent, sha256);
for (const z of [0, 0.5, 1, 1.5, 2]) {
  process.stdout.write(`5-fold cross-validation, Wilson z ${z}${z === WILSON_Z ? ' (used)' : ''}: ${formatFigures(figuresOf(classifyOutOfFold(folds, z)))}\n`);
}
if (process.argv.includes('--errors')) {
  for (const { line, classification: c } of classifyOutOfFold(folds, WILSON_Z)) {
    if (c.category === line.category) continue;
    const mark = c.status === 'ready_for_ef_matching' ? 'ACCEPTED' : 'review';
    process.stdout.write(`${mark}\t${line.id}\t${line.category} → ${c.category}\t${c.confidence}\t${c.ruleId ?? c.source}\t${line.unitCode ?? ''}\t${line.description}\t${line.supplierName ?? ''}\n`);
  }
}
