import { z } from 'zod';

/**
 * Canonical units an invoice quantity is normalized into (from UN/ECE Rec 20 unit codes), and the units
 * emission factors are expressed in. One list, so normalization and factor matching cannot drift apart.
 */
export const canonicalUnits = [
  'kWh', 'MJ', 'Sm3', 'm3', 'L', 'kg', 't', 't.km', 'p.km', 'km', 'room.night', 'night', 'hour', 'day', 'month', 'piece',
] as const;
export const CanonicalUnit = z.enum(canonicalUnits);
export type CanonicalUnit = z.infer<typeof CanonicalUnit>;
