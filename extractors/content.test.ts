import { strToU8, zipSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ContentError, decodeInlineContent, decodeInvoiceContent } from './content.js';

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
