/**
 * The classifier's training data as scripts/train-classifier.ts, scripts/cross-validate-classifier.ts and the tests
 * read it: the project's labelled set and the two independent sets (independent-lines.tsv, independent-lines-2.tsv),
 * with one SHA-256 over the three files for the model's version. `independent` is both sets; `firstSet` and
 * `secondSet` keep them apart for the transfer figure (train on the first, evaluate on the second).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseIndependentSet, type IndependentLine } from '../transformers/classify/independent-set.js';
import { parseLabelledSet, type LabelledLine } from '../transformers/classify/labelled-set.js';

export interface TrainingData {
  labelled: LabelledLine[];
  independent: IndependentLine[];
  firstSet: IndependentLine[];
  secondSet: IndependentLine[];
  sha256: string;
}

const dataFile = (name: string): Buffer => readFileSync(new URL(`../transformers/classify/data/${name}`, import.meta.url));

export function trainingData(): TrainingData {
  const labelledBytes = dataFile('labelled-lines.tsv');
  const firstBytes = dataFile('independent-lines.tsv');
  const secondBytes = dataFile('independent-lines-2.tsv');
  const firstSet = parseIndependentSet(firstBytes.toString('utf8'));
  const secondSet = parseIndependentSet(secondBytes.toString('utf8'));
  return {
    labelled: parseLabelledSet(labelledBytes.toString('utf8')),
    independent: [...firstSet, ...secondSet],
    firstSet,
    secondSet,
    sha256: createHash('sha256').update(labelledBytes).update(firstBytes).update(secondBytes).digest('hex'),
  };
}
