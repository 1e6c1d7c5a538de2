/**
 * Unit conversions between canonical units (domain/units.ts) used to reach a factor's unit, each with
 * its factor and provenance so the audit record can show it (carbon.md §6).
 */
import type { CategoryKey } from '../../domain/categories.js';
import type { CanonicalUnit } from '../../domain/units.js';

export interface UnitConversion {
  from: CanonicalUnit;
  to: CanonicalUnit;
  /** Multiply the quantity by this (decimal string, or a fraction "1/3.6"). */
  multiplier: string;
  divisor: string;
  basis: string;
}

const generic: UnitConversion[] = [
  { from: 'MJ', to: 'kWh', multiplier: '1', divisor: '3.6', basis: '1 kWh = 3.6 MJ [I]' },
  { from: 't', to: 'kg', multiplier: '1000', divisor: '1', basis: '1 t = 1,000 kg' },
  { from: 'kg', to: 't', multiplier: '1', divisor: '1000', basis: '1 t = 1,000 kg' },
  { from: 'night', to: 'room.night', multiplier: '1', divisor: '1', basis: 'one room per night invoiced [I]' },
];

// BOTAŞ reference GCV 9,155 kcal/Sm3 ÷ 860.42 kcal/kWh = 10.64 kWh/Sm3 (carbon.md §6 [V]).
const naturalGas: UnitConversion[] = [
  { from: 'Sm3', to: 'kWh', multiplier: '10.64', divisor: '1', basis: 'natural gas Sm3 → kWh GCV × 10.64 (BOTAŞ reference GCV 9,155 kcal/Sm3 / 860.42) [V]' },
  { from: 'kWh', to: 'Sm3', multiplier: '1', divisor: '10.64', basis: 'natural gas kWh GCV → Sm3 ÷ 10.64 (BOTAŞ reference GCV) [V]' },
  { from: 'm3', to: 'Sm3', multiplier: '1', divisor: '1', basis: 'billed m3 taken as standard m3 (correction factor K = 1; prefer K printed on the bill) [I]' },
];

// Hotels invoice stays by the day (DAY) as often as by the night.
const hotel: UnitConversion[] = [
  { from: 'day', to: 'room.night', multiplier: '1', divisor: '1', basis: 'hotel day invoiced = one room-night [I]' },
];

/** Conversions allowed for a category; commodity-specific ones (gas calorific value, hotel days) only for it. */
export function conversionsFor(category: CategoryKey): readonly UnitConversion[] {
  if (category === 'natural_gas') return [...naturalGas, ...generic];
  if (category === 'business_travel_hotel') return [...hotel, ...generic];
  return generic;
}

/**
 * Shortest chain of conversions (at most two) from `from` to `to`, or null. Direct match is the empty chain.
 */
export function conversionPath(category: CategoryKey, from: CanonicalUnit, to: CanonicalUnit): UnitConversion[] | null {
  if (from === to) return [];
  const edges = conversionsFor(category);
  for (const first of edges.filter((e) => e.from === from)) {
    if (first.to === to) return [first];
  }
  for (const first of edges.filter((e) => e.from === from)) {
    const second = edges.find((e) => e.from === first.to && e.to === to);
    if (second) return [first, second];
  }
  return null;
}
