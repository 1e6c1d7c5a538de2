/**
 * The text model's training data as scripts/train-classifier.ts and the tests read it: the project's labelled set and the tuning
 * part of the independent set (its held-out part is filtered out here, so it never reaches training), with one
 * SHA-256 over both files for the model's version.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIndependentHeldOut, parseIndependentSet, type IndependentLine } from '../transformers/classify/independent-set.js';
import { parseLabelledSet, type LabelledLine } from '../transformers/classify/labelled-set.js';

export interface TrainingData { labelled: LabelledLine[]; tuning: IndependentLine[]; heldOut: IndependentLine[]; sha256: string }

export function trainingData(): TrainingData {
  const labelledBytes = readFileSync(new URL('../transformers/classify/data/labelled-lines.tsv', import.meta.url));
  const independentBytes = readFileSync(new URL('../transformers/classify/data/independent-lines.tsv', import.meta.url));
  const independent = parseIndependentSet(independentBytes.toString('utf8'));
  return {
    labelled: parseLabelledSet(labelledBytes.toString('utf8')),
    tuning: independent.filter((l) => !isIndependentHeldOut(l)),
    heldOut: independent.filter(isIndependentHeldOut),
    sha256: createHash('sha256').update(labelledBytes).update(independentBytes).digest('hex'),
  };
}
