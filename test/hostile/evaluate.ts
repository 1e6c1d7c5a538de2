/** Runs one hostile case through the transform and says how its outcome differs from the expected one. */
import { decodeXmlBytes, defaultTransformContext, ParseError, transformDocument, type TransformedDocument } from '../../transformers/index.js';
import type { HostileCase } from './cases.js';

const context = defaultTransformContext(['1111111111']);

/** null when the case ended as expected, else what happened instead. */
export function mismatch(c: HostileCase): string | null {
  let doc: TransformedDocument;
  try {
    doc = transformDocument(typeof c.input === 'string' ? c.input : decodeXmlBytes(c.input), context);
  } catch (error) {
    if (!(error instanceof ParseError)) return `crashed: ${error instanceof Error ? error.stack : String(error)}`;
    if (!('refused' in c.expect)) return `refused: ${error.describe()}`;
    if (error.code !== c.expect.refused) return `refused with ${error.code}, expected ${c.expect.refused}: ${error.describe()}`;
    if (c.expect.message && !c.expect.message.test(error.message)) return `message "${error.message}" does not match ${String(c.expect.message)}`;
    if (c.expect.path && error.path !== c.expect.path) return `path ${error.path}, expected ${c.expect.path}`;
    return null;
  }
  if ('refused' in c.expect) return `accepted, expected refusal ${c.expect.refused} (flags: ${doc.flags.map((f) => f.code).join(', ')})`;
  const codes = new Set(doc.flags.map((f) => f.code));
  const missing = (c.expect.flags ?? []).filter((f) => !codes.has(f));
  if (missing.length > 0) return `accepted without the flags ${missing.join(', ')} (flags: ${[...codes].join(', ')})`;
  const unwanted = (c.expect.absent ?? []).filter((f) => codes.has(f));
  if (unwanted.length > 0) return `accepted with the unwanted flags ${unwanted.join(', ')}`;
  try {
    c.expect.check?.(doc);
  } catch (error) {
    return `accepted, but ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}
