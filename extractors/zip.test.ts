import { inflateRawSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { plainZipEntries } from './zip.js';

const invoice = strToU8('<Invoice>ş</Invoice>'.repeat(40));

describe('plainZipEntries', () => {
  it('finds every entry, stored or deflated, with its name and exactly its compressed data', () => {
    const zip = zipSync({ 'belgeler/': [new Uint8Array(0), { level: 0 }], 'a.xml': [invoice, { level: 0 }], 'ş.xml': [invoice, { level: 9 }] }, { comment: 'arşiv' });
    const entries = plainZipEntries(zip)!;
    expect(entries.map((e) => [e.name, e.method, e.uncompressedSize])).toEqual([['belgeler/', 0, 0], ['a.xml', 0, invoice.length], ['ş.xml', 8, invoice.length]]);
    expect(Buffer.from(entries[1]!.data).equals(Buffer.from(invoice))).toBe(true);
    expect(Buffer.from(inflateRawSync(entries[2]!.data)).equals(Buffer.from(invoice))).toBe(true);
    expect(plainZipEntries(zipSync({}))).toEqual([]);
  });

  it('leaves an archive it does not take to the general unzip: encrypted, cut off, or a local header that disagrees', () => {
    const zip = zipSync({ 'a.xml': invoice });
    const central = Buffer.from(zip).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const encrypted = Uint8Array.from(zip);
    encrypted[central + 8]! |= 1;
    expect(plainZipEntries(encrypted)).toBeUndefined();
    expect(plainZipEntries(zip.subarray(0, zip.length - 30))).toBeUndefined();
    const stored = Uint8Array.from(zip);
    stored[8] = 0; // the local header says stored, the directory deflated
    expect(plainZipEntries(stored)).toBeUndefined();
    expect(plainZipEntries(strToU8('not a zip'))).toBeUndefined();
  });
});
