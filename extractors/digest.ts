/**
 * The digest the repeat check of windows.ts compares (and checkpoints keep in `boundary`): the first 16
 * hex digits of SHA-256 over a document's XML as UTF-8, or over "failed\0" and the raw content of a
 * failed one. A decoder that holds the very bytes a document's XML is the UTF-8 of records the hash
 * from them: hashing the string means encoding it again first, which took more than the hash itself
 * (two thirds of the digest's cost on a page of Turkish invoices). The whole hash is kept, so the sync
 * pipeline takes its content hash from it too instead of hashing every document a second time.
 */
import { createHash } from 'node:crypto';
import { isFailedDocument, type ExtractedDocument, type RawDocument } from './contract.js';

const fromUtf8 = new WeakMap<RawDocument, string>();

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Records `document`'s hash from `utf8`, which must be exactly its XML's UTF-8 (the bytes it was decoded from). */
export function recordDigestFromUtf8(document: RawDocument, utf8: Uint8Array): void {
  fromUtf8.set(document, sha256(utf8));
}

/** SHA-256 (hex) of `document.xml` as UTF-8: the hash its decoder recorded, else computed from the string. */
export function xmlSha256(document: RawDocument): string {
  return fromUtf8.get(document) ?? sha256(document.xml);
}

export function documentDigest(document: ExtractedDocument): string {
  return (isFailedDocument(document) ? sha256(`failed\0${document.raw}`) : xmlSha256(document)).slice(0, 16);
}
