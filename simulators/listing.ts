/** Facts every simulator derives the same way from the dataset, and page slicing with the duplicates fault. */
import type { InvoiceHeader } from './dataset/index.js';

/** Lifecycle state of an inbox invoice, varied deterministically by index (providers map it to their own codes). */
export type InvoiceState = 'approved' | 'waiting' | 'declined';

export function invoiceState(header: InvoiceHeader): InvoiceState {
  if (header.index % 47 === 11) return 'declined';
  if (header.profile === 'TICARIFATURA' && header.index % 13 === 5) return 'waiting';
  return 'approved';
}

/** TaxInclusive − TaxExclusive as a decimal string, computed in integer minor units (never floats). */
export function taxTotal(header: InvoiceHeader): string {
  const cents = toCents(header.taxInclusiveAmount) - toCents(header.taxExclusiveAmount);
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function toCents(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const cents = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
  return amount.startsWith('-') ? -cents : cents;
}

/**
 * Items `[start, start + count)` of a selection; with `duplicate`, the item just before the page is
 * served again at its head (the "items duplicated across pages" fault).
 */
export function pageOf(indices: Int32Array, start: number, count: number, duplicate: boolean): number[] {
  const from = duplicate && start > 0 && start <= indices.length ? start - 1 : start;
  return Array.from(indices.subarray(Math.max(0, from), Math.max(0, start + count)));
}

/**
 * First position in a selection ascending by `key` (default: the value itself) whose key is not below
 * `value` (its length when none).
 */
export function lowerBound(sorted: Int32Array, value: number, key: (item: number) => number = (item) => item): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
