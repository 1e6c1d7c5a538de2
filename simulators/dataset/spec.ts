import { z } from 'zod';
import { ProviderId } from '../../domain/providers.js';

/** The largest inbox a dataset may describe; headers are generated on demand, so this bounds nothing in memory. */
export const MAX_INVOICES = 1_000_000;

/**
 * Largest gap, in days, between an invoice's issue date and its arrival in the inbox. A simulator that
 * filters on issue date [d1, d2] finds every candidate among arrivals in [d1, d2 + MAX_ARRIVAL_LAG_DAYS].
 */
export const MAX_ARRIVAL_LAG_DAYS = 10;

/** Most lines a fixed-size dataset may give each invoice. */
export const MAX_LINES_PER_INVOICE = 1000;

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
    /** Every invoice with exactly this many lines (its kind's lines repeated or cut), instead of the kind's own mix. */
    linesPerInvoice: z.number().int().min(1).max(MAX_LINES_PER_INVOICE).optional(),
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
