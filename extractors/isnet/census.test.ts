import { describe, expect, it } from 'vitest';
import { initialCheckpoint } from '../contract.js';
import { DAY_MS, turkeyDayStart } from '../time.js';
import { takeCensus } from './census.js';

const plan = { windowMs: 7 * DAY_MS, overlapMs: 30 * DAY_MS, wholeDays: true };
const start = turkeyDayStart('2025-01-01');
const until = turkeyDayStart('2025-03-26'); // 12 weeks

describe('İşNet census', () => {
  it('counts week windows from the start date and keeps them by their first day', async () => {
    const asked: number[] = [];
    const census = await takeCensus(initialCheckpoint('isnet', '2025-01-01', new Date(until).toISOString()), plan, until, async (window) => {
      asked.push(window.from);
      return 10 + asked.length;
    });
    expect(asked).toEqual(Array.from({ length: 12 }, (_, k) => start + k * 7 * DAY_MS));
    expect(Object.keys(census.counts).slice(0, 2)).toEqual(['2025-01-01', '2025-01-08']);
    expect(census.counts['2025-03-19']).toBe(22);
    expect(census.rescanFrom).toBeUndefined(); // nothing to compare with yet
  });

  it('rescans from the earliest week before the overlap whose count changed, never for weeks inside it', async () => {
    const first = await takeCensus(initialCheckpoint('isnet', '2025-01-01', new Date(until).toISOString()), plan, until, async () => 5);
    const next = { ...initialCheckpoint('isnet', '2025-01-01', new Date(until).toISOString()), syncedThrough: new Date(until).toISOString(), census: first.counts };
    const grown = (weeks: number[]) => takeCensus(next, plan, until, async (window) => (weeks.includes(Math.round((window.from - start) / (7 * DAY_MS))) ? 6 : 5));
    expect((await grown([]))).toEqual({ counts: first.counts });
    expect((await grown([3, 5])).rescanFrom).toBe(start + 3 * 7 * DAY_MS);
    // Week 9 (from 2025-03-05) reaches into the run's own 30-day overlap: it is read anyway.
    expect((await grown([9, 11])).rescanFrom).toBeUndefined();
  });
});
