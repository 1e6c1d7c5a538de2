import { z } from 'zod';
import { ProviderId } from '../../domain/providers.js';

/** The largest inbox a dataset may describe; headers are generated on demand, so this bounds nothing in memory. */
export const MAX_INVOICES = 1_000_000;

/**
 * Largest gap, in days, between an invoice's issue date and its arrival in the inbox. A simulator that
 * filters on issue date [d1, d2] finds every candidate among arrivals in [d1, d2 + MAX_ARRIVAL_LAG_DAYS].
 */
export const MAX_ARRIVAL_LAG_DAYS = 10;

const isoUtc = z.iso.datetime({ offset: false });

/** What one provider inbox of one organization holds: the input of every generator function. */
export const DatasetSpec = z
  .object({
    seed: z.number().int().refine(Number.isSafeInteger, 'seed must be a safe integer'),
    provider: ProviderId,
    invoices: z.number().int().min(0).max(MAX_INVOICES),
    from: isoUtc,
    to: isoUtc,
    customer: z.object({
      vkn: z.string().regex(/^\d{10}$/, 'VKN is 10 digits'),
      name: z.string().min(1),
    }),
  })
  .refine((s) => Date.parse(s.from) < Date.parse(s.to), { message: 'from must be before to', path: ['to'] });
export type DatasetSpec = z.infer<typeof DatasetSpec>;

/** A spec the generator cannot honour (invalid fields, or an index outside the dataset). */
export class DatasetSpecError extends Error {
  override name = 'DatasetSpecError';
  constructor(message: string, readonly context: { provider?: string; index?: number; field?: string }) {
    super(message);
  }
}
