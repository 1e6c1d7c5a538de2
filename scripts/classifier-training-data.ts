/**
 * The classifier's training data as scripts/train-classifier.ts, scripts/cross-validate-classifier.ts,
 * scripts/transfer-classifier.ts and the tests read it: the project's labelled set and the seven independent sets
 * (independent-lines.tsv, -2.tsv … -7.tsv, each written by a different author who had not read the classifier), with
 * one SHA-256 over the files for the model's version. `independent` is all sets together; `sets` keeps them apart
 * for the leave-one-set-out figure.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseIndependentSet, type IndependentLine } from '../transformers/classify/independent-set.js';
import { parseLabelledSet, type LabelledLine } from '../transformers/classify/labelled-set.js';

export interface IndependentSet { name: string; lines: IndependentLine[] }

export interface TrainingData {
  labelled: LabelledLine[];
  independent: IndependentLine[];
  sets: IndependentSet[];
  sha256: string;
}

export const INDEPENDENT_SET_FILES = ['independent-lines.tsv', 'independent-lines-2.tsv', 'independent-lines-3.tsv', 'independent-lines-4.tsv', 'independent-lines-5.tsv', 'independent-lines-6.tsv', 'independent-lines-7.tsv'] as const;

const dataFile = (name: string): Buffer => readFileSync(new URL(`../transformers/classify/data/${name}`, import.meta.url));

export function trainingData(): TrainingData {
  const labelledBytes = dataFile('labelled-lines.tsv');
  const setBytes = INDEPENDENT_SET_FILES.map((name) => ({ name, bytes: dataFile(name) }));
  const sets = setBytes.map(({ name, bytes }) => ({ name, lines: parseIndependentSet(bytes.toString('utf8')) }));
  const hash = createHash('sha256').update(labelledBytes);
  for (const { bytes } of setBytes) hash.update(bytes);
  return {
    labelled: parseLabelledSet(labelledBytes.toString('utf8')),
    independent: sets.flatMap((s) => s.lines),
    sets,
    sha256: hash.digest('hex'),
  };
}
