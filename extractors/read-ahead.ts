/**
 * Read-ahead for paged reads: the request for the next page goes out before the current page is
 * decoded, so the provider prepares page n+1 while we decode page n (the two overlap instead of taking
 * turns). A page is known by a key (window and cursor); a page asked for under another key (a resumed
 * run) is fetched afresh and what was read ahead is dropped. At most one request is read ahead.
 */
export class ReadAhead<T> {
  private pending: { key: string; result: Promise<T> } | undefined;
  /** Every request read ahead that has not ended yet, taken or dropped. */
  private readonly inFlight = new Set<Promise<unknown>>();

  /** The page for `key`: the one read ahead when it is that page, else fetched now. */
  take(key: string, fetch: () => Promise<T>): Promise<T> {
    const pending = this.pending;
    this.pending = undefined;
    return pending?.key === key ? pending.result : fetch();
  }

  /** Starts fetching the page for `key`; a failure surfaces when that page is taken, never unhandled. */
  start(key: string, fetch: () => Promise<T>): void {
    const result = fetch();
    const ended = result.then(() => undefined, () => undefined);
    this.inFlight.add(ended);
    void ended.then(() => this.inFlight.delete(ended));
    this.pending = { key, result };
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
