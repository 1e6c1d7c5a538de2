/** One measurement, printed as one JSON line by `npm run bench`. */
export interface BenchResult {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  size: number;
  /** The same metric for the baseline measured in the same run (machines here are shared and noisy). */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  /** Each round's own ratio, when value and baseline are medians of rounds measured in adjacent pairs. */
  ratios?: number[];
}

export interface BenchScenario {
  name: string;
  description: string;
  defaultSize: number;
  run(options: { size: number }): AsyncIterable<BenchResult> | Promise<BenchResult[]>;
}

/** Rounds a rate for printing; keeps 3 significant decimals for ratios. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function withBaseline(result: Omit<BenchResult, 'ratio' | 'baseline'>, baseline: number): BenchResult {
  return { ...result, baseline: round(baseline), ratio: round(result.value / baseline) };
}
