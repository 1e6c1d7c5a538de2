import { createHash } from 'node:crypto';
import { gzipSync, strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../simulators/index.js';
import { initialCheckpoint } from './contract.js';
import { extractorFactories } from './registry.js';
import { decodeDocument, decodeInlineContent } from './content.js';
import { completeXml } from './complete-xml.js';
import { isFailedDocument } from './contract.js';
import { documentDigest, xmlSha256 } from './digest.js';

const sha256Prefix = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex').slice(0, 16);
const identity = { ettn: '0a1b2c3d-0000-4000-8000-000000000001', receivedAt: '2025-01-01T00:00:00.000Z', providerRef: {} };
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('documentDigest', () => {
  it('is SHA-256 of the XML as UTF-8 however the document was decoded: UTF-8 with or without BOM, zip, gzip, windows-1254, UTF-16, inline text', () => {
    const xml = '<Invoice><cbc:Note>Şeker ğüıöç İ 😀</cbc:Note></Invoice>';
    const contents = [
      b64(strToU8(xml)),
      b64(strToU8(`\ufeff${xml}`)),
      b64(zipSync({ 'inv.xml': strToU8(xml) })),
      b64(gzipSync(strToU8(xml))),
      b64(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1254"?><Invoice>'), Buffer.from([0xfe, 0xf0, 0xdd]), Buffer.from('</Invoice>')])),
      b64(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')])),
      xml,
    ];
    for (const content of contents) {
      const document = decodeDocument(identity, content, completeXml(decodeInlineContent));
      if (isFailedDocument(document)) throw new Error(`${content.slice(0, 20)}: ${document.reason}`);
      expect(documentDigest(document), content.slice(0, 20)).toBe(sha256Prefix(document.xml));
      expect(xmlSha256(document), content.slice(0, 20)).toBe(createHash('sha256').update(document.xml, 'utf8').digest('hex'));
    }
  });

  it('of a failed document is over its raw content, and the same XML gives the same digest in any document', () => {
    const failed = decodeDocument(identity, '@@not base64@@');
    expect(documentDigest(failed)).toBe(sha256Prefix('failed\0@@not base64@@'));
    const decoded = decodeDocument(identity, b64(strToU8('<a>ş</a>')));
    expect(documentDigest(decoded)).toBe(documentDigest({ ...identity, xml: '<a>ş</a>' }));
  });

  it('of an inline document (Uyumsoft, CRS: the UBL inside the reply) is over its XML as UTF-8 too', async () => {
    const dataset = { seed: 3, provider: 'crs' as const, invoices: 40, from: '2025-01-01T00:00:00Z', to: '2025-01-10T00:00:00Z', customer: { vkn: '4810173324', name: 'Örnek Şeker A.Ş.' } };
    const sim = await startSimulator('crs', { dataset });
    const extractor = extractorFactories.crs({ baseUrl: sim.url });
    try {
      const documents = [];
      for await (const page of extractor.extract(sim.credentials, initialCheckpoint('crs', '2025-01-01', '2025-01-14T21:00:00.000Z'), new AbortController().signal)) documents.push(...page.documents);
      expect(documents.length).toBeGreaterThan(30);
      expect(documents.some((d) => /[şğıİ]/.test(d.xml))).toBe(true);
      for (const document of documents) expect(documentDigest(document)).toBe(sha256Prefix(document.xml));
    } finally {
      await extractor.close();
      await sim.close();
    }
  });
});
