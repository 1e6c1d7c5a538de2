/**
 * Deterministic row ids: the same document always gets the same invoice id, the same line the same line
 * id, so a replayed page (after a crash, an overlap, a retry) upserts the very rows it wrote before.
 * UUID version 8 (RFC 9562, "custom") over SHA-256 of a name built from the row's identity.
 */
import { createHash } from 'node:crypto';

export function deterministicUuid(...parts: readonly (string | number)[]): string {
  const bytes = createHash('sha256').update(parts.join('\u0000')).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Invoice identity: the integration (so the provider and organization) and the ETTN. */
export const invoiceId = (integrationId: string, ettn: string): string => deterministicUuid('invoice', integrationId, ettn);
/** Line identity: its invoice and its position in the document (1-based). */
export const lineId = (invoiceRowId: string, lineNo: number): string => deterministicUuid('line', invoiceRowId, lineNo);
/** Source document identity: one row per distinct XML of an ETTN. */
export const sourceDocumentId = (integrationId: string, ettn: string, sha256: string): string => deterministicUuid('source', integrationId, ettn, sha256);

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
