/**
 * Deterministic UBL-TR invoice dataset (simulators/dataset): what suppliers send to one organization
 * through one provider inbox, generated on demand from (seed, provider, index).
 *
 * - Random access: every index is generated alone (seeded PRNG keyed by seed, provider, index); the same
 *   spec gives byte-identical XML and manifest. Arrivals are non-decreasing in index over [from, to).
 * - Headers are cheap (no XML) for list operations; invoiceDocument renders the signed XML.
 * - e-Arşiv: e-Arşiv invoices never reach a receiver's inbox API (providers.md §1.1, ubl-tr.md §8).
 *   Indices 0..invoices-1 are exactly the inbox; arrivalIndexRange only ever returns those. The
 *   e-Arşiv invoices the organization also received (by e-mail) sit at indices
 *   invoices..invoices+earsivCount(spec)-1 with their own arrival sequence; their manifest entries carry
 *   deliveredToInbox: false. A simulator serving [0, invoices) serves exactly what a real inbox would.
 * - IADE entries are returns a customer of the organization sends back (ubl-tr.md §6.5): their lines keep
 *   the category of what they describe; the normalizer decides the sign from type × direction.
 */
export { DatasetSpec, DatasetSpecError, MAX_ARRIVAL_LAG_DAYS, MAX_INVOICES } from './spec.js';
export { EARSIV_PER_INBOX, earsivCount } from './plan.js';
export type { InvoiceHeader, ManifestEntry, ManifestLine } from './types.js';
export { invoiceEttn, invoiceHeader } from './model.js';
export { arrivalIndexRange } from './timeline.js';
export { invoiceContent, invoiceDocument, manifestEntries } from './document.js';
export { streamManifest, writeManifest } from './manifest.js';
export { suppliers, type Supplier } from './suppliers.js';
