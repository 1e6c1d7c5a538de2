import { describe, expect, it } from 'vitest';
import { decodeDocument, decodeInlineContent } from '../extractors/content.js';
import { isFailedDocument } from '../extractors/contract.js';
import { sha256Hex } from '../loaders/ids.js';
import { factorRows, loadFactorLibrary } from '../transformers/emissions/index.js';
import { defaultTransformContext } from '../transformers/transform.js';
import { testInvoiceXml } from '../transformers/ubl-tr/test-invoice.js';
import { prepareDocument, type PrepareContext } from './prepare-page.js';

const ETTN = '0b9a7a4e-5d2c-4f43-9d8e-2a1c3b4d5e6f'; // the test invoice builder's UUID
const context: PrepareContext = {
  organizationId: 'o', integrationId: 'i', stored: new Set(), transform: defaultTransformContext([]),
  factorIds: new Map(factorRows(loadFactorLibrary()).map((f, i) => [`${f.key}\u0000${f.edition}`, `factor-${i}`])),
};
const identity = { ettn: ETTN, receivedAt: '2024-03-01T00:00:00Z', providerRef: null };

function quarantined(xml: string) {
  const result = prepareDocument({ ...identity, xml }, sha256Hex(xml), context);
  if (!('stage' in result)) throw new Error('expected the document to be quarantined');
  return result;
}

describe('a document holding characters PostgreSQL text cannot store', () => {
  const good = testInvoiceXml();

  it('the good document loads (the cases below differ from it by one character)', () => {
    expect('stage' in prepareDocument({ ...identity, xml: good }, sha256Hex(good), context)).toBe(false);
  });

  it('a lone surrogate is kept as the bytes received, so a replay refuses it again rather than loading U+FFFD', () => {
    const entry = quarantined(good.replace('Tedarikçi', 'Teda\ud800rikçi'));
    expect(entry).toMatchObject({ stage: 'extract', errorCode: 'not_xml', reason: expect.stringContaining('kept as base64') });
    expect(entry.reason).not.toMatch(/[\ud800-\udfff]/);
    expect(Buffer.from(entry.payload, 'base64').includes(Buffer.from('Teda\xed\xa0\x80rik', 'latin1'))).toBe(true);
    expect(decodeDocument(identity, entry.payload, decodeInlineContent)).toMatchObject({ reason: expect.stringMatching(/UTF-8/i) });
  });

  it('U+0000 is kept as its byte and refused again by the parser', () => {
    const entry = quarantined(good.replace('Tedarikçi', 'Teda\u0000rikçi'));
    expect(entry).toMatchObject({ stage: 'extract', reason: expect.stringMatching(/U\+0000.*kept as base64/) });
    expect(entry.reason).not.toContain('\u0000');
    const replayed = decodeDocument(identity, entry.payload, decodeInlineContent);
    if (isFailedDocument(replayed)) throw new Error(`the kept bytes should decode: ${replayed.reason}`);
    expect(replayed.xml).toContain('Teda\u0000rikçi');
    expect(prepareDocument(replayed, sha256Hex(replayed.xml), context)).toMatchObject({ stage: 'extract', errorCode: 'not_xml' });
  });
});
