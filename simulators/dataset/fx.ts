import { dec, type Dec } from './decimal.js';
import type { Rng } from './random.js';

/** USD/TRY anchors (approximate TCMB levels) for realistic PricingExchangeRate values. */
const usdAnchors: ReadonlyArray<[number, number]> = [
  [Date.UTC(2022, 0, 1), 13.3], [Date.UTC(2023, 0, 1), 18.7], [Date.UTC(2024, 0, 1), 29.5],
  [Date.UTC(2025, 0, 1), 35.4], [Date.UTC(2025, 9, 1), 41.6], [Date.UTC(2026, 9, 1), 50.0],
];
const EUR_PER_USD = 1.1;
const REFERENCE_DAY = Date.UTC(2025, 9, 1);
const YEAR_MS = 365.25 * 86_400_000;

function interpolate(t: number): number {
  const first = usdAnchors[0];
  const last = usdAnchors[usdAnchors.length - 1];
  if (!first || !last) throw new RangeError('no FX anchors');
  if (t <= first[0]) return first[1];
  for (let i = 1; i < usdAnchors.length; i++) {
    const [t1, v1] = usdAnchors[i] as [number, number];
    const [t0, v0] = usdAnchors[i - 1] as [number, number];
    if (t <= t1 || i === usdAnchors.length - 1) return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
  }
  return last[1];
}

/** Foreign currency → TRY rate for an issue date, 4 decimals, with day-to-day noise. */
export function exchangeRate(currency: 'USD' | 'EUR', issueDate: string, rng: Rng): Dec {
  const usd = interpolate(Date.parse(`${issueDate}T12:00:00Z`)) * (0.99 + rng.float() * 0.02);
  return dec(Math.round((currency === 'USD' ? usd : usd * EUR_PER_USD) * 10_000), 4);
}

/** TRY price level relative to October 2025 (about 35 % a year), so older invoices carry older prices. */
export function priceLevel(issueDate: string): number {
  return 1.35 ** ((Date.parse(`${issueDate}T12:00:00Z`) - REFERENCE_DAY) / YEAR_MS);
}
