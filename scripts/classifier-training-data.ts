/**
 * The classifier's training data as scripts/train-classifier.ts, scripts/cross-validate-classifier.ts and the tests
 * read it: the project's labelled set and the independent set, with one SHA-256 over both files for the model's version.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseIndependentSet, type IndependentLine } from '../transformers/classify/independent-set.js';
import { parseLabelledSet, type LabelledLine } from '../transformers/classify/labelled-set.js';

export interface TrainingData { labelled: LabelledLine[]; independent: IndependentLine[]; sha256: string }

export function trainingData(): TrainingData {
  const labelledBytes = readFileSync(new URL('../transformers/classify/data/labelled-lines.tsv', import.meta.url));
  const independentBytes = readFileSync(new URL('../transformers/classify/data/independent-lines.tsv', import.meta.url));
  return {
    labelled: parseLabelledSet(labelledBytes.toString('utf8')),
    independent: parseIndependentSet(independentBytes.toString('utf8')),
    sha256: createHash('sha256').update(labelledBytes).update(independentBytes).digest('hex'),
  };
}
