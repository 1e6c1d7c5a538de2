import { strToU8, zipSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ContentError, decodeDocument, decodeInlineContent, decodeInvoiceContent } from './content.js';

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
  });
});
