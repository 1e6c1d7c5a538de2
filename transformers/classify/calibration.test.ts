import { describe, expect, it } from 'vitest';
import { calibrate, fitCalibration, poolAdjacentViolators, wilsonLowerBound, type ScoredDecision } from './calibration.js';

const points = (pairs: ReadonlyArray<[number, boolean]>): ScoredDecision[] => pairs.map(([score, right]) => ({ kind: 'model', score, right }));

describe('calibration of decisions', () => {
  it('pools adjacent violators into blocks whose share right never decreases', () => {
    const blocks = poolAdjacentViolators(points([[0.1, false], [0.2, true], [0.3, false], [0.4, true], [0.5, true], [0.6, true]]));
    expect(blocks.map((b) => [b.from, b.right, b.n])).toEqual([[0.1, 0, 1], [0.2, 1, 2], [0.4, 3, 3]]);
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.right / blocks[i]!.n).toBeGreaterThanOrEqual(blocks[i - 1]!.right / blocks[i - 1]!.n);
  });

  it('keeps equal scores in one block', () => {
    expect(poolAdjacentViolators(points([[0.5, true], [0.5, false], [0.5, true]]))).toEqual([{ from: 0.5, right: 2, n: 3 }]);
  });

  it('reports a Wilson lower bound: fewer lines, more caution', () => {
    expect(wilsonLowerBound(10, 10, 1)).toBeCloseTo(10 / 11, 6);
    expect(wilsonLowerBound(100, 100, 1)).toBeGreaterThan(wilsonLowerBound(10, 10, 1));
    expect(wilsonLowerBound(5, 10, 0)).toBe(0.5);
    expect(wilsonLowerBound(0, 0, 1)).toBe(0);
  });

  it('maps a score to the probability of its block, and a kind it never saw to null', () => {
    const calibration = fitCalibration(points([[0.2, false], [0.3, false], [0.8, true], [0.9, true], [0.95, true]]), 0);
    expect(calibrate(calibration, 'model', 0.1)).toBe(0);
    expect(calibrate(calibration, 'model', 0.5)).toBe(0);
    expect(calibrate(calibration, 'model', 0.85)).toBe(1);
    expect(calibrate(calibration, 'keyword_unit', 0.85)).toBeNull();
    expect(calibrate(undefined, 'model', 0.85)).toBeNull();
  });

  it('stays monotone where a small block\'s bound would dip below its neighbour\'s', () => {
    const many: Array<[number, boolean]> = Array.from({ length: 40 }, (_, i) => [0.5, i < 36]);
    const calibration = fitCalibration(points([...many, [0.9, true]]), 1);
    const curve = calibration.curves.model!;
    expect(curve.probability).toHaveLength(2);
    expect(curve.probability[1]).toBeGreaterThanOrEqual(curve.probability[0]!);
  });
});
