/**
 * TRY exchange rates and the US price index used by spend-based emissions: pure lookups over the committed
 * official monthly series (data/fx-cpi-monthly.json: ECB reference rates, BLS CPI-U). Every answer names
 * its series, month and method so a caller can store it on the line; fallbacks (a month carried forward
 * past the data, a CPI month interpolated) say so in a flag, never silently.
 */
import { add, dec, mul, toPlainText } from '../decimal/index.js';
import tableJson from './data/fx-cpi-monthly.json' with { type: 'json' };
import { FxCpiFile } from './table.js';

/** How many months past the last one in the data a value may be carried forward (flagged). */
export const CARRY_FORWARD_MONTHS = 12;

const table = FxCpiFile.parse(tableJson);
const fxByMonth = new Map(table.fx.months.map((m) => [m.month, m]));
const firstFxMonth = table.fx.months[0]?.month ?? '';
const lastFxMonth = table.fx.months.at(-1)?.month ?? '';
const cpiByMonth = new Map(table.cpi.months.map((m) => [m.month, m.index]));
const cpiMonths = table.cpi.months.map((m) => m.month);
const lastCpiMonth = cpiMonths.at(-1) ?? '';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-\d{2}$/;
const ISO_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Months from a to b (b later: positive). */
function monthsBetween(a: string, b: string): number {
  const [ay, am] = a.split('-').map(Number) as [number, number];
  const [by, bm] = b.split('-').map(Number) as [number, number];
  return (by - ay) * 12 + (bm - am);
}

export type SeriesFlag = 'carried_forward' | 'interpolated';

export interface MonthlyRate {
  /** TRY per one unit of the currency, decimal string. */
  rate: string;
  /** The month whose mean the rate is. */
  month: string;
  /** Series, month and method, to store on the line. */
  source: string;
  /** The date lies after the data: the last month's rate was carried forward. */
  carriedForward: boolean;
}

/**
 * TRY per unit of `currency` for a date (YYYY-MM-DD): the ECB monthly mean of its month. Dates up to
 * CARRY_FORWARD_MONTHS after the data get the last month's rate, marked carriedForward. Currencies the
 * table does not price, dates before 2005-01 (the new lira) or too far ahead, and malformed dates: null.
 */
export function rateToTry(currency: string, date: string): MonthlyRate | null {
  const code = currency.trim().toUpperCase();
  if (!ISO_DATE.test(date)) return null;
  const month = date.slice(0, 7);
  if (code === 'TRY') return { rate: '1', month, source: 'identity (TRY)', carriedForward: false };
  if (!table.fx.currencies.includes(code) || month < firstFxMonth) return null;
  const carriedForward = month > lastFxMonth;
  if (carriedForward && monthsBetween(lastFxMonth, month) > CARRY_FORWARD_MONTHS) return null;
  const row = fxByMonth.get(carriedForward ? lastFxMonth : month);
  const rate = row?.tryPer[code];
  if (!row || !rate) return null;
  const partial = row.month === table.fx.partialMonth ? `, partial month to ${table.fx.lastFixing}` : '';
  const carry = carriedForward ? `, carried forward to ${month} (no later data)` : '';
  return {
    rate, month: row.month, carriedForward,
    source: `${table.fx.series}: ${code}/TRY monthly mean ${row.month} of ${row.fixings} daily fixings${partial}${carry}`,
  };
}

export interface PriceIndexPoint {
  /** The month asked for. */
  month: string;
  value: string;
  source: string;
  /** interpolated: the month was never published; carried_forward: after the last published month. */
  flag: SeriesFlag | null;
}

function publishedNeighbour(from: number, direction: 1 | -1): { month: string; value: string } | null {
  for (let i = from + direction; i >= 0 && i < cpiMonths.length; i += direction) {
    const month = cpiMonths[i]!;
    const value = cpiByMonth.get(month);
    if (value) return { month, value };
  }
  return null;
}

/**
 * US CPI-U for a month (YYYY-MM): as published; a month never published (2025-10) is the mean of its
 * published neighbours (flagged interpolated); months after the data reuse the last one (flagged).
 */
export function usPriceIndex(month: string): PriceIndexPoint | null {
  if (!ISO_MONTH.test(month)) return null;
  const published = cpiByMonth.get(month);
  if (published) return { month, value: published, source: `${table.cpi.series} ${month}`, flag: null };
  if (month > lastCpiMonth) {
    const last = cpiByMonth.get(lastCpiMonth);
    if (!last || monthsBetween(lastCpiMonth, month) > CARRY_FORWARD_MONTHS) return null;
    return { month, value: last, source: `${table.cpi.series} ${lastCpiMonth}, carried forward to ${month} (no later data)`, flag: 'carried_forward' };
  }
  const at = cpiMonths.indexOf(month);
  if (at < 0) return null;
  const before = publishedNeighbour(at, -1);
  const after = publishedNeighbour(at, 1);
  if (!before || !after) return null;
  const value = toPlainText(mul(add(dec(before.value), dec(after.value)), dec('0.5')));
  return {
    month, value, flag: 'interpolated',
    source: `${table.cpi.series}: ${month} never published; mean of ${before.month} (${before.value}) and ${after.month} (${after.value})`,
  };
}

/** The annual average CPI-U of the EPA factors' dollar year (2022), the deflator's numerator. */
export function priceIndexBase(): { year: string; value: string; source: string } {
  return { year: table.cpi.baseYear, value: table.cpi.baseYearAverage, source: `${table.cpi.series}, ${table.cpi.baseYear} annual average (mean of its 12 months)` };
}
