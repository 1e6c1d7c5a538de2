import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildFxCpiJson } from '../../scripts/build-fx-cpi.js';
import { buildFxCpiTable, CPI_FILE, ECB_FILE } from './build.js';
import { priceIndexBase, rateToTry, usPriceIndex } from './index.js';

describe('the committed FX/CPI table', () => {
  it('is exactly what scripts/build-fx-cpi.ts builds from the SHA-256-checked sources', () => {
    expect(readFileSync(new URL('./data/fx-cpi-monthly.json', import.meta.url), 'utf8') === buildFxCpiJson()).toBe(true);
  });
  it('refuses a source whose SHA-256 differs from the manifest', () => {
    const manifest = { [ECB_FILE]: { sha256: 'a'.repeat(64), origin: '', licence: '' }, [CPI_FILE]: { sha256: 'b'.repeat(64), origin: '', licence: '' } };
    expect(() => buildFxCpiTable({ ecbZip: { text: '', sha256: 'c'.repeat(64) }, cpi: { text: '', sha256: 'b'.repeat(64) } }, manifest))
      .toThrow(/source\/eurofxref-hist\.zip: SHA-256 c{64} differs/);
  });
});

describe('rateToTry', () => {
  it('gives the ECB monthly mean of the issue month (spot checks of the source README)', () => {
    expect(rateToTry('USD', '2022-06-15')).toMatchObject({ rate: '16.999889', month: '2022-06', carriedForward: false });
    expect(rateToTry('USD', '2023-12-01')?.rate).toBe('29.095141');
    expect(rateToTry('usd', '2024-12-31')?.rate).toBe('34.984956');
    expect(rateToTry('EUR', '2023-01-31')?.source).toContain('EUR/TRY monthly mean 2023-01 of 22 daily fixings');
  });
  it('two invoices of one year in January and December get their own months', () => {
    expect(rateToTry('USD', '2023-01-05')?.rate).toBe('18.786246');
    expect(rateToTry('USD', '2023-12-20')?.rate).toBe('29.095141');
  });
  it('covers 2005 onwards (a 2009 return gets a rate), GBP and CHF too', () => {
    expect(rateToTry('USD', '2009-03-10')).toMatchObject({ month: '2009-03', carriedForward: false });
    expect(Number(rateToTry('GBP', '2020-02-01')?.rate)).toBeGreaterThan(Number(rateToTry('USD', '2020-02-01')?.rate));
    expect(rateToTry('CHF', '2016-07-01')).not.toBeNull();
  });
  it('TRY is the identity', () => {
    expect(rateToTry('TRY', '2001-01-01')?.rate).toBe('1');
  });
  it('the partial last month says so; months after it carry it forward, flagged, for at most 12 months', () => {
    expect(rateToTry('USD', '2026-04-02')?.source).toContain('partial month to 2026-04-13');
    const later = rateToTry('USD', '2026-09-10');
    expect(later).toMatchObject({ month: '2026-04', carriedForward: true, rate: rateToTry('USD', '2026-04-01')?.rate });
    expect(later?.source).toContain('carried forward to 2026-09');
    expect(rateToTry('USD', '2027-04-30')).not.toBeNull();
    expect(rateToTry('USD', '2027-05-01')).toBeNull();
  });
  it('returns null for unpriced currencies, dates before the new lira and malformed dates', () => {
    expect(rateToTry('JPY', '2024-03-15')).toBeNull();
    expect(rateToTry('USD', '2004-12-31')).toBeNull();
    expect(rateToTry('USD', '15.03.2024')).toBeNull();
  });
});

describe('usPriceIndex', () => {
  it('gives the published month and the 2022 base average', () => {
    expect(usPriceIndex('2022-06')).toMatchObject({ value: '296.311', flag: null });
    expect(priceIndexBase()).toMatchObject({ year: '2022', value: '292.655' });
  });
  it('interpolates the never-published 2025-10 from its neighbours, flagged', () => {
    const p = usPriceIndex('2025-10');
    const mean = (Number(usPriceIndex('2025-09')?.value) + Number(usPriceIndex('2025-11')?.value)) / 2;
    expect(p?.flag).toBe('interpolated');
    expect(Number(p?.value)).toBeCloseTo(mean, 6);
    expect(p?.source).toContain('never published');
  });
  it('carries the last month forward, flagged, and has nothing before 2005 or past a year', () => {
    expect(usPriceIndex('2026-08')).toMatchObject({ value: usPriceIndex('2026-05')?.value, flag: 'carried_forward' });
    expect(usPriceIndex('2027-06')).toBeNull();
    expect(usPriceIndex('2004-12')).toBeNull();
    expect(usPriceIndex('2024')).toBeNull();
  });
});
