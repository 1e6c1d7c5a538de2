import { describe, expect, it } from 'vitest';
import { mapLimit } from './concurrency.js';

const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

describe('mapLimit', () => {
  it('keeps order with at most `limit` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 5 * (8 - n)));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });

  it('starts no call after the first failure and aborts those in flight', async () => {
    const started: number[] = [];
    const aborted: number[] = [];
    const failure = new Error('rejected credentials');
    const run = mapLimit(Array.from({ length: 10 }, (_, i) => i), 4, async (n, _index, signal) => {
      started.push(n);
      if (n === 0) throw failure;
      await untilAborted(signal).catch((reason: unknown) => {
        aborted.push(n);
        throw reason;
      });
    });
    await expect(run).rejects.toBe(failure);
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([0, 1, 2, 3]);
    expect(aborted.sort()).toEqual([1, 2, 3]);
  });

  it("stops when the caller's signal aborts", async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const run = mapLimit([0, 1, 2, 3, 4], 2, async (n, _index, signal) => {
      started.push(n);
      if (n === 1) controller.abort(new Error('cancelled'));
      return signal.aborted ? Promise.reject(signal.reason) : n;
    }, controller.signal);
    await expect(run).rejects.toThrow('cancelled');
    expect(started).toEqual([0, 1]);
  });
});
