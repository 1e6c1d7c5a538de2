import { strToU8, zipSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ContentError, decodeBase64, decodeDocument, decodeInlineContent, decodeInvoiceContent } from './content.js';

const xml = '<?xml version="1.0" encoding="UTF-8"?><Invoice>ş</Invoice>';
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('decodeInvoiceContent', () => {
  it('sniffs plain, BOM, zip and gzip content', () => {
    expect(decodeInvoiceContent(b64(strToU8(xml)))).toBe(xml);
    expect(decodeInvoiceContent(b64(strToU8('\ufeff' + xml)))).toBe(xml);
    expect(decodeInvoiceContent(b64(zipSync({ 'abc.xml': strToU8(xml) })))).toBe(xml);
    expect(decodeInvoiceContent(b64(gzipSync(strToU8(xml))))).toBe(xml);
  });
  it('refuses bad base64, an ambiguous zip and non-XML', () => {
    expect(() => decodeInvoiceContent('@@not base64@@')).toThrow(ContentError);
    expect(() => decodeInvoiceContent(b64(zipSync({ 'a.xml': strToU8(xml), 'b.xml': strToU8(xml) })))).toThrow(/2 entries/);
    expect(() => decodeInvoiceContent(b64(strToU8('hello')))).toThrow(/not decode to XML/);
    expect(() => decodeInvoiceContent('')).toThrow(/empty/);
  });
  it('accepts inline content as text or base64', () => {
    expect(decodeInlineContent(xml)).toBe(xml);
    expect(decodeInlineContent(b64(strToU8(xml)))).toBe(xml);
  });
});

describe('decodeBase64: native decode, strict alphabet', () => {
  /** The rule as the alphabet states it, to check the length-based check against. */
  const strictRule = (text: string) => {
    const compact = text.replace(/\s+/g, '');
    return compact.length > 0 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
  };

  it('decodes standard base64, padded or not, wrapped in lines or not', () => {
    for (const bytes of ['', 'a', 'ab', 'abc', 'ş€\u0000\u00ff'].map((s) => Buffer.from(s.length ? s : 'x', 'utf8'))) {
      const encoded = bytes.toString('base64');
      expect(decodeBase64(encoded)).toEqual(bytes);
      expect(decodeBase64(`\r\n ${encoded.replace(/(.{2})/g, '$1\r\n')}\t`)).toEqual(bytes);
    }
  });

  it('refuses what Node alone would forgive: foreign characters, stray or extra padding, URL-safe characters, a cut-off length', () => {
    for (const bad of ['QUJD*EVG', 'QQ=AQUJD', 'QQ==QQ==', 'Q===', 'QUJ-REVG', 'QUJ_REVG', 'QUJDREV', 'QUJDREVGR', 'QUJD\u015fREV', '====']) {
      expect(() => decodeBase64(bad), bad).toThrow(/not valid base64/);
    }
    expect(() => decodeBase64(' \r\n\t')).toThrow(/empty content/);
    expect(() => decodeBase64('')).toThrow(/empty content/);
  });

  it('agrees with the alphabet rule on thousands of corrupted encodings (seeded)', () => {
    let seed = 2026;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const noise = 'AZaz09+/=-_*. \n\t\u00e7\u015f#';
    for (let round = 0; round < 4000; round++) {
      const chars = Buffer.from(Array.from({ length: 1 + random(40) }, () => random(256))).toString('base64').split('');
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(chars.length + 1);
        const op = random(3);
        if (op === 0) chars.splice(at, 1);
        else chars.splice(at, op === 1 ? 1 : 0, noise[random(noise.length)] ?? '=');
      }
      const text = chars.join('');
      if (strictRule(text)) expect(decodeBase64(text), text).toEqual(Buffer.from(text, 'base64'));
      else expect(() => decodeBase64(text), text).toThrow(ContentError);
    }
  });
});

describe('decodeInvoiceContent: bounded and strict', () => {
  const bytesOf = (...parts: Array<string | number[]>): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

  it('refuses a gzip or zip bomb while inflating, whatever the headers claim', () => {
    const zeros = new Uint8Array(40 * 1024 * 1024); // 40 MiB of zeros: ~40 KB compressed
    expect(() => decodeInvoiceContent(b64(gzipSync(zeros)))).toThrow(/more than 16777216 bytes|more than 100×/);
    expect(() => decodeInvoiceContent(b64(zipSync({ 'bomb.xml': zeros })))).toThrow(/more than 16777216 bytes|more than 100×/);
    const repetitive = strToU8('<a>' + 'x'.repeat(3 * 1024 * 1024) + '</a>'); // under the size limit, far over the ratio
    expect(() => decodeInvoiceContent(b64(gzipSync(repetitive)))).toThrow(/more than 100×/);
  });

  it('accepts a zip holding exactly one invoice beside other files, refuses one holding none', () => {
    expect(decodeInvoiceContent(b64(zipSync({ 'readme.txt': strToU8('hi'), 'inv.XML': strToU8(xml) })))).toBe(xml);
    expect(() => decodeInvoiceContent(b64(zipSync({ 'a.txt': strToU8('a'), 'b.pdf': strToU8('b') })))).toThrow(/2 entries.*exactly one XML invoice/);
    expect(() => decodeInvoiceContent(b64(zipSync({})))).toThrow(/0 entries/);
  });

  it('reads a stored zip entry and refuses a zip whose entry is cut off', () => {
    expect(decodeInvoiceContent(b64(zipSync({ 'inv.xml': [strToU8(xml), { level: 0 }] })))).toBe(xml);
    expect(() => decodeInvoiceContent(b64(withoutDataTail(zipSync({ 'inv.xml': strToU8(xml.repeat(50)) }), 20)))).toThrow(/truncated/);
  });

  it('refuses a truncated gzip', () => {
    const gz = gzipSync(strToU8(xml.repeat(50)));
    expect(() => decodeInvoiceContent(b64(gz.subarray(0, gz.length - 20)))).toThrow(ContentError);
  });

  it('decodes what the declaration or the BOM says, and refuses undecodable bytes', () => {
    const turkish = bytesOf('<?xml version="1.0" encoding="windows-1254"?><Invoice>', [0xfe, 0xf0, 0xdd], '</Invoice>');
    expect(decodeInvoiceContent(b64(turkish))).toBe('<?xml version="1.0" encoding="windows-1254"?><Invoice>şğİ</Invoice>');
    const latin5 = bytesOf('<?xml version="1.0" encoding="ISO-8859-9"?><Invoice>', [0xfe], '</Invoice>');
    expect(decodeInvoiceContent(b64(latin5))).toContain('<Invoice>ş</Invoice>');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('UTF-8', 'UTF-16'), 'utf16le')]);
    expect(decodeInvoiceContent(b64(utf16))).toBe(xml.replace('UTF-8', 'UTF-16'));
    expect(() => decodeInvoiceContent(b64(bytesOf('<Invoice>', [0xc3, 0x28], '</Invoice>')))).toThrow(/byte 10 \(0x28\) is not valid UTF-8/);
    expect(() => decodeInvoiceContent(b64(bytesOf('<?xml version="1.0" encoding="x-unknown"?><a/>')))).toThrow(/cannot decode/);
  });
});

describe('decodeDocument', () => {
  const identity = { ettn: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', receivedAt: '2025-01-01T00:00:00.000Z', providerRef: { id: 7 } };
  it('gives the document with its XML when the content decodes', () => {
    expect(decodeDocument(identity, b64(strToU8(xml)))).toEqual({ ...identity, xml });
  });
  it('gives a failed document with the reason, the identity and the raw content instead of throwing', () => {
    expect(decodeDocument(identity, '@@not base64@@')).toEqual({ ...identity, reason: 'content is not valid base64', raw: '@@not base64@@' });
    const twoEntries = b64(zipSync({ 'a.xml': strToU8(xml), 'b.xml': strToU8(xml) }));
    expect(decodeDocument(identity, twoEntries)).toMatchObject({ ettn: identity.ettn, reason: expect.stringMatching(/2 entries/), raw: twoEntries });
    expect(decodeDocument(identity, undefined)).toEqual({ ...identity, reason: 'no content', raw: '' });
    expect(decodeDocument({ ...identity, ettn: '' }, b64(strToU8(xml)))).toMatchObject({ ettn: null, reason: 'the listing names no ETTN' });
    const bomb = b64(gzipSync(new Uint8Array(40 * 1024 * 1024)));
    expect(decodeDocument(identity, bomb)).toMatchObject({ ettn: identity.ettn, reason: expect.stringMatching(/inflates/) });
  });
});

/** A one-entry zip whose entry lost its last `cut` bytes of compressed data, its directory still consistent. */
function withoutDataTail(zip: Uint8Array, cut: number): Buffer {
  const bytes = Buffer.from(zip);
  const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  const shorter = Buffer.concat([bytes.subarray(0, central - cut), bytes.subarray(central)]);
  const directory = central - cut;
  const end = shorter.indexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  shorter.writeUInt32LE(shorter.readUInt32LE(directory + 20) - cut, directory + 20); // compressed size
  shorter.writeUInt32LE(directory, end + 16); // where the directory starts
  return shorter;
}
