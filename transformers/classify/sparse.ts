/**
 * Sparse per-class vectors as the models store them compiled: flat `[class, value, class, value, …]` arrays (half the
 * heap of a pair array per entry, for tens of thousands of features).
 */

/** The stored pairs with each value mapped (classes kept). */
export const mapSparseValues = (stored: readonly number[], value: (stored: number) => number): number[] =>
  stored.map((entry, i) => (i % 2 === 0 ? entry : value(entry)));

/** Adds `factor` × each value to its class's score. */
export function addSparse(scores: Float64Array, sparse: readonly number[], factor = 1): void {
  for (let i = 0; i + 1 < sparse.length; i += 2) {
    const c = sparse[i] ?? 0;
    scores[c] = (scores[c] ?? 0) + (sparse[i + 1] ?? 0) * factor;
  }
}
