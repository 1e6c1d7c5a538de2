import { z } from 'zod';
import { CategoryKey } from '../../domain/categories.js';
import { CanonicalUnit } from '../../domain/units.js';
import { DecimalText } from '../decimal/index.js';

/** One emission factor of the library (kg CO2e per `unit`, or per `currencyYear` `currency` for spend factors). */
export const EmissionFactor = z.object({
  key: z.string().min(1),
  edition: z.string().min(1),
  /** Category the factor serves, or null for spend rows that no category uses by default. */
  category: CategoryKey.nullable(),
  scope: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  scope3Category: z.number().int().min(1).max(15).nullable(),
  method: z.enum(['activity', 'spend']),
  /** Activity unit (canonical), or the spend currency code for spend factors. */
  unit: z.union([CanonicalUnit, z.literal('USD')]),
  value: DecimalText,
  currencyYear: z.string().regex(/^\d{4}$/).nullable(),
  priceBasis: z.enum(['purchaser']).nullable(),
  tag: z.enum(['[V]', '[V3]', '[I]']),
  /** IPCC assessment whose GWPs combine the gases into CO2e; null when the source does not say. */
  gwpBasis: z.enum(['AR4', 'AR5', 'AR6']).nullable(),
  source: z.string().min(1),
  sourceUrl: z.string().nullable(),
  licence: z.string().min(1),
  /** SHA-256 of the source file in data/ the value was generated from; null for hand-transcribed rows. */
  sourceSha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  /** Where in the source file: "NAICS 484121" or "activity-factors.csv row 3". */
  sourceRow: z.string(),
  includesRf: z.boolean().nullable(),
  geography: z.string().nullable(),
  notes: z.string(),
});
export type EmissionFactor = z.infer<typeof EmissionFactor>;

export const FactorLibraryFile = z.object({
  setVersion: z.string(),
  generatedBy: z.string(),
  sources: z.record(z.string(), z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), recordedSha256: z.string().nullable() })),
  factors: z.array(EmissionFactor),
});
export type FactorLibraryFile = z.infer<typeof FactorLibraryFile>;

/** Key of the spend fallback factor: the median of all EPA v1.3 rows (computed by build.ts). */
export const EPA_MEDIAN_KEY = 'epa.v1_3.median_all_rows';

export const GWP_BASES = ['AR4', 'AR5', 'AR6'] as const;
export type GwpBasis = (typeof GWP_BASES)[number];
/** The GWP basis of refrigerant results unless the caller selects another (DESNZ's basis; IFRS S2 asks for AR6). */
export const DEFAULT_GWP_BASIS: GwpBasis = 'AR5';

/** Key of a refrigerant factor: `refrigerant.r410a.ar5`. */
export const refrigerantFactorKey = (designation: string, basis: GwpBasis): string =>
  `refrigerant.${designation.toLowerCase().replaceAll('-', '')}.${basis.toLowerCase()}`;
