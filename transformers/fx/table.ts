/** Schema of the committed monthly FX and CPI table (data/fx-cpi-monthly.json, written by scripts/build-fx-cpi.ts). */
import { z } from 'zod';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const PositiveDecimal = z.string().regex(/^\d+(\.\d+)?$/);

export const FxCpiFile = z.object({
  generatedBy: z.string(),
  sources: z.record(z.string(), z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), origin: z.string(), licence: z.string() })),
  fx: z.object({
    series: z.string(),
    method: z.string(),
    caveat: z.string(),
    currencies: z.array(z.string().length(3)),
    lastFixing: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** The last month when its fixings stop before its last weekday; its mean covers only part of it. */
    partialMonth: Month.nullable(),
    months: z.array(z.object({ month: Month, fixings: z.number().int().positive(), tryPer: z.record(z.string(), PositiveDecimal) })),
  }),
  cpi: z.object({
    series: z.string(),
    baseYear: z.string().regex(/^\d{4}$/),
    baseYearAverage: PositiveDecimal,
    /** null: never published (BLS collected no data for 2025-10). */
    months: z.array(z.object({ month: Month, index: PositiveDecimal.nullable() })),
  }),
});
export type FxCpiFile = z.infer<typeof FxCpiFile>;
