/**
 * İşNet lists by invoice date only (providers.md §6.2), so an invoice that arrives after the re-scanned
 * overlap of invoice dates is never listed again by date windows alone. Its arrival does show in one
 * number the API gives for any window: the total of a one-record, header-only SearchInvoice. A new run
 * counts every window of its range that way (one small call per window) and compares with the counts the
 * checkpoint kept (contract.ts `census`); the earliest window outside the overlap that changed is where
 * the run starts reading again. The counts are taken before any window is read, so a count kept is never
 * more than what was read: an invoice arriving meanwhile shows as a change next time (a re-read, no loss).
 * A re-issue keeps its invoice date and the count: it is only seen inside the overlap.
 */
import type { Checkpoint } from '../contract.js';
import { turkeyDate, turkeyDayStart } from '../time.js';
import { runRange, type Window, type WindowPlan } from '../windows.js';

export interface Census {
  counts: Record<string, number>;
  /** Start of the earliest window before the overlap whose count changed, if any. */
  rescanFrom?: number;
}

/** Windows of the census: from the start date in steps of the plan's window, so they line up run after run. */
function censusWindows(checkpoint: Checkpoint, plan: WindowPlan, end: number): Window[] {
  const windows: Window[] = [];
  for (let from = turkeyDayStart(checkpoint.startDate); from < end; from += plan.windowMs) windows.push({ from, to: Math.min(from + plan.windowMs, end) });
  return windows;
}

/** Counts each window (`count`, in order) and finds the earliest changed one before the run's own start. */
export async function takeCensus(checkpoint: Checkpoint, plan: WindowPlan, now: number, count: (window: Window) => Promise<number>): Promise<Census> {
  const { start, end } = runRange(checkpoint, plan, now);
  const counts: Record<string, number> = {};
  let rescanFrom: number | undefined;
  for (const window of censusWindows(checkpoint, plan, end)) {
    const key = turkeyDate(window.from);
    const total = await count(window);
    counts[key] = total;
    const kept = checkpoint.census?.[key];
    // Windows reaching into the run's own range are read anyway.
    if (rescanFrom === undefined && kept !== undefined && kept !== total && window.to <= start) rescanFrom = window.from;
  }
  return rescanFrom === undefined ? { counts } : { counts, rescanFrom };
}
