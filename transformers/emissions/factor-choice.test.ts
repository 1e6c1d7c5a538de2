import { describe, expect, it } from 'vitest';
import { classifyLine, loadDefaultModel } from '../classify/index.js';
import { subcategoryKeys } from '../classify/subcategories.js';
import { calculate, loadFactorLibrary, subcategoryFactors, type CalculationInput } from './index.js';

const library = loadFactorLibrary();
const model = loadDefaultModel();

/** Classify like the transform does, then calculate: the factor a real line ends up with. */
function factorOf(description: string, unitCode: string, over: Partial<CalculationInput> = {}) {
  const c = classifyLine({ description, unitCode }, { rules: [], model });
  return { classification: c, calculation: calculate({ category: c.category, subcategory: c.subcategory, netAmount: '1000', currency: 'TRY', activityDate: '2024-03-15', ...over }, library) };
}

describe('spend factor per kind of spend: description → EPA v1.3 NAICS row', () => {
  it.each([
    ['Araç kiralama bedeli (3 gün)', 'DAY', '532111'],
    ['Rent a car hizmeti', 'C62', '532111'],
    ['Taksi ücreti', 'C62', '485310'],
    ['Dizüstü bilgisayar 14"', 'C62', '334111'],
    ['Temizlik hizmet bedeli', 'MON', '561720'],
    ['Özel güvenlik hizmet bedeli', 'MON', '561612'],
    ['Deniz yolu konteyner navlunu', 'C62', '483111'],
    ['Hava kargo navlun bedeli', 'C62', '481112'],
    ['Kargo gönderi bedeli', 'C62', '492110'],
    ['Karayolu nakliye bedeli', 'C62', '484121'],
    ['Depolama ve ardiye hizmeti', 'C62', '493110'],
    ['Yazılım lisans bedeli', 'C62', '511210'],
    ['Atıksu bedeli', 'C62', '221320'],
    ['Su bedeli', 'C62', '221310'],
    ['Tehlikeli atık bertaraf bedeli', 'C62', '562211'],
    ['Personel yemek hizmeti', 'C62', '722511'],
  ] as const)('%s (%s) → NAICS %s', (description, unitCode, naics) => {
    const { calculation } = factorOf(description, unitCode);
    expect(calculation).toMatchObject({ method: 'spend', factorKey: `epa.v1_3.naics.${naics}` });
  });

  it('every sub-category the classifier can emit points to a factor of the library', () => {
    for (const key of subcategoryKeys) {
      const choice = subcategoryFactors[key];
      for (const k of [...choice.activity, ...(choice.spend ? [choice.spend] : [])]) expect(library.byKey.has(k), `${key}: ${k}`).toBe(true);
    }
  });
});

describe('water and wastewater', () => {
  it('the wastewater line of a water bill uses the treatment factor, the supply line the supply factor, each once', () => {
    const supply = factorOf('Su tüketim bedeli', 'MTQ', { quantity: '10', unit: 'm3' }).calculation;
    const wastewater = factorOf('Atıksu bedeli', 'MTQ', { quantity: '10', unit: 'm3' }).calculation;
    expect(supply).toMatchObject({ factorKey: 'water.supply.m3', kgCO2e: '1.913' });
    expect(wastewater).toMatchObject({ factorKey: 'water.treatment.m3', kgCO2e: '1.709' });
  });
});

describe('refrigerants: kg of gas × GWP, AR5 by default, AR6 selectable', () => {
  const refill = (description: string, quantity: string, unit: 'kg' | 't', gwpBasis?: 'AR5' | 'AR6') => {
    const c = classifyLine({ description, unitCode: unit === 'kg' ? 'KGM' : 'TNE' }, { rules: [], model });
    expect(c.category).toBe('refrigerant');
    return calculate({ category: c.category, subcategory: c.subcategory, quantity, unit, netAmount: '5000', currency: 'TRY', activityDate: '2024-03-15' }, library, gwpBasis ? { gwpBasis } : {});
  };
  it('R-410A: 2 kg × (0.5 × 677 + 0.5 × 3170 = 1,923.5) = 3,847 kg at AR5; × 2,255.5 = 4,511 kg at AR6', () => {
    expect(refill('R-410A gaz dolumu', '2', 'kg')).toMatchObject({ method: 'activity', factorKey: 'refrigerant.r410a.ar5', kgCO2e: '3847.000' });
    const ar6 = refill('R410A klima gazı', '2', 'kg', 'AR6');
    expect(ar6).toMatchObject({ factorKey: 'refrigerant.r410a.ar6', kgCO2e: '4511.000' });
    expect(ar6.audit.gwpBasis).toBe('AR6');
    expect(ar6.audit.factor).toMatchObject({ licence: 'CC0 1.0', gwpBasis: 'AR6' });
  });
  it('blends by mass: R-404A 1 kg = 0.44 × 3,170 + 0.52 × 4,800 + 0.04 × 1,300 = 3,942.8; R-407C = 1,624.21 (AR5)', () => {
    expect(refill('R-404A soğutucu gaz', '1', 'kg').kgCO2e).toBe('3942.800');
    expect(refill('Soğutucu gaz R407C', '1', 'kg').kgCO2e).toBe('1624.210');
  });
  it('single species and tonnes: 0.01 t R-32 = 10 kg × 677 = 6,770 kg; R-134a 1 kg × 1,300', () => {
    const r32 = refill('R32 gaz şarjı', '0.01', 't');
    expect(r32).toMatchObject({ kgCO2e: '6770.000', activityUnit: 'kg' });
    expect(r32.audit.steps[0]).toMatchObject({ step: 'unit_conversion', basis: '1 t = 1,000 kg' });
    expect(refill('R-134a gaz takviyesi', '1', 'kg').kgCO2e).toBe('1300.000');
  });
  it('a refill naming no known gas gets no result, and says which gas it lacks', () => {
    const unnamed = refill('Klima gaz dolumu', '3', 'kg');
    expect(unnamed).toMatchObject({ method: null, reasonCode: 'no_factor_for_category' });
    expect(unnamed.reason).toContain('gas not named');
    expect(refill('R-449A gaz dolumu', '3', 'kg').reason).toContain('gas R-449A');
  });
});

describe('fuel oil', () => {
  const fuelOil = (quantity: string, unit: 'L' | 'kg' | 't' | 'piece') =>
    calculate({ category: 'fuel_oil', quantity, unit, netAmount: '50000', currency: 'TRY', activityDate: '2024-03-15' }, library);
  it('per litre (DESNZ 2025 residual fuel oil 3.17492) and per kg or t (IPCC-derived 3.1367772)', () => {
    expect(fuelOil('1000', 'L')).toMatchObject({ factorKey: 'fuel_oil.residual.desnz.l', kgCO2e: '3174.920' });
    expect(fuelOil('2', 't')).toMatchObject({ factorKey: 'fuel_oil.residual.ipcc.kg', activityAmount: '2000', kgCO2e: '6273.554' });
    expect(fuelOil('4', 'piece')).toMatchObject({ method: null, reasonCode: 'no_factor_for_category' });
  });
});

describe('the audit of a result', () => {
  it('carries factor id, value, unit, source, edition, licence, GWP basis, every conversion and the rounding', () => {
    const { audit } = calculate({ category: 'business_travel_ground', subcategory: 'ground.car_rental', netAmount: '100', currency: 'EUR', activityDate: '2024-05-10' }, library);
    expect(audit.factor).toMatchObject({ key: 'epa.v1_3.naics.532111', value: '0.11', unit: 'USD', currencyYear: '2022', edition: 'EPA SEF v1.3.0' });
    expect(audit.factor?.licence).toContain('public domain');
    expect(audit.factor?.source).toContain('Passenger Car Rental');
    expect(audit.steps.map((s) => [s.step, s.from.unit, s.to.unit])).toEqual([
      ['currency_conversion', 'EUR', 'TRY'], ['currency_conversion', 'TRY', 'USD'], ['deflation', 'USD 2024-05', 'USD 2022'], ['emission_factor', 'USD 2022', 'kg CO2e'],
    ]);
    expect(audit.steps[0]).toMatchObject({ multiplier: '34.860495' });
    expect(audit.rounding).toContain('half away from zero, to 3 decimals');
    const diesel = calculate({ category: 'diesel', quantity: '10', unit: 'L', netAmount: '400', currency: 'TRY', activityDate: '2024-03-15' }, library);
    expect(diesel.audit.gwpBasis).toBe('AR5');
  });
});
