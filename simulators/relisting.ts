/**
 * Where an invoice is listed once it has left its place in the dataset: a late invoice that has just
 * become visible, or a re-issue (revision 2, same ETTN). A real inbox lists such an invoice at the time
 * it reached the provider, not at its dataset arrival, and gives it the provider's next record number:
 *
 *   arrival  the simulator clock at that moment, floored to the second, but never before the dataset's
 *            last arrival + 1 s (the whole dataset's, arrived or not: record order must stay arrival
 *            order, so a relisted invoice never sits before a dataset one) nor before the previous
 *            relisted invoice (several relisted in the same second share it; the record number orders them);
 *   record   the next number after the dataset's: dataset index i is record i, the k-th relisting is
 *            record `invoices + k` (each provider maps records to its own sequence: QNB belgeSiraNo,
 *            EDM TRXID). A relisted invoice relisted again (late, then re-issued) takes a new record.
 *
 * The issue date never changes: providers listing by issue date (İşNet) show the invoice where it was.
 */
import { invoiceHeader, type DatasetSpec } from './dataset/index.js';

export interface Listing {
  /** Epoch ms, whole seconds. */
  arrivedMs: number;
  record: number;
  /** The invoice's issue date (YYYY-MM-DD), read once when a query filters on it. */
  issueDate?: string;
}

export class Relistings {
  /** Insertion order is record order: a relisted invoice relisted again is deleted and set anew. */
  private readonly listings = new Map<number, Listing>();
  private nextRecord: number;
  private lastArrivalMs: number;

  constructor(private readonly spec: DatasetSpec, private readonly now: () => number) {
    this.nextRecord = spec.invoices;
    const lastDatasetArrival = spec.invoices > 0 ? Date.parse(invoiceHeader(spec, spec.invoices - 1).arrivedAt) : Date.parse(spec.from);
    this.lastArrivalMs = lastDatasetArrival + 1_000;
  }

  get size(): number {
    return this.listings.size;
  }

  get(index: number): Listing | undefined {
    return this.listings.get(index);
  }

  /** Lists dataset invoice `index` anew, as arrived now with the next record number. */
  relist(index: number): Listing {
    const arrivedMs = Math.max(Math.floor(this.now() / 1_000) * 1_000, this.lastArrivalMs);
    this.lastArrivalMs = arrivedMs;
    const listing: Listing = { arrivedMs, record: this.nextRecord++ };
    this.listings.delete(index);
    this.listings.set(index, listing);
    return listing;
  }

  /** The record number an invoice is listed under. */
  recordOf(index: number): number {
    return this.listings.get(index)?.record ?? index;
  }

  issueDateOf(index: number, listing: Listing): string {
    listing.issueDate ??= invoiceHeader(this.spec, index).issueDate;
    return listing.issueDate;
  }

  /** Relisted invoices in record order. */
  entries(): IterableIterator<[number, Listing]> {
    return this.listings.entries();
  }
}
