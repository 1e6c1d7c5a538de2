/**
 * Best-of-rounds seconds per pass over all inputs, for each contender: rounds alternate between the
 * contenders so that load from other processes hits them alike; a warm-up pass first.
 */
export function race<T>(contenders: Record<string, (input: T) => unknown>, inputs: readonly T[], rounds = 7, warmUp = 50): Record<string, number> {
  const best: Record<string, number> = {};
  for (const fn of Object.values(contenders)) for (const input of inputs.slice(0, warmUp)) fn(input);
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const start = process.hrtime.bigint();
      for (const input of inputs) fn(input);
      best[name] = Math.min(best[name] ?? Infinity, Number(process.hrtime.bigint() - start) / 1e9);
    }
  }
  return best;
}
