/**
 * The transform stage: pure, synchronous, deterministic functions from raw UBL-TR XML to classified,
 * calculated invoice lines. transformDocument composes the steps; each step is exported for callers
 * that need only part of it (inspect, classify, tests).
 */
export { transformDocument, defaultTransformContext, tableRateLookup, type TransformContext, type TransformedDocument, type TransformedLine } from './transform.js';
export {
  decodeXmlBytes,
  DEFAULT_MAX_BYTES,
  parseUblTr,
  ParseError,
  type ParseErrorCode,
  type ParseOptions,
  Flag,
  ParsedInvoice,
} from './ubl-tr/index.js';
export { isReviewFlag, REVIEW_FLAG_CODES, type ReviewFlagCode } from './normalize/index.js';
export { normalizeInvoice, NormalizedDocument, NormalizedInvoice, NormalizedLine, type NormalizeContext, type RateLookup } from './normalize/index.js';
