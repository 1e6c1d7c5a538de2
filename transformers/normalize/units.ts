/**
 * UN/ECE Rec 20 (+ GİB additions) unit codes → canonical units (domain/units.ts), with the exact
 * multiplier (carbon.md §6, ubl-tr.md §5). Codes are case-sensitive upper case. Codes that are not a
 * quantity of anything we account for (kvarh, kW, kVA) map to no unit on purpose.
 */
import type { CanonicalUnit } from '../../domain/units.js';
import { dec, ONE, type Decimal } from '../decimal/index.js';

export interface UnitConversion {
  unit: CanonicalUnit;
  factor: Decimal;
}

const THOUSAND = dec('1000');

const conversions: Readonly<Record<string, UnitConversion>> = {
  KWH: { unit: 'kWh', factor: ONE },
  MWH: { unit: 'kWh', factor: THOUSAND },
  GWH: { unit: 'kWh', factor: dec('1000000') },
  D32: { unit: 'kWh', factor: dec('1000000000') }, // terawatt hour
  TWH: { unit: 'kWh', factor: dec('1000000000') },
  KJO: { unit: 'MJ', factor: dec('0.001') },
  '3B': { unit: 'MJ', factor: ONE }, // megajoule
  GV: { unit: 'MJ', factor: THOUSAND }, // gigajoule
  SM3: { unit: 'Sm3', factor: ONE },
  // Normal m³ (0 °C) → standard m³ (15 °C), same pressure: × 288.15 / 273.15.
  NM3: { unit: 'Sm3', factor: dec('1.054915') },
  MTQ: { unit: 'm3', factor: ONE },
  R9: { unit: 'm3', factor: THOUSAND }, // thousand m³
  LTR: { unit: 'L', factor: ONE },
  D40: { unit: 'L', factor: THOUSAND }, // thousand litres
  KGM: { unit: 'kg', factor: ONE },
  TNE: { unit: 't', factor: ONE },
  TKM: { unit: 't.km', factor: ONE },
  KTM: { unit: 'km', factor: ONE },
  KMT: { unit: 'km', factor: ONE },
  C62: { unit: 'piece', factor: ONE },
  NIU: { unit: 'piece', factor: ONE },
  H87: { unit: 'piece', factor: ONE },
  EA: { unit: 'piece', factor: ONE },
  DAY: { unit: 'day', factor: ONE },
  MON: { unit: 'month', factor: ONE },
  ANN: { unit: 'month', factor: dec('12') },
  HUR: { unit: 'hour', factor: ONE },
};

/** Codes in the UBL-TR list that are deliberately not quantities (no canonical unit, not "unknown"). */
const notAQuantity: ReadonlySet<string> = new Set(['K3', 'KWT', 'KVA', 'KVR', 'D30', 'MTR', 'MMQ', 'BX', 'SET', 'PR', 'PA', 'B32', 'MTK']);

/** Reactive energy (kvarh): never active energy (carbon.md §6). */
export const REACTIVE_ENERGY_CODE = 'K3';

export type UnitLookup = { kind: 'unit'; conversion: UnitConversion } | { kind: 'not_a_quantity' } | { kind: 'unknown' };

export function lookupUnit(code: string): UnitLookup {
  const conversion = conversions[code];
  if (conversion) return { kind: 'unit', conversion };
  return notAQuantity.has(code) ? { kind: 'not_a_quantity' } : { kind: 'unknown' };
}

/** Units whose quantities a utility bill repeats on its network and service lines. */
export const METERED_UNITS: ReadonlySet<CanonicalUnit> = new Set(['kWh', 'MJ', 'Sm3', 'm3']);
