/**
 * One simulated receiver inbox over the deterministic dataset: selects invoices by arrival and issue
 * date without materializing the dataset (e-Arşiv invoices, which never reach an inbox, sit outside
 * the dataset's arrival index range, so every index in it is an inbox invoice), and keeps the only
 * mutable state a provider has: read / taken flags, and the invoices listed anew (relisting.ts) because
 * they arrived late or were re-issued. Selections come in record order (= arrival order): dataset
 * invoices by index, then the relisted ones; `recordOf` gives the record number a provider maps to its
 * own sequence, and headers carry the listed arrival time.
 */
import {
  arrivalIndexRange,
  invoiceContent,
  invoiceEttn,
  invoiceHeader,
  MAX_ARRIVAL_LAG_DAYS,
  type DatasetSpec,
  type InvoiceHeader,
} from './dataset/index.js';
import { seedKey } from './dataset/random.js';
import { providerIds } from '../domain/providers.js';
import { DAY_MS, turkeyDate } from './dates.js';
import type { FaultPlan } from './faults.js';
import { lowerBound } from './listing.js';
import { Relistings, type Listing } from './relisting.js';

export interface InboxQuery {
  /** Arrival (provider creation) instant bounds, epoch ms, both inclusive. */
  arrivedFrom?: number;
  arrivedTo?: number;
  /** Issue date bounds, `YYYY-MM-DD`, both inclusive. */
  issuedFrom?: string;
  issuedTo?: string;
  /** Only these ETTNs (case-insensitive). */
  ettns?: readonly string[];
}

export interface Visibility {
  /** Leave out invoices already marked read / taken / received. */
  unmarkedOnly?: boolean;
  /** Keep only marked invoices. */
  markedOnly?: boolean;
}

/** How many distinct query results stay cached (each is an Int32Array of indices). */
const SELECTION_CACHE_SIZE = 16;

export class Inbox {
  /** Read / taken / received flags set by the marking operations. */
  readonly marked = new Set<number>();
  private readonly reissued = new Set<number>();
  private readonly relistings: Relistings;
  /** The plan generation whose late invoices have arrived (relisted), if any. */
  private lateArrivedIn = -1;
  private readonly selections = new Map<string, Int32Array>();
  /** VKN → title of suppliers seen in served headers: the e-invoice users the provider knows besides the customer. */
  readonly suppliers = new Map<string, string>();

  /**
   * @param clock epoch ms "now": when given, an invoice is in the inbox only once its arrival time has
   * passed, so a long fixed dataset turns into invoices flowing in day by day (the `npm start` demo).
   */
  constructor(readonly spec: DatasetSpec, private readonly plan: FaultPlan, private readonly clock?: () => number) {
    this.relistings = new Relistings(spec, clock ?? Date.now);
    plan.onTick(() => this.arriveLate());
  }

  /** Indices of inbox invoices matching the query, in record order (= arrival order). */
  select(query: InboxQuery): Int32Array {
    // By ETTN: a few lookups, never cached (whether an invoice is hidden or arrived changes over time).
    if (query.ettns) return this.withRelisted(this.selectEttns(query), query);
    const key = JSON.stringify(query);
    let result = this.selections.get(key);
    if (result) this.selections.delete(key);
    else result = this.scan(query);
    this.selections.set(key, result);
    if (this.selections.size > SELECTION_CACHE_SIZE) this.selections.delete(this.selections.keys().next().value as string);
    return this.withRelisted(this.arrivedByNow(result), query);
  }

  /** The record number an invoice is listed under (its index, unless relisted). */
  recordOf(index: number): number {
    return this.relistings.recordOf(index);
  }

  /**
   * At the late fault's call (each request ticks the plan), its invoices arrive: each is relisted now. Only
   * those already due by the clock count (a later one arrives at its dataset time anyway).
   */
  private arriveLate(): void {
    const late = this.plan.spec.late;
    if (!late || this.plan.callCount < late.untilCall || this.lateArrivedIn === this.plan.generation) return;
    this.lateArrivedIn = this.plan.generation;
    if (late.offset >= late.every) return;
    const due = this.arrivedCount();
    for (let index = late.offset; index < due; index += late.every) this.relistings.relist(index);
  }

  /** A dataset selection with the relisted invoices moved from their dataset places to the tail, where they match. */
  private withRelisted(indices: Int32Array, query: InboxQuery): Int32Array {
    if (this.relistings.size === 0) return indices;
    const now = this.clock?.();
    const wanted = query.ettns ? new Set(query.ettns.map((e) => e.toLowerCase())) : undefined;
    const tail: number[] = [];
    for (const [index, listing] of this.relistings.entries()) {
      if (now !== undefined && listing.arrivedMs > now) break; // record order is arrival order
      if (wanted && !wanted.has(invoiceEttn(this.spec, index))) continue;
      if (this.listingMatches(index, listing, query)) tail.push(index);
    }
    const kept = indices.filter((index) => this.relistings.get(index) === undefined);
    const out = new Int32Array(kept.length + tail.length);
    out.set(kept);
    out.set(tail, kept.length);
    return out;
  }

  private listingMatches(index: number, listing: Listing, query: InboxQuery): boolean {
    if (query.arrivedFrom !== undefined && listing.arrivedMs < query.arrivedFrom) return false;
    if (query.arrivedTo !== undefined && listing.arrivedMs > query.arrivedTo) return false;
    if (query.issuedFrom === undefined && query.issuedTo === undefined) return true;
    const issued = this.relistings.issueDateOf(index, listing);
    return !(query.issuedFrom !== undefined && issued < query.issuedFrom) && !(query.issuedTo !== undefined && issued > query.issuedTo);
  }

  /** How many inbox invoices have arrived by the clock (all of them without a clock). */
  private arrivedCount(): number {
    if (!this.clock) return this.spec.invoices;
    return arrivalIndexRange(this.spec, this.spec.from, new Date(this.clock() + 1).toISOString()).end;
  }

  /** Cuts a sorted selection (cached results stay valid as the clock moves on) at the arrived count. */
  private arrivedByNow(indices: Int32Array): Int32Array {
    if (!this.clock) return indices;
    const low = lowerBound(indices, this.arrivedCount());
    return low === indices.length ? indices : indices.subarray(0, low);
  }

  /** Drops hidden (late) invoices and, when asked, marked ones. Returns the input when nothing applies. */
  visible(indices: Int32Array, options: Visibility = {}): Int32Array {
    const late = this.plan.spec.late !== undefined && this.plan.callCount < this.plan.spec.late.untilCall;
    if (!late && !options.markedOnly && !(options.unmarkedOnly && this.marked.size > 0)) return indices;
    return indices.filter((i) => !this.plan.isHidden(i) && !(options.unmarkedOnly && this.marked.has(i)) && !(options.markedOnly && !this.marked.has(i)));
  }

  /** The header as the provider currently lists it (revision 2 once re-issued, the listed arrival time). */
  header(index: number): InvoiceHeader {
    const header = this.listed(invoiceHeader(this.spec, index, this.revision(index)));
    this.remember(header);
    return header;
  }

  /** The signed UBL XML of an invoice; its first serving under a re-issue fault re-issues it. */
  document(index: number): { header: InvoiceHeader; xml: string } {
    const content = invoiceContent(this.spec, index, this.revision(index));
    if (this.plan.spec.reissue?.indices.includes(index) && !this.reissued.has(index)) {
      this.reissued.add(index);
      this.relistings.relist(index);
    }
    return { ...content, header: this.listed(content.header) };
  }

  private listed(header: InvoiceHeader): InvoiceHeader {
    const listing = this.relistings.get(header.index);
    return listing ? { ...header, arrivedAt: new Date(listing.arrivedMs).toISOString() } : header;
  }

  /** Index of an inbox ETTN; undefined when the inbox holds no such (visible) invoice. */
  find(ettn: string): number | undefined {
    const wanted = ettn.toLowerCase();
    const index = indexFromEttnHead(this.spec, wanted);
    if (index === undefined || index >= this.spec.invoices || this.plan.isHidden(index) || !this.hasArrived(index)) return undefined;
    return invoiceEttn(this.spec, index) === wanted ? index : undefined;
  }

  /** Whether an invoice has reached the inbox by the clock (at its listed arrival when relisted). */
  private hasArrived(index: number): boolean {
    if (!this.clock) return true;
    const listing = this.relistings.get(index);
    return listing ? listing.arrivedMs <= this.clock() : index < this.arrivedCount();
  }

  private remember(header: InvoiceHeader): void {
    this.suppliers.set(header.supplier.vkn, header.supplier.name);
  }

  private revision(index: number): 1 | 2 {
    return this.reissued.has(index) ? 2 : 1;
  }

  private scan(query: InboxQuery): Int32Array {
    const { start, end } = this.arrivalRange(query);
    if (query.issuedFrom === undefined && query.issuedTo === undefined) return Int32Array.from({ length: end - start }, (_, k) => start + k);
    const out: number[] = [];
    for (let index = start; index < end; index++) {
      const header = invoiceHeader(this.spec, index);
      this.remember(header);
      if (matches(header, query)) out.push(index);
    }
    return Int32Array.from(out);
  }

  private selectEttns(query: InboxQuery): Int32Array {
    const found = new Set<number>();
    for (const ettn of query.ettns ?? []) {
      const index = this.find(ettn);
      if (index !== undefined && matches(invoiceHeader(this.spec, index), query)) found.add(index);
    }
    return Int32Array.from([...found].sort((a, b) => a - b));
  }

  /** Arrival index range that can hold the query's invoices; issue-date bounds widen it by the arrival lag. */
  private arrivalRange(query: InboxQuery): { start: number; end: number } {
    let from = query.arrivedFrom ?? Date.parse(this.spec.from) - MAX_ARRIVAL_LAG_DAYS * DAY_MS - DAY_MS;
    let to = query.arrivedTo ?? Date.parse(this.spec.to) + MAX_ARRIVAL_LAG_DAYS * DAY_MS + DAY_MS;
    if (query.issuedFrom) from = Math.max(from, Date.parse(`${query.issuedFrom}T00:00:00Z`) - DAY_MS);
    if (query.issuedTo) to = Math.min(to, Date.parse(`${query.issuedTo}T00:00:00Z`) + (MAX_ARRIVAL_LAG_DAYS + 2) * DAY_MS);
    if (to < from) return { start: 0, end: 0 };
    return arrivalIndexRange(this.spec, new Date(from).toISOString(), new Date(to + 1).toISOString());
  }
}

function matches(header: InvoiceHeader, query: InboxQuery): boolean {
  const arrived = Date.parse(header.arrivedAt);
  if (query.arrivedFrom !== undefined && arrived < query.arrivedFrom) return false;
  if (query.arrivedTo !== undefined && arrived > query.arrivedTo) return false;
  if (query.issuedFrom !== undefined && header.issueDate < query.issuedFrom) return false;
  if (query.issuedTo !== undefined && header.issueDate > query.issuedTo) return false;
  return true;
}

/**
 * The dataset documents that an ETTN's first 32 bits are mix32(((providerNo << 21) | index) ^ seedKey)
 * (simulators/dataset/model.ts); inverting that gives the index in O(1) without any table. `find`
 * verifies the guess against the invoice's real ETTN, so a change of that scheme shows as "not found" in the
 * contract tests rather than as a wrong invoice.
 */
function indexFromEttnHead(spec: DatasetSpec, ettn: string): number | undefined {
  const head = Number.parseInt(ettn.slice(0, 8), 16);
  if (!/^[0-9a-f]{8}-/.test(ettn) || Number.isNaN(head)) return undefined;
  const mixed = unmix32(head) ^ seedKey(spec.seed);
  return (mixed >>> 21) === providerIds.indexOf(spec.provider) ? mixed & 0x1f_ffff : undefined;
}

/** Inverse of murmur3's 32-bit finalizer (dataset/random.ts mix32). */
function unmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7ed1b41d) >>> 0; // inverse of 0xc2b2ae35 mod 2^32
  h ^= (h >>> 13) ^ (h >>> 26);
  h = Math.imul(h, 0xa5cb9243) >>> 0; // inverse of 0x85ebca6b mod 2^32
  h ^= h >>> 16;
  return h >>> 0;
}

/** Issue-date bounds from instant bounds (providers that filter issue dates with xs:dateTime). */
export function issueDateBounds(fromMs: number | undefined, toMs: number | undefined): Pick<InboxQuery, 'issuedFrom' | 'issuedTo'> {
  return {
    ...(fromMs !== undefined ? { issuedFrom: turkeyDate(fromMs) } : {}),
    ...(toMs !== undefined ? { issuedTo: turkeyDate(toMs) } : {}),
  };
}
