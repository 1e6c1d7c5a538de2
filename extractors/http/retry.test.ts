import { describe, expect, it } from 'vitest';
import { AuthError, ProtocolError, TransientError } from '../errors.js';
import { fakeTiming } from '../testing/http-server.js';
import { backoffDelay, parseRetryAfter, withRetry } from './retry.js';

const context = { provider: 'edm' as const, operation: 'GetInvoice' };
const policy = { maxAttempts: 4, maxElapsedMs: 60_000, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('withRetry', () => {
  it('retries transient failures with growing jittered delays, then succeeds', async () => {
    const { timing, slept } = fakeTiming(0.5);
    let calls = 0;
    const result = await withRetry(async () => {
      if (++calls < 3) throw new TransientError('reset', context);
      return 'ok';
    }, { policy, timing, signal: new AbortController().signal });
    expect(result).toBe('ok');
    expect(slept).toEqual([50, 100]);
  });

  it('honours Retry-After as a floor', async () => {
    const { timing, slept } = fakeTiming(0);
    let calls = 0;
    await withRetry(async () => {
      if (++calls === 1) throw new TransientError('429', context, { retryAfterMs: 2_000 });
      return 1;
    }, { policy, timing, signal: new AbortController().signal });
    expect(slept).toEqual([2_000]);
  });

  it('gives up after maxAttempts with a TransientError that says so', async () => {
    const { timing } = fakeTiming();
    let calls = 0;
    const error = await withRetry(async () => {
      calls++;
      throw new TransientError('HTTP 503', context);
    }, { policy, timing, signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).attempts).toBe(4);
    expect((error as Error).message).toMatch(/gave up after 4 attempt\(s\).*HTTP 503.*operation GetInvoice/);
  });

  it('stops when the total time budget would be exceeded', async () => {
    const { timing } = fakeTiming(1);
    let calls = 0;
    await expect(withRetry(async () => {
      calls++;
      throw new TransientError('slow', context, { retryAfterMs: 40_000 });
    }, { policy, timing, signal: new AbortController().signal })).rejects.toThrow(/gave up after 2/);
    expect(calls).toBe(2);
  });

  it('never retries auth or protocol errors', async () => {
    const { timing } = fakeTiming();
    for (const failure of [new AuthError('bad password', context), new ProtocolError('bad xml', context)]) {
      let calls = 0;
      await expect(withRetry(async () => {
        calls++;
        throw failure;
      }, { policy, timing, signal: new AbortController().signal })).rejects.toBe(failure);
      expect(calls).toBe(1);
    }
  });

  it('stops at once when the signal is aborted', async () => {
    const { timing } = fakeTiming();
    const controller = new AbortController();
    let calls = 0;
    await expect(withRetry(async () => {
      calls++;
      controller.abort(new Error('cancelled'));
      throw new TransientError('reset', context);
    }, { policy, timing, signal: controller.signal })).rejects.toThrow('cancelled');
    expect(calls).toBe(1);
  });
});

describe('backoff and Retry-After', () => {
  it('caps the exponential step', () => {
    expect(backoffDelay(policy, 10, 1)).toBe(1_000);
    expect(backoffDelay(policy, 1, 1)).toBe(100);
  });
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', 0)).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});
