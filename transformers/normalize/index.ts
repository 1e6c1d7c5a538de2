/** Normalization into the common invoice schema: normalizeInvoice(parsed, ctx) → { invoice, lines, flags }. */
export { normalizeInvoice, invoiceTypes, profiles, type NormalizeContext, type RateLookup, type RateQuery, type RateQuote } from './normalize.js';
export {
  ActivityExclusion,
  ActivityRole,
  DecimalText,
  Direction,
  FxRate,
  NormalizedDocument,
  NormalizedInvoice,
  NormalizedLine,
  Party,
  Sign,
  TaxLine,
  WithholdingLine,
} from './schema.js';
export { foldRepeatedFlags, MAX_FLAGS_PER_CODE } from './flags.js';
export { isReviewFlag, REVIEW_FLAG_CODES, type ReviewFlagCode } from './plausibility.js';
export { TaxKind, taxKind } from './taxes.js';
export { foldTurkish } from './text.js';
export { lookupUnit, type UnitConversion } from './units.js';
