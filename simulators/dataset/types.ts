import type { CategoryKey } from '../../domain/categories.js';
import type { ProviderId } from '../../domain/providers.js';

/** The cheap part of an invoice: what provider list operations return, computed without XML. */
export interface InvoiceHeader {
  index: number;
  /** cbc:UUID, lower case; unique across providers for a seed. */
  ettn: string;
  /** cbc:ID: 3-letter supplier series, issue year, 9-digit sequence. */
  number: string;
  /** Europe/Istanbul calendar date (cbc:IssueDate). */
  issueDate: string;
  /** ISO UTC, whole seconds; non-decreasing in index; 0..MAX_ARRIVAL_LAG_DAYS days after issue. */
  arrivedAt: string;
  profile: string;
  typeCode: string;
  supplier: { vkn: string; name: string };
  customer: { vkn: string; name: string };
  currency: string;
  taxExclusiveAmount: string;
  taxInclusiveAmount: string;
  payableAmount: string;
  lineCount: number;
}

export interface ManifestLine {
  lineNo: number;
  /** cac:Item/cbc:Name as written in the XML. */
  description: string;
  /** The category the classifier should arrive at (DESIGN.md). */
  category: CategoryKey;
  quantity: string;
  unitCode: string;
  /** cbc:LineExtensionAmount, in the document currency. */
  netAmount: string;
}

export interface ManifestEntry extends InvoiceHeader {
  provider: ProviderId;
  lines: ManifestLine[];
  /** false for e-Arşiv invoices: they reach the organization by e-mail, never through the inbox API. */
  deliveredToInbox: boolean;
  revision: number;
}
