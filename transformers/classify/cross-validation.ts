/**
 * k-fold cross-validation of the whole classifier on the independent labelled sets (and leave-one-set-out: each set a
 * fold, the honest proxy for a new author's lines): each fold's lines are classified
 * by a classifier trained without that fold — its text model on the project's labelled set and the other folds, its
 * calibration on out-of-fold decisions within those other folds only (nested), so no figure rests on a line that
 * took part in training or calibrating.
 */
import { categoryScopes } from '../../domain/categories.js';
import { fitCalibration } from './calibration.js';
import { classifyLine, type Classification } from './classify.js';
import type { IndependentLine } from './independent-set.js';
import type { LabelledLine } from './labelled-set.js';
import { compileTextModel } from './text-model.js';
import { CV_FOLDS, foldOf, trainClassifier, type ClassifierTraining } from './train-classifier.js';

export interface ClassifiedLine { line: IndependentLine; classification: Classification }

/** The four figures issue 14 sets targets for. */
export interface ClassifierFigures {
  lines: number;
  category: number;
  scope: number;
  /** Share of lines accepted without review (ready_for_ef_matching). */
  accepted: number;
  /** Share of accepted lines whose category is right. */
  acceptedRight: number;
}

export function figuresOf(results: readonly ClassifiedLine[]): ClassifierFigures {
  const share = (n: number, of: number): number => (of === 0 ? 0 : n / of);
  const right = (r: ClassifiedLine): boolean => r.classification.category === r.line.category;
  const accepted = results.filter((r) => r.classification.status === 'ready_for_ef_matching');
  return {
    lines: results.length,
    category: share(results.filter(right).length, results.length),
    scope: share(results.filter((r) => r.classification.scope === categoryScopes[r.line.category].scope).length, results.length),
    accepted: share(accepted.length, results.length),
    acceptedRight: share(accepted.filter(right).length, accepted.length),
  };
}

export interface FoldTraining { test: IndependentLine[]; training: ClassifierTraining }

/** One classifier per fold, trained (text model and calibration) on the other folds. */
export function trainFolds(labelled: readonly LabelledLine[], independent: readonly IndependentLine[], datasetSha256: string): FoldTraining[] {
  return Array.from({ length: CV_FOLDS }, (_, k) => ({
    test: independent.filter((l) => foldOf(l) === k),
    training: trainClassifier(labelled, independent.filter((l) => foldOf(l) !== k), datasetSha256),
  }));
}

/** Each fold's lines classified (without organization rules) by the classifier trained without it, calibrated with `wilsonZ`. */
export function classifyEachFold(folds: readonly FoldTraining[], wilsonZ: number): ClassifiedLine[][] {
  return folds.map(({ test, training }) => {
    const model = compileTextModel({ ...training.file, calibration: fitCalibration(training.outOfFold, wilsonZ) });
    return test.map((line) => ({ line, classification: classifyLine(line, { rules: [], model }) }));
  });
}

/** Out-of-fold classifications of every independent line, calibrated with `wilsonZ`. */
export const classifyOutOfFold = (folds: readonly FoldTraining[], wilsonZ: number): ClassifiedLine[] => classifyEachFold(folds, wilsonZ).flat();

/** Training for the leave-one-set-out figure: per independent set, a classifier trained (text model and calibration) on the other sets only. */
export function trainLeavingOneSetOut(labelled: readonly LabelledLine[], sets: readonly (readonly IndependentLine[])[], datasetSha256: string): FoldTraining[] {
  return sets.map((test, k) => ({ test: [...test], training: trainClassifier(labelled, sets.filter((_, j) => j !== k).flat(), datasetSha256) }));
}

export const formatFigures = (f: ClassifierFigures): string =>
  `category ${f.category.toFixed(4)}, scope ${f.scope.toFixed(4)}, accepted ${f.accepted.toFixed(4)}, right among accepted ${f.acceptedRight.toFixed(4)} (${f.lines} lines)`;
