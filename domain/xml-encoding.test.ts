import { TextDecoder } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodeXmlBytes, XmlEncodingError } from './xml-encoding.js';

/** The decoder the fast UTF-8 path must agree with, byte for byte and refusal for refusal. */
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

describe('decodeXmlBytes, UTF-8', () => {
  it('gives the strict decoder’s text for ASCII, Turkish, astral characters and a BOM inside', () => {
    for (const text of ['<a>plain</a>', '<a>Şeker ğüıöç İ</a>', '<a>😀 \u{10ffff} \uffff €</a>', '<a>\ufeff</a>']) {
      const bytes = Buffer.from(text, 'utf8');
      expect(decodeXmlBytes(bytes)).toBe(strict.decode(bytes));
    }
    // A leading BOM is the document's, not its text.
    expect(decodeXmlBytes(Buffer.from('\ufeff<a>ş</a>', 'utf8'))).toBe('<a>ş</a>');
  });

  it('agrees with the strict decoder on thousands of random byte strings (seeded): same text, or refused where it refuses', () => {
    let seed = 15;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % 256;
    for (let n = 0; n < 5_000; n++) {
      // '<' first, so no byte sequence is read as a BOM or UTF-16.
      const bytes = Buffer.from([0x3c, ...Array.from({ length: 1 + (n % 9) }, () => (n % 3 === 0 ? next() & 0x7f : next()))]);
      let expected: string | undefined;
      try {
        expected = strict.decode(bytes);
      } catch {
        expected = undefined;
      }
      if (expected === undefined) expect(() => decodeXmlBytes(bytes)).toThrow(XmlEncodingError);
      else expect(decodeXmlBytes(bytes)).toBe(expected);
    }
  });
});
