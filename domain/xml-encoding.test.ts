import { TextDecoder } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodeXmlBytes, decodeXmlSource, utf8Text, XmlEncodingError } from './xml-encoding.js';

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

describe('utf8Text', () => {
  it('gives what toString("utf8") gives, invalid sequences included (as U+FFFD)', () => {
    let seed = 27;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % 256;
    const samples = [Buffer.from('<a>Şeker ğüıöç İ 😀</a>', 'utf8'), Buffer.from('plain'), Buffer.from([0x3c, 0xc3, 0x28, 0xe2, 0x82])];
    for (let n = 0; n < 2_000; n++) samples.push(Buffer.from(Array.from({ length: 1 + (n % 11) }, next)));
    for (const bytes of samples) expect(utf8Text(bytes)).toBe(bytes.toString('utf8'));
  });
});

describe('decodeXmlSource', () => {
  it('names the bytes that are exactly the text’s UTF-8 (BOM left out), and none for another encoding', () => {
    const text = '<a>Şeker ğüıöç</a>';
    for (const bytes of [Buffer.from(text, 'utf8'), Buffer.from(`\ufeff${text}`, 'utf8')]) {
      const decoded = decodeXmlSource(bytes);
      expect(decoded.text).toBe(text);
      expect(Buffer.from(decoded.utf8!).equals(Buffer.from(text, 'utf8'))).toBe(true);
    }
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeXmlSource(utf16)).toEqual({ text });
    const turkish = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1254"?><a>'), Buffer.from([0xfe, 0xf0]), Buffer.from('</a>')]);
    expect(decodeXmlSource(turkish)).toEqual({ text: '<?xml version="1.0" encoding="windows-1254"?><a>şğ</a>' });
  });
});
