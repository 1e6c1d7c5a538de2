import { describe, expect, it } from 'vitest';
import { trainingData } from '../../scripts/classifier-training-data.js';
import { classifyOutOfFold, figuresOf, formatFigures, trainFolds } from './cross-validation.js';
import { CV_FOLDS, foldOf, WILSON_Z } from './train-classifier.js';

const data = trainingData();

/**
 * 5-fold cross-validation on the two independent sets (1,311 lines, written by two people who had not read the classifier): each fold
 * classified by a text model and a calibration trained on the other four only. Targets of issue 14: category ≥ 0.95,
 * scope ≥ 0.98, accepted without review ≥ 0.75 with ≥ 0.99 of them right. The bounds below are the levels reached
 * (see the README for the figures before and after each change); the rules were partly tuned on these lines, so an
 * unseen set is expected to do somewhat worse (README: the transfer figure, trained on the first set and evaluated on the second).
 */
describe('classification on the two independent labelled sets, cross-validated', () => {
  it('splits the 1,311 lines into 5 folds of roughly equal size by row id', () => {
    expect(data.independent.length).toBe(1311);
    for (let k = 0; k < CV_FOLDS; k++) {
      expect(data.independent.filter((l) => foldOf(l) === k).length, `fold ${k}`).toBeGreaterThan(1311 / CV_FOLDS * 0.8);
    }
  });

  it('category, scope, share accepted and accuracy of accepted lines at the reached levels (see output)', () => {
    const f = figuresOf(classifyOutOfFold(trainFolds(data.labelled, data.independent, data.sha256), WILSON_Z));
    console.log(`independent sets, ${CV_FOLDS}-fold cross-validation: ${formatFigures(f)}`);
    expect(f.lines).toBe(1311);
    expect(f.category).toBeGreaterThanOrEqual(0.961);
    expect(f.scope).toBeGreaterThanOrEqual(0.99);
    expect(f.accepted).toBeGreaterThanOrEqual(0.81);
    expect(f.acceptedRight).toBeGreaterThanOrEqual(0.994);
  }, 900_000);
});
