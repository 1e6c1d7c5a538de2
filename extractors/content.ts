/**
 * Invoice content as providers send it: base64 of plain XML, of a zip holding one .xml entry, or of
 * gzip. We sniff the bytes rather than trust a flag (providers.md §8.1 rule 6), then strip a UTF-8 BOM.
 */
import { gunzipSync, unzipSync } from 'fflate';
import type { FailedDocument, Json, RawDocument } from './contract.js';

export class ContentError extends Error {
  override name = 'ContentError';
}

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) throw new ContentError('empty content');
  if (compact.length % 4 !== 0 || !base64Pattern.test(compact)) throw new ContentError('content is not valid base64');
  return Buffer.from(compact, 'base64');
}

function unzipSingleXml(bytes: Uint8Array): Uint8Array {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new ContentError(`unreadable zip: ${error instanceof Error ? error.message : String(error)}`);
  }
  const files = Object.entries(entries).filter(([name]) => !name.endsWith('/'));
  const xmlFiles = files.filter(([name]) => name.toLowerCase().endsWith('.xml'));
  const chosen = xmlFiles.length === 1 ? xmlFiles[0] : files.length === 1 ? files[0] : undefined;
  if (!chosen) throw new ContentError(`zip holds ${files.length} entries (${files.map(([n]) => n).join(', ')}); expected one XML document`);
  return chosen[1];
}

export function bytesToXml(bytes: Uint8Array): string {
  let raw = bytes;
  if (raw[0] === 0x50 && raw[1] === 0x4b && raw[2] === 0x03 && raw[3] === 0x04) raw = unzipSingleXml(raw);
  else if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = gunzipSync(raw);
    } catch (error) {
      throw new ContentError(`unreadable gzip: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(raw);
  const xml = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!xml.trimStart().startsWith('<')) throw new ContentError('content does not decode to XML');
  return xml;
}

/** base64 (plain, zip or gzip) → the UBL XML text. */
export function decodeInvoiceContent(base64: string): string {
  return bytesToXml(decodeBase64(base64));
}

/** Content that may be base64 or already XML text (İşNet inline content: both are seen). */
export function decodeInlineContent(content: string): string {
  const trimmed = content.trimStart();
  if (trimmed.startsWith('<') || trimmed.charCodeAt(0) === 0xfeff) return bytesToXml(Buffer.from(trimmed, 'utf8'));
  return decodeInvoiceContent(content);
}

export interface DocumentIdentity {
  /** Lower-case ETTN, '' when the listing gave none. */
  ettn: string;
  receivedAt: string;
  providerRef: Json;
}

/**
 * The document whose content the provider sent: its XML, or a failed document naming the reason when
 * the content is missing or cannot be decoded (one bad document never aborts its page).
 */
export function decodeDocument(identity: DocumentIdentity, content: string | undefined, decode: (content: string) => string = decodeInvoiceContent): RawDocument | FailedDocument {
  const failed = (reason: string): FailedDocument => ({ ...identity, ettn: identity.ettn || null, reason, raw: content ?? '' });
  if (!identity.ettn) return failed('the listing names no ETTN');
  if (!content) return failed('no content');
  try {
    return { ...identity, xml: decode(content) };
  } catch (error) {
    if (error instanceof ContentError) return failed(error.message);
    throw error;
  }
}
