/**
 * Document content as every simulator serves it: base64 of the plain UBL XML or of a zip holding
 * `{ETTN}.xml`, or, under the plan's `content` fault, broken in one of the ways providers.md §7.3 names.
 */
import { gzipSync, zipSync } from 'fflate';
import type { ContentFaultKind, FaultPlan } from './faults.js';
import { base64Part } from './soap/envelope.js';

export interface ServedContent {
  /** base64 text as reply bytes ('' for the `empty` fault). */
  base64: Buffer;
  /** The `xsiType` fault: the element carrying the item declares a type the WSDL does not have. */
  xsiType: boolean;
}

const HTML_PAGE = '<!DOCTYPE html><html><head><title>Hata</title></head><body><h1>Beklenmeyen bir hata oluştu</h1></body></html>';

function base64Of(bytes: Uint8Array): Buffer {
  return Buffer.from(Buffer.from(bytes).toString('base64'), 'latin1');
}

function broken(kind: Exclude<ContentFaultKind, 'xsiType'>, xml: string, ettn: string): Buffer {
  const bytes = Buffer.from(xml, 'utf8');
  switch (kind) {
    case 'badBase64': return Buffer.from(`${base64Of(bytes).toString('latin1').slice(0, 64)}*not~base64*`, 'latin1');
    case 'bom': return base64Of(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
    case 'html': return base64Of(Buffer.from(HTML_PAGE, 'utf8'));
    case 'zipTwo': return base64Of(zipSync({ [`${ettn}.xml`]: bytes, [`${ettn}-copy.xml`]: bytes }));
    // A folder entry and no file (a zip with no entry at all is only an end record, PK\x05\x06).
    case 'zipEmpty': return base64Of(zipSync({ 'belgeler/': new Uint8Array(0) }));
    case 'gzip': return base64Of(gzipSync(bytes));
    case 'empty': return Buffer.alloc(0);
    case 'cutHalf': return base64Of(bytes.subarray(0, Math.floor(bytes.length / 2)));
  }
}

/** The content of dataset invoice `index`: `zipped` wraps it as the provider does when it zips. */
export function servedContent(plan: FaultPlan, index: number, documentXml: string, ettn: string, zipped = false): ServedContent {
  const xml = plan.servedXml(index, documentXml);
  const fault = plan.contentFault(index);
  if (fault !== undefined && fault !== 'xsiType') return { base64: broken(fault, xml, ettn), xsiType: false };
  const base64 = zipped ? base64Of(zipSync({ [`${ettn}.xml`]: Buffer.from(xml, 'utf8') })) : base64Part(xml);
  return { base64, xsiType: fault === 'xsiType' };
}

/** The attributes of the `xsiType` fault: an xsi:type no schema of the provider declares. */
export function unexpectedXsiType(typeName: string): string {
  return ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${typeName}"`;
}
