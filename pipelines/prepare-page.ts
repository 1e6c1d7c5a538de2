/**
 * From an extracted page to what the page loader writes: every document ends as loaded, unchanged (the
 * same XML is already stored) or quarantined with its stage and reason — one bad document never stops
 * its page. Pure given its inputs; the set of stored documents is looked up by the caller.
 */
import type { FailedDocument, RawDocument } from '../extractors/contract.js';
import type { Json } from '../domain/json.js';
import { sha256Hex, sourceDocumentId } from '../loaders/ids.js';
import type { LoadedDocument, QuarantineEntry } from '../loaders/page.js';
import { invoiceRow, lineRows, MissingFactorError } from '../loaders/rows.js';
import { transformDocument, type TransformContext } from '../transformers/transform.js';
import { ParseError } from '../transformers/ubl-tr/index.js';

export interface PreparedPage {
  documents: LoadedDocument[];
  quarantined: QuarantineEntry[];
  unchanged: number;
}

export interface PrepareContext {
  organizationId: string;
  integrationId: string;
  transform: TransformContext;
  factorIds: ReadonlyMap<string, string>;
  /** `ettn/sha256` of documents already stored for this integration. */
  stored: ReadonlySet<string>;
}

export function failedEntry(failed: FailedDocument): QuarantineEntry {
  return {
    ettn: failed.ettn,
    stage: 'extract',
    reason: `content could not be decoded: ${failed.reason}`,
    errorCode: 'undecodable_content',
    details: { receivedAt: failed.receivedAt, providerRef: failed.providerRef },
    payload: failed.raw,
    payloadSha256: sha256Hex(failed.raw),
  };
}

/**
 * PostgreSQL text cannot hold U+0000 nor a lone UTF-16 surrogate, and one such document must not fail
 * its whole page: its content is kept as base64 (as undecodable content is, so replay decodes it first)
 * and the reason shows the characters escaped.
 */
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const storable = (text: string) => text.replace(unstorable, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The text's UTF-8, a lone surrogate written as its own three bytes (WTF-8) rather than as U+FFFD, so the
 * kept bytes are exactly what was received: a replay refuses them again (a strict UTF-8 decoder rejects
 * an encoded surrogate) instead of loading a supplier name silently altered to U+FFFD.
 */
function wtf8(text: string): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (const match of text.matchAll(unstorable)) {
    const unit = match[0].charCodeAt(0);
    if (unit === 0) continue;
    parts.push(Buffer.from(text.slice(from, match.index), 'utf8'), Buffer.from([0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]));
    from = match.index + 1;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

/** Where a transform failure belongs: the parser's refusals, else the step named by the error. */
function quarantineOf(document: RawDocument, sha256: string, error: unknown): QuarantineEntry {
  const base = { ettn: document.ettn, payload: document.xml, payloadSha256: sha256 };
  const details: Json = { receivedAt: document.receivedAt, providerRef: document.providerRef };
  if (error instanceof ParseError && new RegExp(unstorable.source).test(document.xml)) {
    const payload = wtf8(document.xml).toString('base64');
    return { ...base, payload, payloadSha256: sha256Hex(payload), stage: 'extract', reason: `${storable(error.message)} (the content holds characters PostgreSQL text cannot store: kept as base64)`, errorCode: error.code, details: { ...details, path: error.path } };
  }
  if (error instanceof ParseError) {
    return { ...base, stage: 'parse', reason: error.message, errorCode: error.code, details: { ...details, path: error.path } };
  }
  if (error instanceof MissingFactorError) return { ...base, stage: 'load', reason: error.message, errorCode: 'missing_factor', details };
  const message = error instanceof Error ? error.message : String(error);
  return { ...base, stage: 'normalize', reason: message, errorCode: error instanceof Error ? error.name : 'error', details };
}

export function prepareDocument(document: RawDocument, sha256: string, context: PrepareContext): LoadedDocument | QuarantineEntry {
  try {
    const transformed = transformDocument(document.xml, context.transform);
    if (transformed.invoice.ettn !== document.ettn) {
      throw new ParseError('invalid_value', `the document's UUID ${transformed.invoice.ettn} differs from the ETTN ${document.ettn} the provider listed`, { path: 'Invoice/cbc:UUID', ettn: document.ettn });
    }
    const rowContext = { organizationId: context.organizationId, integrationId: context.integrationId, sourceDocumentId: sourceDocumentId(context.integrationId, document.ettn, sha256), factorIds: context.factorIds };
    const invoice = invoiceRow(transformed, rowContext);
    return { ettn: document.ettn, sha256, xml: document.xml, receivedAt: document.receivedAt, providerRef: document.providerRef, invoice, lines: lineRows(transformed, rowContext, invoice.id) };
  } catch (error) {
    return quarantineOf(document, sha256, error);
  }
}

export function preparePage(documents: readonly { document: RawDocument; sha256: string }[], failed: readonly FailedDocument[], context: PrepareContext): PreparedPage {
  const prepared: PreparedPage = { documents: [], quarantined: failed.map(failedEntry), unchanged: 0 };
  for (const { document, sha256 } of documents) {
    if (context.stored.has(`${document.ettn}/${sha256}`)) {
      prepared.unchanged++;
      continue;
    }
    const result = prepareDocument(document, sha256, context);
    if ('stage' in result) prepared.quarantined.push(result);
    else prepared.documents.push(result);
  }
  return prepared;
}
