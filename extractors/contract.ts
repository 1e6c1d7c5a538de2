/**
 * The Extractor contract (DESIGN.md, "Core contracts") and the checkpoint every extractor resumes from.
 *
 * Checkpoint: one JSON shape for all providers.
 *   startDate    YYYY-MM-DD, the integration's start date; nothing before it is read.
 *   until        exclusive end instant of the range to read, or null = "now" when extract() starts.
 *   position     where to resume inside a run, or null when no run is in progress:
 *                  windowStart, windowEnd  the window being read (kept so a resumed run pages
 *                               the very same window, whatever "now" has become),
 *                  cursor       provider-specific position inside that window (page index, belgeSiraNo,
 *                               next sub-window start), null = window start,
 *                  boundary     ETTN + content digest of the documents of the last page, so a document
 *                               repeated on the next page (or window) is not emitted twice.
 *   syncedThrough end instant of the last completed run; the next run starts `overlap` before it so
 *                 late arrivals are caught.
 *   census       optional, providers listed by issue date only (İşNet): how many invoices each window of
 *                 the range held when the run that wrote it started (window start day → count), so a
 *                 later run can tell a window outside its overlap that has grown (a late arrival) and read
 *                 it again. One number per window, not per invoice.
 * A checkpoint is valid once the page carrying it is committed. It holds no growing set of ETTNs:
 * only the last page's, so memory stays bounded by one page whatever the backfill length.
 */
import { z } from 'zod';
import { Json } from '../domain/json.js';
import { ProviderId } from '../domain/providers.js';

export { Json };

/** A real calendar date (2026-13-01 and 2026-02-29 are refused, not turned into NaN later). */
export const IsoDate = z.iso.date({ error: 'expected a calendar date YYYY-MM-DD' });
const Instant = z.iso.datetime({ offset: true });

export const BoundaryEntry = z.object({ ettn: z.string(), digest: z.string() });
export type BoundaryEntry = z.infer<typeof BoundaryEntry>;

export const Position = z.object({
  windowStart: Instant,
  windowEnd: Instant,
  cursor: Json,
  boundary: z.array(BoundaryEntry),
});
export type Position = z.infer<typeof Position>;

export const Checkpoint = z.object({
  provider: ProviderId,
  startDate: IsoDate,
  until: Instant.nullable(),
  position: Position.nullable(),
  syncedThrough: Instant.nullable(),
  census: z.record(IsoDate, z.number().int().min(0)).optional(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** The checkpoint of an integration that has never synced. */
export function initialCheckpoint(provider: ProviderId, startDate: string, until: string | null = null): Checkpoint {
  return Checkpoint.parse({ provider, startDate, until, position: null, syncedThrough: null });
}

export interface RawDocument {
  /** UBL UUID, lower case. */
  ettn: string;
  /** When the provider received it (arrival), ISO 8601; İşNet gives none, so its invoice date is used. */
  receivedAt: string;
  xml: string;
  /** Provider header kept beside the UBL: ids, status, arrival date as the provider sent them. */
  providerRef: Json;
}

/**
 * A document the provider listed whose content could not be turned into XML (missing, bad base64, a
 * broken or ambiguous zip, undecodable bytes). It travels on its page like any other document so the
 * page still loads and the checkpoint moves on; the loader quarantines it with the reason and the raw
 * content, and it can be replayed later.
 */
export interface FailedDocument {
  /** Lower-case ETTN when the provider's listing names one. */
  ettn: string | null;
  receivedAt: string | null;
  providerRef: Json;
  /** What was wrong, for a person: "content is not valid base64", "zip holds 2 entries (…)". */
  reason: string;
  /** The content as received (base64 or text), '' when there was none. */
  raw: string;
}

export type ExtractedDocument = RawDocument | FailedDocument;

export function isFailedDocument(document: ExtractedDocument): document is FailedDocument {
  return 'reason' in document;
}

export interface Page {
  documents: RawDocument[];
  /** Listed documents whose content could not be decoded (see FailedDocument). */
  failed: FailedDocument[];
  checkpoint: Checkpoint;
}

export interface Extractor<Creds> {
  provider: ProviderId;
  credentials: z.ZodType<Creds>;
  /** Proves the credentials work without reading or marking invoices; throws typed errors. */
  testConnection(creds: Creds, signal: AbortSignal): Promise<void>;
  extract(creds: Creds, from: Checkpoint, signal: AbortSignal): AsyncIterable<Page>;
  /** Releases pooled connections. */
  close(): Promise<void>;
}

/** pino-compatible structured logger. Nothing secret is ever passed to it. */
export interface ExtractorLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: ExtractorLogger = { debug() {}, info() {}, warn() {}, error() {} };
