import { describe, expect, it } from 'vitest';
import { categoryScopes } from '../../domain/categories.js';
import { trainingData } from '../../scripts/classifier-training-data.js';
import { classifyLine, defaultModelTraining, loadDefaultModel } from './index.js';
import { isIndependentHeldOut } from './independent-set.js';

const data = trainingData();
const model = loadDefaultModel();

/**
 * Figures on the held-out third of the independent set (written by someone who had not read the classifier;
 * never tuned or trained on). Targets of issue 14: category ≥ 0.95, scope ≥ 0.98, accepted without review ≥ 0.75
 * with ≥ 0.99 of them right. Not reached. Measured after each round of changes made on the other two thirds
 * only (no held-out error was ever looked at; every round was kept whatever it gave): round 1 category 0.915,
 * scope 0.979, accepted 0.727, right among accepted 0.976; round 2 0.922, 0.975, 0.730, 0.981; final (the
 * issue's own examples: fuel by the piece, handsets, hire) 0.918, 0.975, 0.734, 0.981. Before this work:
 * 0.741, 0.890, 0.663, 0.850. The bounds below are the reached levels, not the targets.
 */
describe('classification on the held-out part of the independent labelled set', () => {
  const results = data.heldOut.map((line) => ({ line, c: classifyLine(line, { rules: [], model }) }));
  const share = (n: number, of: number): number => n / of;

  it('is about a third of the set, split by row id, and none of it reached training', () => {
    expect(data.heldOut.length).toBe(282);
    expect(data.tuning.length + data.heldOut.length).toBe(861);
    expect(data.heldOut.every(isIndependentHeldOut)).toBe(true);
    expect(defaultModelTraining().examples).toBe(data.labelled.length - defaultModelTraining().heldOut.examples + data.tuning.length);
  });

  it('category, scope, share accepted and accuracy of accepted lines at the reached levels (see output)', () => {
    const n = results.length;
    const category = share(results.filter((r) => r.c.category === r.line.category).length, n);
    const scope = share(results.filter((r) => r.c.scope === categoryScopes[r.line.category].scope).length, n);
    const accepted = results.filter((r) => r.c.status === 'ready_for_ef_matching');
    const acceptedRight = share(accepted.filter((r) => r.c.category === r.line.category).length, accepted.length);
    console.log(`independent held-out (${n} lines): category ${category.toFixed(4)}, scope ${scope.toFixed(4)}, accepted ${share(accepted.length, n).toFixed(4)}, right among accepted ${acceptedRight.toFixed(4)}`);
    expect(category).toBeGreaterThanOrEqual(0.915);
    expect(scope).toBeGreaterThanOrEqual(0.975);
    expect(share(accepted.length, n)).toBeGreaterThanOrEqual(0.73);
    expect(acceptedRight).toBeGreaterThanOrEqual(0.98);
  });

});
