/** UBL-TR parsing: parseUblTr(xml) → ParsedInvoice, or a ParseError naming what is wrong and where. */
export { parseUblTr, assertParsedInvoice, type ParseOptions } from './parse.js';
export { ParseError, type ParseErrorCode } from './errors.js';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, INVOICE_NAMESPACE } from './xml.js';
export { decodeXmlBytes, type DecodeXmlOptions } from './encoding.js';
export {
  Flag,
  ParsedAmount,
  ParsedAllowanceCharge,
  ParsedInvoice,
  ParsedLine,
  ParsedParty,
  ParsedTaxSubtotal,
  ParsedTaxTotal,
} from './schema.js';
