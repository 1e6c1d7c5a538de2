/** A document's bytes → its text (domain/xml-encoding.ts), refusals as ParseError like every other reading problem. */
import { decodeXmlBytes as decode, XmlEncodingError, type DecodeXmlOptions } from '../../domain/xml-encoding.js';
import { ParseError } from './errors.js';

export type { DecodeXmlOptions };

export function decodeXmlBytes(bytes: Uint8Array, options: DecodeXmlOptions = {}): string {
  try {
    return decode(bytes, options);
  } catch (error) {
    if (error instanceof XmlEncodingError) throw new ParseError(error.reason, error.message);
    throw error;
  }
}
