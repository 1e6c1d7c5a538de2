/**
 * TRY exchange rates and the US price index used by spend-based emissions.
 * Pure lookups over committed data files (data/*.json); no I/O at call time.
 * Every answer names its source, so a caller can record it on the line and flag table fallbacks.
 */
import { z } from 'zod';
import { DecimalText } from '../decimal/index.js';
import tryRatesJson from './data/try-rates.json' with { type: 'json' };
import usCpiJson from './data/us-cpi.json' with { type: 'json' };

/** Rates and index values are positive decimals. */
const decimalString = DecimalText.regex(/^\d/, 'must not be negative');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const TryRateTable = z.object({
  source: z.string(),
  tag: z.string(),
  coverage: z.object({ from: isoDate, to: isoDate, carryForwardUntil: isoDate }),
  rates: z.array(z.object({
    currency: z.string().length(3),
    /** 'YYYY' (annual average) or 'YYYY-MM' (monthly average). */
    period: z.string().regex(/^\d{4}(-\d{2})?$/),
    tryPerUnit: decimalString,
  })),
});

const PriceIndexTable = z.object({
  source: z.string(),
  tag: z.string(),
  baseYear: z.string().regex(/^\d{4}$/),
  coverage: z.object({ carryForwardUntil: z.string().regex(/^\d{4}$/) }),
  index: z.array(z.object({ year: z.string().regex(/^\d{4}$/), value: decimalString, estimate: z.boolean().optional() })),
});

const tryRates = TryRateTable.parse(tryRatesJson);
const usCpi = PriceIndexTable.parse(usCpiJson);

const rateByKey = new Map(tryRates.rates.map((r) => [`${r.currency}:${r.period}`, r.tryPerUnit]));
const lastRatePeriod = new Map<string, string>();
for (const r of tryRates.rates) {
  const last = lastRatePeriod.get(r.currency);
  if (!last || r.period > last) lastRatePeriod.set(r.currency, r.period);
}

export interface TableRate {
  /** TRY per one unit of the currency, decimal string. */
  rate: string;
  /** Human-readable provenance to store on the line: series, period, tag. */
  source: string;
  /** The table period the rate belongs to ('YYYY' or 'YYYY-MM'). */
  period: string;
  /** True when the date lies after the table and the last known rate was carried forward. */
  carriedForward: boolean;
}

/**
 * TRY per unit of `currency` for an activity/issue date (YYYY-MM-DD), from the committed rate table:
 * the monthly average for that month when the table has one, else the annual average. Dates after the
 * table (up to coverage.carryForwardUntil) get the last known rate, marked carriedForward. Unknown
 * currencies and dates outside the coverage give null: the caller flags the line instead of guessing.
 */
export function rateToTry(currency: string, date: string): TableRate | null {
  const code = currency.trim().toUpperCase();
  if (!isoDate.safeParse(date).success) return null;
  if (code === 'TRY') return { rate: '1', source: 'identity (TRY)', period: date.slice(0, 7), carriedForward: false };
  if (date < tryRates.coverage.from || date > tryRates.coverage.carryForwardUntil) return null;
  const month = date.slice(0, 7);
  const year = date.slice(0, 4);
  for (const period of [month, year]) {
    const rate = rateByKey.get(`${code}:${period}`);
    if (rate) return { rate, source: describeRate(code, period, false), period, carriedForward: false };
  }
  const last = lastRatePeriod.get(code);
  if (!last || date <= tryRates.coverage.to) return null;
  const rate = rateByKey.get(`${code}:${last}`);
  return rate ? { rate, source: describeRate(code, last, true), period: last, carriedForward: true } : null;
}

function describeRate(code: string, period: string, carried: boolean): string {
  const kind = period.length === 4 ? 'annual average' : 'monthly average';
  const carry = carried ? ', carried forward past the end of the table' : '';
  return `fx table: ${tryRates.source}, ${code}/TRY ${kind} ${period}${carry} ${tryRates.tag}`;
}

export interface PriceIndexPoint {
  year: string;
  value: string;
  /** True for estimated or carried-forward index values. */
  estimate: boolean;
  source: string;
}

const cpiByYear = new Map(usCpi.index.map((p) => [p.year, p]));
const lastCpiYear = usCpi.index.reduce((max, p) => (p.year > max ? p.year : max), '0000');

/** US CPI-U annual average for a year; years after the table (up to carryForwardUntil) reuse the last value. */
export function usPriceIndex(year: string): PriceIndexPoint | null {
  const point = cpiByYear.get(year);
  if (point) return { year, value: point.value, estimate: point.estimate ?? false, source: `${usCpi.source} ${year} ${usCpi.tag}` };
  if (year > lastCpiYear && year <= usCpi.coverage.carryForwardUntil) {
    const last = cpiByYear.get(lastCpiYear);
    if (last) return { year: lastCpiYear, value: last.value, estimate: true, source: `${usCpi.source} ${lastCpiYear} carried forward to ${year} ${usCpi.tag}` };
  }
  return null;
}
