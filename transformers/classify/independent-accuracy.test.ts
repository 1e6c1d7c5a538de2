import { describe, expect, it } from 'vitest';
import { trainingData } from '../../scripts/classifier-training-data.js';
import { classifyEachFold, classifyOutOfFold, figuresOf, formatFigures, trainFolds, trainLeavingOneSetOut, type ClassifierFigures } from './cross-validation.js';
import { CV_FOLDS, foldOf, WILSON_Z } from './train-classifier.js';

const data = trainingData();
const LINES = 3401;

/** Every figure at least its bound, over all the independent lines. */
function expectAtLeast(f: ClassifierFigures, bounds: Omit<ClassifierFigures, 'lines'>): void {
  expect(f.lines).toBe(LINES);
  for (const key of ['category', 'scope', 'accepted', 'acceptedRight'] as const) expect(f[key], key).toBeGreaterThanOrEqual(bounds[key]);
}

/**
 * The classifier on the seven independent sets (3,401 lines, written by seven people who had not read the
 * classifier). Targets of issue 14 on lines never seen: category ≥ 0.95, scope ≥ 0.98, accepted without review
 * ≥ 0.75 with ≥ 0.99 of them right. The bounds below are the levels reached (README: the figures before and after
 * each change). The rules were tuned on all these lines, so both measures are optimistic against a fresh set;
 * leave-one-set-out (a set's lines classified by a text model and calibration trained without that set's author)
 * is the closer proxy.
 */
describe('classification on the seven independent labelled sets', () => {
  it('splits the 3,401 lines into 5 folds of roughly equal size by row id, the ids unique across sets', () => {
    expect(data.independent.length).toBe(LINES);
    expect(new Set(data.independent.map((l) => l.id)).size).toBe(LINES);
    for (let k = 0; k < CV_FOLDS; k++) {
      expect(data.independent.filter((l) => foldOf(l) === k).length, `fold ${k}`).toBeGreaterThan(LINES / CV_FOLDS * 0.8);
    }
  });

  it('cross-validated: category, scope, share accepted and accuracy of accepted lines at the reached levels (see output)', () => {
    const f = figuresOf(classifyOutOfFold(trainFolds(data.labelled, data.independent, data.sha256), WILSON_Z));
    console.log(`independent sets, ${CV_FOLDS}-fold cross-validation: ${formatFigures(f)}`);
    expectAtLeast(f, { category: 0.977, scope: 0.995, accepted: 0.852, acceptedRight: 0.997 });
  }, 900_000);

  it('leave one set out: each set classified by a classifier trained on the others, at the reached levels (see output)', () => {
    const perSet = classifyEachFold(trainLeavingOneSetOut(data.labelled, data.sets.map((s) => s.lines), data.sha256), WILSON_Z);
    perSet.forEach((results, k) => console.log(`leave-one-set-out, ${data.sets[k]?.name}: ${formatFigures(figuresOf(results))}`));
    const f = figuresOf(perSet.flat());
    console.log(`leave-one-set-out, pooled: ${formatFigures(f)}`);
    expectAtLeast(f, { category: 0.98, scope: 0.996, accepted: 0.862, acceptedRight: 0.998 });
  }, 900_000);
});
