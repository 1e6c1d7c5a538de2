/**
 * The digest the repeat check of windows.ts compares (and checkpoints keep in `boundary`): the first 16
 * hex digits of SHA-256 over a document's XML as UTF-8, or over "failed\0" and the raw content of a
 * failed one. A decoder that holds the very bytes a document's XML is the UTF-8 of records the digest
 * from them: hashing the string means encoding it again first, which took more than the hash itself
 * (two thirds of the digest's cost on a page of Turkish invoices).
 */
import { createHash } from 'node:crypto';
import { isFailedDocument, type ExtractedDocument, type RawDocument } from './contract.js';

const fromUtf8 = new WeakMap<RawDocument, string>();

function sha256Prefix(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 16);
}

/** Records `document`'s digest from `utf8`, which must be exactly its XML's UTF-8 (the bytes it was decoded from). */
export function recordDigestFromUtf8(document: RawDocument, utf8: Uint8Array): void {
  fromUtf8.set(document, sha256Prefix(utf8));
}

export function documentDigest(document: ExtractedDocument): string {
  if (isFailedDocument(document)) return sha256Prefix(`failed\0${document.raw}`);
  return fromUtf8.get(document) ?? sha256Prefix(document.xml);
}
