/**
 * Invoice content as providers send it: base64 of plain XML, of a zip holding one .xml entry, or of
 * gzip. We sniff the bytes rather than trust a flag (providers.md §8.1 rule 6). Decompression is
 * bounded (size and ratio, counted as it inflates, whatever the archive headers claim), and the text
 * is decoded as the document's BOM or declaration says, strictly: undecodable bytes are refused.
 * Inflating is native (node:zlib, stopped at the bound); an unusual zip goes through fflate's
 * streaming unzip instead (~10× slower: most of EDM's extraction CPU when it was the only way).
 */
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { Unzip, UnzipInflate, unzipSync, type FlateStreamHandler } from 'fflate';
import { decodeXmlSource, XmlEncodingError } from '../domain/xml-encoding.js';
import type { FailedDocument, Json, RawDocument } from './contract.js';
import { recordDigestFromUtf8 } from './digest.js';
import { plainZipEntries } from './zip.js';

/** Most bytes one document may inflate to: the transform's own input limit (16 MiB). */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** Highest compression ratio accepted once the output passes 1 MiB: XML compresses 5–20×, bombs 1000×. */
const MAX_COMPRESSION_RATIO = 100;
const RATIO_FREE_BYTES = 1024 * 1024;
/** Input fed to the inflater at a time, so one step never inflates more than ~1000× this. */
const FEED_BYTES = 16 * 1024;

export class ContentError extends Error {
  override name = 'ContentError';
}

/**
 * The bytes of strict base64 (standard alphabet, whitespace allowed, '=' only as the last one or two
 * characters). Node's decoder does the work natively but forgives: it skips characters outside the
 * alphabet and stops at a stray '='. Every such character costs at least 6 of the bits the length
 * promises, so an input is exact iff it decodes to the length its characters promise; the URL-safe
 * characters, which Node also accepts, and non-ASCII ones are refused apart. (A validating regex took
 * ~18× the decode.)
 */
export function decodeBase64(text: string): Buffer {
  return decodeBase64Into(text, undefined);
}

/**
 * decodeBase64's bytes, written into `scratch` when it is large enough (else into a new buffer): then a
 * view valid until the next call with the same scratch. Content decoded one document after another
 * reuses one buffer instead of allocating (off-heap, tens of kilobytes) per document, which V8 counts
 * towards its next collections.
 */
function decodeBase64Into(text: string, scratch: Buffer | undefined): Buffer {
  const exact = decodeExact(text, scratch);
  if (exact) return exact;
  // Wrapped lines (or invalid content): the same check once whitespace is gone.
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) throw new ContentError('empty content');
  const bytes = decodeExact(compact, scratch);
  if (!bytes) throw new ContentError('content is not valid base64');
  return bytes;
}

function decodeExact(text: string, scratch: Buffer | undefined): Buffer | undefined {
  if (text.length === 0 || text.length % 4 !== 0 || text.includes('-') || text.includes('_')) return undefined;
  // Node reads a character past U+00FF by its low byte ('ş' as '_'): refuse any that is not ASCII.
  if (Buffer.byteLength(text, 'utf8') !== text.length) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const expected = (text.length / 4) * 3 - padding;
  const target = scratch && scratch.length >= expected ? scratch : Buffer.allocUnsafeSlow(expected);
  const written = target.write(text, 0, expected, 'base64');
  return written === expected ? target.subarray(0, expected) : undefined;
}

/** The one XML document of a zip: exactly one .xml entry, or a single entry; anything else is refused. */
function chooseZipEntry(allNames: readonly string[]): string {
  const files = allNames.filter((name) => !name.endsWith('/'));
  const xmlFiles = files.filter((name) => name.toLowerCase().endsWith('.xml'));
  const chosen = xmlFiles.length === 1 ? xmlFiles[0] : files.length === 1 ? files[0] : undefined;
  if (!chosen) throw new ContentError(`zip holds ${files.length} entries (${files.slice(0, 10).join(', ')}); expected exactly one XML invoice`);
  return chosen;
}

function zipEntryName(bytes: Uint8Array): string {
  const names: string[] = [];
  try {
    // Lists the central directory without inflating anything.
    unzipSync(bytes, { filter: (file) => (names.push(file.name), false) });
  } catch (error) {
    throw new ContentError(`unreadable zip: ${error instanceof Error ? error.message : String(error)}`);
  }
  return chooseZipEntry(names);
}

/** Most bytes `inputBytes` of compressed data may inflate to: the size bound, and past 1 MiB the ratio bound. */
function outputLimit(inputBytes: number): number {
  return Math.min(MAX_DOCUMENT_BYTES, Math.max(RATIO_FREE_BYTES, inputBytes * MAX_COMPRESSION_RATIO));
}

function tooLarge(what: string, inputBytes: number): ContentError {
  return outputLimit(inputBytes) === MAX_DOCUMENT_BYTES
    ? new ContentError(`${what} inflates to more than ${MAX_DOCUMENT_BYTES} bytes (limit)`)
    : new ContentError(`${what} inflates more than ${MAX_COMPRESSION_RATIO}× its ${inputBytes} bytes (a decompression bomb?)`);
}

/** Native inflate, stopped as soon as the output passes the bound; zlib's errors become ContentErrors. */
function inflateNative(inflate: typeof inflateRawSync, data: Uint8Array, inputBytes: number, what: string): Uint8Array {
  try {
    return inflate(data, { maxOutputLength: outputLimit(inputBytes) });
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(what, inputBytes);
    if (code === 'Z_BUF_ERROR') throw new ContentError(`${what} ends before its compressed data does (truncated?)`);
    throw new ContentError(`unreadable ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A plain zip's chosen entry inflated natively; undefined when the archive is not plain (the streaming unzip reads it). */
function unzipNative(bytes: Uint8Array): Uint8Array | undefined {
  const entries = plainZipEntries(bytes);
  if (!entries) return undefined;
  const name = chooseZipEntry(entries.map((entry) => entry.name));
  const entry = entries.find((candidate) => candidate.name === name)!;
  const what = `zip entry ${name}`;
  if (entry.method === 8) return inflateNative(inflateRawSync, entry.data, bytes.length, what);
  if (entry.data.length > outputLimit(bytes.length)) throw tooLarge(what, bytes.length);
  return entry.data;
}

/** Collects inflated chunks, refusing as soon as the size or the ratio passes its bound. */
class BoundedOutput {
  private readonly chunks: Uint8Array[] = [];
  private total = 0;
  done = false;

  constructor(private readonly inputBytes: number, private readonly what: string) {}

  readonly ondata: FlateStreamHandler = (chunk, final) => {
    this.total += chunk.length;
    if (this.total > MAX_DOCUMENT_BYTES) throw new ContentError(`${this.what} inflates to more than ${MAX_DOCUMENT_BYTES} bytes (limit)`);
    if (this.total > RATIO_FREE_BYTES && this.total > this.inputBytes * MAX_COMPRESSION_RATIO) {
      throw new ContentError(`${this.what} inflates more than ${MAX_COMPRESSION_RATIO}× its ${this.inputBytes} bytes (a decompression bomb?)`);
    }
    this.chunks.push(chunk);
    if (final) this.done = true;
  };

  bytes(): Uint8Array {
    if (!this.done) throw new ContentError(`${this.what} ends before its compressed data does (truncated?)`);
    return Buffer.concat(this.chunks);
  }
}

/** Feeds `bytes` to a streaming inflater a slice at a time; fflate's own errors become ContentErrors. */
function feed(push: (chunk: Uint8Array, final: boolean) => void, bytes: Uint8Array, what: string): void {
  try {
    for (let at = 0; at < bytes.length; at += FEED_BYTES) push(bytes.subarray(at, at + FEED_BYTES), at + FEED_BYTES >= bytes.length);
  } catch (error) {
    if (error instanceof ContentError) throw error;
    throw new ContentError(`unreadable ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function unzipBounded(bytes: Uint8Array): Uint8Array {
  const native = unzipNative(bytes);
  if (native) return native;
  const name = zipEntryName(bytes);
  const output = new BoundedOutput(bytes.length, `zip entry ${name}`);
  let found = false;
  const unzip = new Unzip((file) => {
    if (file.name !== name || found) return;
    found = true;
    file.ondata = (error, chunk, final) => {
      if (error) throw new ContentError(`unreadable zip entry ${name}: ${error.message}`);
      output.ondata(chunk, final);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  feed((chunk, final) => unzip.push(chunk, final), bytes, 'zip');
  if (!found) throw new ContentError(`zip entry ${name} is listed but its data cannot be found`);
  return output.bytes();
}

/**
 * The text bytesToXml decoded last, with the bytes it is exactly the UTF-8 of: decodeDocument takes the
 * document's digest from them (digest.ts). A slot rather than a return value, because decoders compose
 * as text to text (completeXml, decodeInlineContent); it is read only when its text is the very text
 * the decoder returned, and emptied by every decodeDocument.
 */
let lastUtf8: { xml: string; utf8: Uint8Array } | undefined;

/** The bytes `xml` is exactly the UTF-8 of, when it is the text bytesToXml decoded last. */
function utf8Of(xml: string): Uint8Array | undefined {
  return lastUtf8?.xml === xml ? lastUtf8.utf8 : undefined;
}

export function bytesToXml(bytes: Uint8Array): string {
  let raw = bytes;
  // A zip starts with a local file header, or (holding nothing) with its end of central directory.
  if (raw[0] === 0x50 && raw[1] === 0x4b && ((raw[2] === 0x03 && raw[3] === 0x04) || (raw[2] === 0x05 && raw[3] === 0x06))) raw = unzipBounded(raw);
  else if (raw[0] === 0x1f && raw[1] === 0x8b) raw = inflateNative(gunzipSync, raw, raw.length, 'gzip');
  let decoded: ReturnType<typeof decodeXmlSource>;
  try {
    decoded = decodeXmlSource(raw, { maxBytes: MAX_DOCUMENT_BYTES });
  } catch (error) {
    if (error instanceof XmlEncodingError) throw new ContentError(error.message);
    throw error;
  }
  const xml = decoded.text;
  if (!xml.trimStart().startsWith('<')) throw new ContentError('content does not decode to XML');
  lastUtf8 = decoded.utf8 ? { xml, utf8: decoded.utf8 } : undefined;
  return xml;
}

/** Where decodeInvoiceContent decodes base64 of up to this many bytes (larger content gets a buffer of its own). */
const SCRATCH_BYTES = 256 * 1024;
let scratch: Buffer | undefined;

/** base64 (plain, zip or gzip) → the UBL XML text. */
export function decodeInvoiceContent(base64: string): string {
  // The bytes live only until the next call: bytesToXml copies what it keeps (text, inflated output),
  // and decodeDocument takes the digest from them before it decodes another document.
  scratch ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES);
  return bytesToXml(decodeBase64Into(base64, scratch));
}

/** Content that may be base64 or already XML text (İşNet inline content: both are seen). */
export function decodeInlineContent(content: string): string {
  const trimmed = content.trimStart();
  // Already text: whatever its declaration says, it was decoded by the SOAP reader.
  if (trimmed.startsWith('<') || trimmed.charCodeAt(0) === 0xfeff) return trimmed.charCodeAt(0) === 0xfeff ? trimmed.slice(1) : trimmed;
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
  lastUtf8 = undefined;
  try {
    const document = { ...identity, xml: decode(content) };
    const utf8 = utf8Of(document.xml);
    if (utf8) recordDigestFromUtf8(document, utf8);
    return document;
  } catch (error) {
    if (error instanceof ContentError) return failed(error.message);
    throw error;
  } finally {
    lastUtf8 = undefined;
  }
}
