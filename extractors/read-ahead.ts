/**
 * Read-ahead for paged reads: the requests for the next pages go out before the current page is
 * decoded, so the provider prepares page n+1 (and the next) while we decode page n (the two overlap
 * instead of taking turns). A page is known by a key (window and cursor); a page asked for under
 * another key (a resumed run, a wrong guess) is fetched afresh and what was read ahead for other
 * keys is dropped, so a wrong guess costs a request, never a document.
 */
/**
 * Pages read ahead at most: enough that the provider always has a request queued while we receive,
 * parse and decode, also when a busy machine is slow to hand the CPU from one process to the other.
 */
const MAX_AHEAD = 3;

export class ReadAhead<T> {
  private readonly pending = new Map<string, Promise<T>>();
  /** Every request read ahead that has not ended yet, taken or dropped. */
  private readonly inFlight = new Set<Promise<unknown>>();

  /** The page for `key`: the one read ahead when it is that page, else fetched now (and what was read ahead is dropped: another path). */
  take(key: string, fetch: () => Promise<T>): Promise<T> {
    const result = this.pending.get(key);
    if (result) {
      this.pending.delete(key);
      return result;
    }
    this.pending.clear();
    return fetch();
  }

  /** Starts fetching the page for `key` unless it is already read ahead; a failure surfaces when that page is taken, never unhandled. */
  start(key: string, fetch: () => Promise<T>): void {
    if (this.pending.has(key)) return;
    const result = fetch();
    const ended = result.then(() => undefined, () => undefined);
    this.inFlight.add(ended);
    void ended.then(() => this.inFlight.delete(ended));
    this.pending.set(key, result);
    // The oldest guess goes first (a Map keeps insertion order): at most MAX_AHEAD pages held.
    for (const oldest of this.pending.keys()) {
      if (this.pending.size <= MAX_AHEAD) break;
      this.pending.delete(oldest);
    }
  }

  /** Starts fetching the page for `key` when it is not read ahead yet and there is room: never drops one held. */
  offer(key: string, fetch: () => Promise<T>): void {
    if (this.pending.has(key) || this.pending.size >= MAX_AHEAD) return;
    this.start(key, fetch);
  }

  /** How many more pages may be read ahead now without dropping one (the most held, less those held). */
  get room(): number {
    return MAX_AHEAD - this.pending.size;
  }

  /** Resolves once every request read ahead has ended, taken or dropped (a session must not close under one). */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}

/** The key of a page: its window and cursor. */
export function pageKey(window: { from: number; to: number }, cursor: unknown): string {
  return `${window.from}/${window.to}/${JSON.stringify(cursor)}`;
}

interface PageWindow {
  from: number;
  to: number;
}

/**
 * Read-ahead of a read paged by number: the next pages of the window from `next` up to `last`, as
 * many as are held, then the next window's `first` page while there is room (none held is dropped).
 */
export function readAheadPages<T>(
  ahead: ReadAhead<T>,
  plan: { window: PageWindow; next: number | null; last: number; following: PageWindow | null; first: number },
  fetch: (window: PageWindow, page: number) => () => Promise<T>,
): void {
  const { window, next, last, following, first } = plan;
  const pages: Array<[PageWindow, number]> = [];
  for (let page = next ?? last + 1; page <= last && pages.length < MAX_AHEAD; page++) pages.push([window, page]);
  if (pages.length < MAX_AHEAD && following) pages.push([following, first]);
  for (const [pageWindow, page] of pages) ahead.offer(pageKey(pageWindow, page), fetch(pageWindow, page));
}

/**
 * The page count a reply states, read from its bytes before it is parsed (`pattern` captures it), in its
 * first or last few kilobytes (before or after the items): a window's first page tells how many
 * pages follow, so they can be asked for while it is parsed. A guess only: the parsed page decides.
 */
export function totalPagesInReply(body: Buffer, pattern: RegExp): number | undefined {
  const span = 4096;
  for (const [from, to] of [[0, span], [Math.max(0, body.length - span), body.length]] as const) {
    const found = pattern.exec(body.toString('latin1', from, to))?.[1];
    if (found !== undefined) return Number(found);
  }
  return undefined;
}
