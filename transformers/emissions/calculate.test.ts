import { describe, expect, it } from 'vitest';
import { calculate, factorLibrary, loadFactorLibrary, type CalculationInput } from './index.js';

const library = loadFactorLibrary();
const line = (over: Partial<CalculationInput> & Pick<CalculationInput, 'category'>): CalculationInput => ({
  netAmount: '0', currency: 'TRY', activityDate: '2024-03-15', ...over,
});

describe('activity-based calculation', () => {
  it('electricity: 1,000 kWh × 0.439 = 439 kg (ETKB location-based)', () => {
    const c = calculate(line({ category: 'electricity', quantity: '1000', unit: 'kWh', netAmount: '3500.00' }), library);
    expect(c).toMatchObject({ method: 'activity', activityAmount: '1000', activityUnit: 'kWh', factorKey: 'electricity.tr.grid.location', kgCO2e: '439.000' });
    expect(c.audit.factor).toMatchObject({ value: '0.439', tag: '[V]' });
    expect(c.audit.steps).toEqual([expect.objectContaining({ step: 'emission_factor', from: { value: '1000', unit: 'kWh' }, to: { value: '439', unit: 'kg CO2e' } })]);
  });

  it('natural gas in Sm3 uses the per-Sm3 factor directly: 1,000 Sm3 × 1.936 = 1,936 kg', () => {
    const c = calculate(line({ category: 'natural_gas', quantity: '1000', unit: 'Sm3' }), library);
    expect(c).toMatchObject({ method: 'activity', factorKey: 'natural_gas.tr.ipcc_botas.sm3', kgCO2e: '1936.000' });
  });

  it('natural gas Sm3 → kWh when only the kWh factor exists: 100 Sm3 × 10.64 = 1,064 kWh × 0.1819 = 193.5416 → 193.542 kg', () => {
    const kwhOnly = factorLibrary({ setVersion: 'test', generatedBy: 'test', sources: {}, factors: library.factors.filter((f) => f.key !== 'natural_gas.tr.ipcc_botas.sm3') });
    const c = calculate(line({ category: 'natural_gas', quantity: '100', unit: 'Sm3' }), kwhOnly);
    expect(c).toMatchObject({ method: 'activity', activityAmount: '1064', activityUnit: 'kWh', kgCO2e: '193.542' });
    expect(c.audit.steps[0]).toMatchObject({ step: 'unit_conversion', multiplier: '10.64', to: { value: '1064', unit: 'kWh' } });
    expect(c.audit.unroundedKgCO2e).toBe('193.5416');
  });

  it('natural gas in MJ converts to kWh: 3,600 MJ ÷ 3.6 = 1,000 kWh × 0.1819 = 181.9 kg', () => {
    expect(calculate(line({ category: 'natural_gas', quantity: '3600', unit: 'MJ' }), library)).toMatchObject({ activityAmount: '1000', kgCO2e: '181.900' });
  });

  it('billed m3 of gas is taken as Sm3 and the assumption is recorded', () => {
    const c = calculate(line({ category: 'natural_gas', quantity: '10', unit: 'm3' }), library);
    expect(c.kgCO2e).toBe('19.360');
    expect(c.audit.steps[0]?.basis).toContain('K = 1');
  });

  it('hotel days are room-nights: 2 days × 32.1 (Turkey) = 64.2 kg; other categories do not convert days', () => {
    expect(calculate(line({ category: 'business_travel_hotel', quantity: '2', unit: 'day', netAmount: '6000' }), library))
      .toMatchObject({ method: 'activity', activityUnit: 'room.night', kgCO2e: '64.200' });
    expect(calculate(line({ category: 'leased_assets', quantity: '30', unit: 'day', netAmount: '6000' }), library).method).toBe('spend');
  });

  it('a return is negative and rounds half away from zero: -50 L diesel × 2.66155 = -133.0775 → -133.078 kg', () => {
    expect(calculate(line({ category: 'diesel', quantity: '-50', unit: 'L' }), library)).toMatchObject({ method: 'activity', kgCO2e: '-133.078' });
  });
});

describe('spend-based calculation', () => {
  it('TRY spend → USD at the ECB mean of the issue month → 2022 USD by the month\'s CPI-U → EPA median', () => {
    // 10,000 TRY ÷ 32.029243 TRY/USD (ECB mean 2024-03) = 312.2146 USD; × 292.655 / 312.332 (CPI-U 2022 average / 2024-03)
    // = 292.5481 USD 2022; × 0.173 kg/USD 2022 = 50.6103 kg → 50.610.
    const c = calculate(line({ category: 'purchased_services', netAmount: '10000.00' }), library);
    expect(c).toMatchObject({ method: 'spend', factorKey: 'epa.v1_3.median_all_rows', activityUnit: 'USD 2022', kgCO2e: '50.610' });
    expect(c.audit.steps.map((s) => s.step)).toEqual(['currency_conversion', 'deflation', 'emission_factor']);
    expect(c.audit.steps[0]).toMatchObject({ divisor: '32.029243', to: { unit: 'USD' } });
    expect(c.audit.steps[0]?.basis).toContain('USD/TRY monthly mean 2024-03');
    expect(c.audit.steps[1]).toMatchObject({ multiplier: '292.655', divisor: '312.332', from: { unit: 'USD 2024-03' }, to: { unit: 'USD 2022' } });
    expect(c.audit.flags).toEqual([]);
  });

  it('January and December of one year use their own months', () => {
    const jan = calculate(line({ category: 'purchased_goods', netAmount: '1000', activityDate: '2023-01-10' }), library);
    const dec = calculate(line({ category: 'purchased_goods', netAmount: '1000', activityDate: '2023-12-10' }), library);
    expect(jan.audit.steps[0]?.divisor).toBe('18.786246');
    expect(dec.audit.steps[0]?.divisor).toBe('29.095141');
  });

  it('EUR with the invoice rate: 100 EUR × 35 = 3,500 TRY ÷ 32.24189 × 292.655/314.069 × 0.145 (hotel) = 14.6672 kg', () => {
    const c = calculate(line({ category: 'business_travel_hotel', netAmount: '100', currency: 'EUR', exchangeRateToTry: '35', activityDate: '2024-05-10' }), library);
    expect(c).toMatchObject({ method: 'spend', factorKey: 'epa.v1_3.naics.721110', kgCO2e: '14.667' });
    expect(c.audit.steps[0]).toMatchObject({ basis: 'invoice PricingExchangeRate EUR/TRY', to: { value: '3500', unit: 'TRY' } });
    expect(c.audit.flags).toEqual([]);
  });

  it('EUR without the invoice rate uses the ECB monthly mean: 100 × 34.860495 ÷ 32.24189 × 292.655/314.069 × 0.173 = 17.430 kg', () => {
    const c = calculate(line({ category: 'purchased_goods', netAmount: '100', currency: 'EUR', activityDate: '2024-05-10' }), library);
    expect(c.kgCO2e).toBe('17.430');
    expect(c.audit.steps[0]?.basis).toContain('EUR/TRY monthly mean 2024-05');
  });

  it('flags a rate and index carried forward past the data, and the interpolated 2025-10 CPI', () => {
    const late = calculate(line({ category: 'purchased_goods', netAmount: '100', activityDate: '2026-08-01' }), library);
    expect(late.audit.flags).toEqual(['fx_rate_carried_forward', 'price_index_carried_forward']);
    // 1,000 TRY ÷ 41.85601 × 292.655 / ((324.8 + 324.122) / 2 = 324.461) × 0.214 (janitorial) = 4.612 kg
    const october = calculate(line({ category: 'purchased_services', subcategory: 'services.cleaning', netAmount: '1000', activityDate: '2025-10-20' }), library);
    expect(october).toMatchObject({ kgCO2e: '4.612', factorKey: 'epa.v1_3.naics.561720' });
    expect(october.audit.flags).toEqual(['price_index_interpolated']);
    expect(october.audit.steps[1]).toMatchObject({ divisor: '324.461' });
  });

  it('a 2009 return gets a result: -1,000 TRY ÷ 1.712971 × 292.655/212.709 × 0.173 = -138.952 kg', () => {
    expect(calculate(line({ category: 'purchased_goods', netAmount: '-1000', activityDate: '2009-03-16' }), library).kgCO2e).toBe('-138.952');
  });

  it('USD of 2022-06 is deflated to the 2022 average: 1,000 × 292.655/296.311 × 0.595 = 587.659 kg road freight', () => {
    expect(calculate(line({ category: 'freight', netAmount: '1000', currency: 'USD', activityDate: '2022-06-01', quantity: '3', unit: 'piece' }), library))
      .toMatchObject({ method: 'spend', factorKey: 'epa.v1_3.naics.484121', kgCO2e: '587.659' });
  });

  it('no rate for the currency or the date → no result, with the reason', () => {
    expect(calculate(line({ category: 'purchased_goods', netAmount: '10', currency: 'JPY' }), library)).toMatchObject({ method: null, reasonCode: 'no_exchange_rate' });
    expect(calculate(line({ category: 'purchased_goods', netAmount: '10', activityDate: '2004-06-01' }), library)).toMatchObject({ method: null, reasonCode: 'no_exchange_rate' });
  });
});

describe('lines that are never calculated by spend', () => {
  it.each(['diesel', 'petrol', 'lpg', 'fuel_oil'] as const)('%s without litres stays uncalculated, with a reason', (category) => {
    for (const quantity of [undefined, '4']) {
      const c = calculate(line({ category, netAmount: '5400.00', quantity, unit: quantity ? 'piece' : undefined }), library);
      expect(c).toMatchObject({ method: null, kgCO2e: null, reasonCode: 'no_factor_for_category' });
      expect(c.reason).toContain('never spend-based');
    }
  });
  it('electricity without kWh is not spend-based', () => {
    expect(calculate(line({ category: 'electricity', netAmount: '100' }), library)).toMatchObject({ method: null, reasonCode: 'no_factor_for_category' });
  });
  it('distribution/transmission lines do not count their kWh again', () => {
    expect(calculate(line({ category: 'electricity', quantity: '1000', unit: 'kWh', countsActivity: false }), library))
      .toMatchObject({ method: null, kgCO2e: null, reasonCode: 'counted_on_another_line' });
  });
  it('not_emission lines get no result', () => {
    expect(calculate(line({ category: 'not_emission', netAmount: '12.00' }), library)).toMatchObject({ method: null, reasonCode: 'not_emission' });
  });
  it('a malformed amount is refused, not thrown', () => {
    expect(calculate(line({ category: 'purchased_goods', netAmount: '1.234,56' }), library)).toMatchObject({ method: null, reasonCode: 'invalid_number' });
  });
});
