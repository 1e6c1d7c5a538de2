import { MAX_ARRIVAL_LAG_DAYS } from './spec.js';
import { isEarsivIndex, planFor, type DatasetPlan } from './plan.js';
import { rngFor, Stream } from './random.js';
import type { DatasetSpec } from './spec.js';

const DAY_SEC = 86_400;
/** Türkiye has used UTC+3 all year since 2016; IssueDate/IssueTime are Istanbul wall-clock values. */
const ISTANBUL_OFFSET_SEC = 3 * 3600;

/**
 * Arrival second of an index: slot i of n equal slots over the window, plus jitter inside its slot,
 * so arrivals are non-decreasing in index and any index is computed alone. The e-Arşiv indices form
 * their own sequence over the same window.
 */
export function arrivalSec(plan: DatasetPlan, index: number): number {
  const earsiv = isEarsivIndex(plan, index);
  const slot = earsiv ? index - plan.inboxCount : index;
  const slots = earsiv ? plan.earsivCount : plan.inboxCount;
  const start = Math.floor((slot * plan.spanSec) / slots);
  const end = Math.floor(((slot + 1) * plan.spanSec) / slots);
  const jitter = Math.floor(rngFor(plan.key, plan.providerNo, index, Stream.arrival).float() * (end - start));
  return plan.fromSec + start + jitter;
}

export const isoSec = (sec: number): string => new Date(sec * 1000).toISOString();

/**
 * Issue instant = arrival minus a lag of 0..MAX_ARRIVAL_LAG_DAYS days, mostly short: most invoices
 * arrive within hours, some after a few days (month-end batches), a few near the limit.
 */
export function issueSec(plan: DatasetPlan, index: number, arrival: number): number {
  const rng = rngFor(plan.key, plan.providerNo, index, Stream.issue);
  const r = rng.float();
  const maxLag = MAX_ARRIVAL_LAG_DAYS * DAY_SEC - 1;
  const lag =
    r < 0.6 ? rng.int(60, 8 * 3600) : r < 0.85 ? rng.int(DAY_SEC / 2, 3 * DAY_SEC) : r < 0.97 ? rng.int(3 * DAY_SEC, 7 * DAY_SEC) : rng.int(7 * DAY_SEC, maxLag);
  return arrival - Math.min(lag, maxLag);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** YYYY-MM-DD of a day number (civil_from_days); plain integer arithmetic, no Date objects. */
function civilFromDays(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return `${m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400}-${pad2(m)}-${pad2(d)}`;
}

const dayOf = (date: string): number => daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));

/** Istanbul calendar date and time of an instant: ["2025-03-04", "14:05:09"]. */
export function istanbulDateTime(sec: number): [string, string] {
  const local = sec + ISTANBUL_OFFSET_SEC;
  const days = Math.floor(local / DAY_SEC);
  const t = local - days * DAY_SEC;
  return [civilFromDays(days), `${pad2(Math.floor(t / 3600))}:${pad2(Math.floor(t / 60) % 60)}:${pad2(t % 60)}`];
}

/** Calendar arithmetic on YYYY-MM-DD strings. */
export function addDays(date: string, days: number): string {
  return civilFromDays(dayOf(date) + days);
}

/** First and last day of the calendar month before `date`. */
export function previousMonth(date: string): [string, string] {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const firstOfThis = daysFromCivil(y, m, 1);
  const firstOfPrevious = m === 1 ? daysFromCivil(y - 1, 12, 1) : daysFromCivil(y, m - 1, 1);
  return [civilFromDays(firstOfPrevious), civilFromDays(firstOfThis - 1)];
}

/** [start, end) of inbox indices whose arrival is in [fromIso, toIso), by binary search. */
export function arrivalIndexRange(spec: DatasetSpec, fromIso: string, toIso: string): { start: number; end: number } {
  const plan = planFor(spec);
  const fromSec = Math.ceil(Date.parse(fromIso) / 1000);
  const toSec = Math.ceil(Date.parse(toIso) / 1000);
  if (Number.isNaN(fromSec) || Number.isNaN(toSec)) throw new RangeError(`invalid arrival range ${fromIso} .. ${toIso}`);
  const start = lowerBound(plan, fromSec);
  return { start, end: Math.max(start, lowerBound(plan, toSec)) };
}

/** First inbox index whose arrival second is >= sec (arrivals are whole seconds, so ceil is exact). */
function lowerBound(plan: DatasetPlan, sec: number): number {
  let lo = 0;
  let hi = plan.inboxCount;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arrivalSec(plan, mid) < sec) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
