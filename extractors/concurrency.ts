/**
 * Maps with at most `limit` calls in flight, keeping input order. The first failure rejects the lot and
 * aborts the signal every call receives, so no further call starts and those in flight can stop (after
 * an AuthError, a burst of calls with rejected credentials could lock the account).
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failure = new AbortController();
  const stop = signal ? AbortSignal.any([signal, failure.signal]) : failure.signal;
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length && !stop.aborted) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index, stop);
      } catch (error) {
        failure.abort(error);
        throw error;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  stop.throwIfAborted(); // the caller's signal aborted between calls: never return a partial result
  return results;
}
