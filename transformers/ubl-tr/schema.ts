import { z } from 'zod';

/**
 * The parsed invoice: what the UBL-TR document says, as trimmed text, before any interpretation.
 * Amounts and quantities stay the document's own decimal text (`38.000`, `688.5`); normalize/ reads them
 * exactly. Optional elements are `null`, never `undefined`, so the JSON shape is stable.
 */

/** A structured remark about a document or line: lenient parsing and normalization flag, never guess. */
export const Flag = z.object({
  code: z.string(),
  message: z.string(),
  path: z.string().optional(),
});
export type Flag = z.infer<typeof Flag>;

export const ParsedAmount = z.object({
  value: z.string(),
  currency: z.string().nullable(),
});
export type ParsedAmount = z.infer<typeof ParsedAmount>;

export const ParsedTaxSubtotal = z.object({
  taxableAmount: ParsedAmount.nullable(),
  taxAmount: ParsedAmount.nullable(),
  percent: z.string().nullable(),
  perUnitAmount: ParsedAmount.nullable(),
  typeCode: z.string().nullable(),
  name: z.string().nullable(),
  exemptionReasonCode: z.string().nullable(),
  exemptionReason: z.string().nullable(),
  /** Canonical path of this subtotal, for flags raised later. */
  path: z.string(),
});
export type ParsedTaxSubtotal = z.infer<typeof ParsedTaxSubtotal>;

export const ParsedTaxTotal = z.object({
  taxAmount: ParsedAmount.nullable(),
  subtotals: z.array(ParsedTaxSubtotal),
});
export type ParsedTaxTotal = z.infer<typeof ParsedTaxTotal>;

export const ParsedAllowanceCharge = z.object({
  isCharge: z.boolean(),
  reason: z.string().nullable(),
  multiplier: z.string().nullable(),
  amount: ParsedAmount.nullable(),
  baseAmount: ParsedAmount.nullable(),
});
export type ParsedAllowanceCharge = z.infer<typeof ParsedAllowanceCharge>;

export const ParsedParty = z.object({
  /** VKN (10 digits) or TCKN (11 digits) as written; legacy documents have other lengths (flagged). */
  taxId: z.string().nullable(),
  taxIdScheme: z.enum(['VKN', 'TCKN']).nullable(),
  /** Every PartyIdentification by upper-cased schemeID: TESISATNO, SAYACNO, ABONENO, MUSTERINO, PLAKA, MERSISNO, … */
  identifiers: z.record(z.string(), z.string()),
  name: z.string().nullable(),
  taxOffice: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  country: z.string().nullable(),
});
export type ParsedParty = z.infer<typeof ParsedParty>;

export const ParsedLine = z.object({
  lineNo: z.string(),
  /** Canonical path of the line (`Invoice/cac:InvoiceLine[2]`), for flags. */
  path: z.string(),
  quantity: z.string().nullable(),
  unitCode: z.string().nullable(),
  netAmount: ParsedAmount,
  allowanceCharges: z.array(ParsedAllowanceCharge),
  itemName: z.string().nullable(),
  itemDescription: z.string().nullable(),
  keywords: z.array(z.string()),
  brand: z.string().nullable(),
  model: z.string().nullable(),
  sellerItemId: z.string().nullable(),
  buyerItemId: z.string().nullable(),
  manufacturerItemId: z.string().nullable(),
  classificationCodes: z.array(z.string()),
  unitPrice: ParsedAmount.nullable(),
  taxTotals: z.array(ParsedTaxTotal),
  withholdingTotals: z.array(ParsedTaxTotal),
  notes: z.array(z.string()),
});
export type ParsedLine = z.infer<typeof ParsedLine>;

export const ParsedInvoice = z.object({
  customizationId: z.string().nullable(),
  profileId: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  /** cbc:UUID, lower-cased (ubl-tr.md §2.1). */
  ettn: z.string(),
  issueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  issueTime: z.string().nullable(),
  typeCode: z.string().nullable(),
  currency: z.string().nullable(),
  pricingExchangeRate: z
    .object({
      sourceCurrency: z.string().nullable(),
      targetCurrency: z.string().nullable(),
      rate: z.string(),
      date: z.string().nullable(),
    })
    .nullable(),
  period: z.object({ start: z.string().nullable(), end: z.string().nullable() }).nullable(),
  notes: z.array(z.string()),
  billingReferences: z.array(
    z.object({ id: z.string().nullable(), issueDate: z.string().nullable(), documentTypeCode: z.string().nullable() }),
  ),
  orderReference: z.string().nullable(),
  despatchReferences: z.array(z.string()),
  lineCountNumeric: z.string().nullable(),
  supplier: ParsedParty,
  customer: ParsedParty.nullable(),
  allowanceCharges: z.array(ParsedAllowanceCharge),
  taxTotals: z.array(ParsedTaxTotal),
  withholdingTotals: z.array(ParsedTaxTotal),
  totals: z.object({
    lineExtension: ParsedAmount.nullable(),
    taxExclusive: ParsedAmount.nullable(),
    taxInclusive: ParsedAmount.nullable(),
    allowanceTotal: ParsedAmount.nullable(),
    chargeTotal: ParsedAmount.nullable(),
    payableRounding: ParsedAmount.nullable(),
    payable: ParsedAmount,
  }),
  lines: z.array(ParsedLine).min(1),
  /** What the parser accepted leniently (legacy IDs, odd tax ids, legacy reference fields, …). */
  flags: z.array(Flag),
});
export type ParsedInvoice = z.infer<typeof ParsedInvoice>;
