/**
 * One retry policy for every provider: exponential backoff with full jitter for TransientError only,
 * Retry-After honoured, bounded by attempts AND by total elapsed time. Everything else (AuthError,
 * ProtocolError, cancellation) is thrown at once.
 */
import { TransientError } from '../errors.js';

export interface RetryPolicy {
  maxAttempts: number;
  /** No new attempt starts if its delay would end after this much time since the first attempt. */
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, maxElapsedMs: 120_000, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Time as the retry loop sees it; injectable so tests need no real waiting. */
export interface Timing {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
}

export const realTiming: Timing = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  error: TransientError;
}

export interface RetryOptions {
  policy: RetryPolicy;
  timing: Timing;
  signal: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
}

/** Delay before attempt `attempt + 1`: full jitter on the exponential step, never below Retry-After. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: number, retryAfterMs?: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(step * random);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, timing, signal } = options;
  const started = timing.now();
  for (let attempt = 1; ; attempt++) {
    signal.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (!(error instanceof TransientError)) throw error;
      const delayMs = backoffDelay(policy, attempt, timing.random(), error.retryAfterMs);
      const outOfTime = timing.now() + delayMs - started > policy.maxElapsedMs;
      if (attempt >= policy.maxAttempts || outOfTime) {
        throw new TransientError(
          `gave up after ${attempt} attempt(s) in ${Math.round((timing.now() - started) / 1000)} s: ${error.reason}`,
          error.context,
          { cause: error, attempts: attempt },
        );
      }
      options.onRetry?.({ attempt, delayMs, error });
      await timing.sleep(delayMs, signal);
    }
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
