import { describe, expect, it } from 'vitest';
import { rateToTry, usPriceIndex } from './index.js';

describe('rateToTry', () => {
  it('prefers the monthly average, falls back to the annual average', () => {
    expect(rateToTry('USD', '2024-03-15')).toMatchObject({ rate: '31.92', period: '2024-03', carriedForward: false });
    expect(rateToTry('usd', '2022-07-01')).toMatchObject({ rate: '16.55', period: '2022' });
    expect(rateToTry('EUR', '2023-01-31')?.source).toContain('EUR/TRY annual average 2023');
  });
  it('TRY is the identity', () => {
    expect(rateToTry('TRY', '2025-01-01')?.rate).toBe('1');
  });
  it('carries the last rate forward after the table, and says so', () => {
    const r = rateToTry('USD', '2026-04-10');
    expect(r).toMatchObject({ rate: '42.70', period: '2025-12', carriedForward: true });
    expect(r?.source).toContain('carried forward');
  });
  it('returns null for unknown currencies, malformed dates and dates outside the coverage', () => {
    expect(rateToTry('GBP', '2024-03-15')).toBeNull();
    expect(rateToTry('USD', '2019-12-31')).toBeNull();
    expect(rateToTry('USD', '2027-01-01')).toBeNull();
    expect(rateToTry('USD', '15.03.2024')).toBeNull();
  });
});

describe('usPriceIndex', () => {
  it('gives the base year and carries the last year forward, flagged', () => {
    expect(usPriceIndex('2022')).toMatchObject({ value: '292.655', estimate: false });
    expect(usPriceIndex('2026')).toMatchObject({ year: '2025', estimate: true });
    expect(usPriceIndex('2019')).toBeNull();
  });
});
