/**
 * The one paging engine every extractor runs on: walk [start, end) in windows, let the provider read
 * each window page by page from a cursor, drop documents repeated from the previous page, and attach
 * to every page the checkpoint that resumes right after it (see contract.ts for the shape).
 */
import { isFailedDocument, type BoundaryEntry, type Checkpoint, type ExtractedDocument, type ExtractorLogger, type FailedDocument, type Json, type Page, type RawDocument } from './contract.js';
import { documentDigest } from './digest.js';
import { ceilTurkeyDay, floorTurkeyDay, isoInstant, turkeyDayStart } from './time.js';

export interface Window {
  /** Inclusive start instant, epoch ms. */
  from: number;
  /** Exclusive end instant, epoch ms. */
  to: number;
}

export interface WindowPlan {
  windowMs: number;
  /** How far before the end of the last completed run a new run starts, to catch late arrivals. */
  overlapMs: number;
  /** Date-only filters (İşNet invoice dates): windows start and end on Turkey-time midnights. */
  wholeDays: boolean;
}

export interface WindowPage {
  documents: ExtractedDocument[];
  /** Cursor for the next page of the same window; null when the window is exhausted. */
  next: Json | null;
}

/** `following` is the window read after this one in the same run (null after the last): a reader may read ahead into it. */
export type ReadWindowPage = (window: Window, cursor: Json | null, signal: AbortSignal, following: Window | null) => Promise<WindowPage>;

/**
 * Where a run starts and ends, from the checkpoint and the clock. `rescanFrom`: a new run starts there
 * when that is earlier than its overlap (a window found to have changed, see census in contract.ts).
 */
export function runRange(checkpoint: Checkpoint, plan: WindowPlan, now: number, rescanFrom?: number): { start: number; end: number } {
  const floorStart = turkeyDayStart(checkpoint.startDate);
  let start = checkpoint.position
    ? Date.parse(checkpoint.position.windowStart)
    : checkpoint.syncedThrough
      ? Math.max(floorStart, Math.min(Date.parse(checkpoint.syncedThrough) - plan.overlapMs, rescanFrom ?? Number.POSITIVE_INFINITY))
      : floorStart;
  let end = checkpoint.until ? Date.parse(checkpoint.until) : now;
  if (plan.wholeDays) {
    start = floorTurkeyDay(start);
    end = ceilTurkeyDay(end);
  }
  return { start, end };
}

export async function* runWindows(
  checkpoint: Checkpoint,
  plan: WindowPlan,
  readPage: ReadWindowPage,
  options: { now: number; signal: AbortSignal; logger: ExtractorLogger; rescanFrom?: number },
): AsyncGenerator<Page> {
  const { start, end } = runRange(checkpoint, plan, options.now, options.rescanFrom);
  let windowStart = start;
  // A resumed run finishes the window it was in exactly as it was cut.
  let resumedEnd = checkpoint.position ? Date.parse(checkpoint.position.windowEnd) : undefined;
  let cursor: Json | null = checkpoint.position?.cursor ?? null;
  let boundary: BoundaryEntry[] = checkpoint.position?.boundary ?? [];
  while (windowStart < end) {
    const window = { from: windowStart, to: resumedEnd ?? Math.min(windowStart + plan.windowMs, end) };
    options.signal.throwIfAborted();
    const following = window.to < end ? { from: window.to, to: Math.min(window.to + plan.windowMs, end) } : null;
    const page = await readPage(window, cursor, options.signal, following);
    const previous = new Set(boundary.map((b) => `${b.ettn}/${b.digest}`));
    const onPage = new Map<string, ExtractedDocument>();
    const entries: BoundaryEntry[] = [];
    for (const document of page.documents) {
      const entry = { ettn: document.ettn ?? '', digest: documentDigest(document) };
      entries.push(entry);
      const key = `${entry.ettn}/${entry.digest}`;
      // A changed XML for the same ETTN is a new version: it goes out; an identical repeat does not.
      if (!previous.has(key)) onPage.set(key, document);
    }
    const skipped = page.documents.length - onPage.size;
    if (skipped > 0) options.logger.debug({ window: { from: isoInstant(window.from), to: isoInstant(window.to) }, skipped }, 'dropped repeated documents');
    // An empty page (QNB ends every window with one) must not forget what the last documents were.
    if (page.documents.length > 0) boundary = entries;
    cursor = page.next;
    if (cursor === null) {
      windowStart = window.to;
      resumedEnd = undefined;
    }
    const done = windowStart >= end;
    const documents: RawDocument[] = [];
    const failed: FailedDocument[] = [];
    for (const document of onPage.values()) {
      if (isFailedDocument(document)) failed.push(document);
      else documents.push(document);
    }
    yield {
      documents,
      failed,
      checkpoint: {
        ...checkpoint,
        position: done
          ? null
          : { windowStart: isoInstant(windowStart), windowEnd: isoInstant(cursor === null ? Math.min(windowStart + plan.windowMs, end) : window.to), cursor, boundary },
        syncedThrough: done ? isoInstant(end) : checkpoint.syncedThrough,
      },
    };
  }
}
