import { z } from 'zod';
import { CanonicalUnit } from '../../domain/units.js';
import { DecimalText } from '../decimal/index.js';
import { Flag } from '../ubl-tr/schema.js';
import { TaxKind } from './taxes.js';

/**
 * The common invoice schema every provider's documents normalize into. Money and quantities are
 * decimal strings (never floats); amounts are unsigned as printed on the document, and `sign` says
 * what they mean for the organization's purchases (ubl-tr.md §6.5, carbon.md §5.6).
 */
export { DecimalText };

/** Relative to the organization: incoming = it is the customer; outgoing = it is the supplier. */
export const Direction = z.enum(['incoming', 'outgoing']);
export type Direction = z.infer<typeof Direction>;

/**
 * type × direction: purchase (+1), purchase_return (−1: we returned purchased goods),
 * sale and sales_return (0: not purchase activity).
 */
export const ActivityRole = z.enum(['purchase', 'purchase_return', 'sale', 'sales_return']);
export type ActivityRole = z.infer<typeof ActivityRole>;
export const Sign = z.union([z.literal(1), z.literal(-1), z.literal(0)]);
export type Sign = z.infer<typeof Sign>;

/** Why a line's quantity must not be added to activity (it repeats, or is not, the consumed quantity). */
export const ActivityExclusion = z.enum(['network_charge', 'service_charge', 'reactive_energy', 'power_charge']);
export type ActivityExclusion = z.infer<typeof ActivityExclusion>;

export const TaxLine = z.object({
  kind: TaxKind,
  code: z.string().nullable(),
  name: z.string().nullable(),
  exemptionReasonCode: z.string().nullable(),
  percent: DecimalText.nullable(),
  perUnitAmount: DecimalText.nullable(),
  taxableAmount: DecimalText.nullable(),
  amount: DecimalText,
});
export type TaxLine = z.infer<typeof TaxLine>;

export const WithholdingLine = z.object({
  code: z.string().nullable(),
  percent: DecimalText.nullable(),
  taxableAmount: DecimalText.nullable(),
  amount: DecimalText,
});
export type WithholdingLine = z.infer<typeof WithholdingLine>;

export const Party = z.object({
  /** VKN or TCKN as written (string: may start with 0). */
  vkn: z.string().nullable(),
  taxIdScheme: z.enum(['VKN', 'TCKN']).nullable(),
  name: z.string().nullable(),
  taxOffice: z.string().nullable(),
  city: z.string().nullable(),
  identifiers: z.record(z.string(), z.string()),
});
export type Party = z.infer<typeof Party>;

export const FxRate = z.object({
  /** TRY per one unit of the document currency. */
  rate: DecimalText,
  source: z.enum(['invoice', 'rate_table']),
  date: z.string(),
  /** Rate table series (e.g. ECB monthly mean) when source is rate_table. */
  series: z.string().nullable(),
  /** A rate table rate carried forward past the end of its data (always false for the invoice's own). */
  carriedForward: z.boolean().optional(),
});
export type FxRate = z.infer<typeof FxRate>;

export const NormalizedInvoice = z.object({
  ettn: z.string(),
  number: z.string().nullable(),
  issueDate: z.string(),
  issueTime: z.string().nullable(),
  customizationId: z.string().nullable(),
  profile: z.string().nullable(),
  type: z.string().nullable(),
  isReturn: z.boolean(),
  direction: Direction,
  role: ActivityRole,
  sign: Sign,
  supplier: Party,
  customer: Party.nullable(),
  currency: z.string(),
  /** null for TRY documents; otherwise the conversion used for `*Try` amounts (null if none was found: flagged). */
  fx: FxRate.nullable(),
  /** Cut-off: the consumption period for utility bills (InvoicePeriod), otherwise the issue date. */
  activityPeriod: z.object({ start: z.string(), end: z.string(), basis: z.enum(['invoice_period', 'issue_date']) }),
  utility: z.object({
    installationNo: z.string().nullable(),
    meterNo: z.string().nullable(),
    subscriberNo: z.string().nullable(),
    customerNo: z.string().nullable(),
  }),
  vehiclePlate: z.string().nullable(),
  returnOf: z.object({ number: z.string().nullable(), issueDate: z.string().nullable(), documentTypeCode: z.string().nullable() }).nullable(),
  totals: z.object({
    lineExtension: DecimalText,
    taxExclusive: DecimalText,
    taxInclusive: DecimalText,
    allowanceTotal: DecimalText,
    chargeTotal: DecimalText,
    payableRounding: DecimalText,
    payable: DecimalText,
  }),
  /** Σ KDV (code 0015) subtotals charged: never TaxTotal/TaxAmount, which is net of withholding on TEVKIFAT. */
  kdv: DecimalText,
  /** Σ KDV subtotals with an exemption reason (computed, not charged: ISTISNA, OZELMATRAH, …). */
  kdvNotCharged: DecimalText,
  otv: DecimalText,
  energyFund: DecimalText,
  trtShare: DecimalText,
  consumptionTax: DecimalText,
  stoppage: DecimalText,
  otherTaxes: DecimalText,
  /** Σ WithholdingTaxTotal (KDV tevkifat): reduces payable, not spend. */
  withholding: DecimalText,
  taxes: z.array(TaxLine),
  withholdings: z.array(WithholdingLine),
  notes: z.array(z.string()),
});
export type NormalizedInvoice = z.infer<typeof NormalizedInvoice>;

export const NormalizedLine = z.object({
  lineNo: z.string(),
  /** Item name (the main classifier text), else the item description; trimmed. */
  description: z.string(),
  itemDescription: z.string().nullable(),
  keywords: z.array(z.string()),
  sellerItemId: z.string().nullable(),
  buyerItemId: z.string().nullable(),
  classificationCodes: z.array(z.string()),
  /** As invoiced (decimal text without trailing zeros), unsigned. */
  quantity: DecimalText.nullable(),
  /** As written; null when the document omits it (then C62 is assumed, flagged). */
  unitCode: z.string().nullable(),
  /** Canonical unit of `activityQuantity`; null when the code is unknown or not a quantity. */
  unit: CanonicalUnit.nullable(),
  /** quantity converted to `unit` (MWH × 1000 → kWh, D40 × 1000 → L, …), unsigned. */
  activityQuantity: DecimalText.nullable(),
  /**
   * false when the quantity repeats or is not the consumed quantity: distribution/transmission and
   * retail-service lines of a utility bill (same kWh/m³ again), reactive energy, contracted power.
   * Such lines must add neither activity nor spend-based emissions; their cost stays in spend totals.
   */
  quantityCountsAsActivity: z.boolean(),
  activityExclusion: ActivityExclusion.nullable(),
  currency: z.string(),
  /** LineExtensionAmount: net of line allowances, excluding all taxes (document currency). */
  netAmount: DecimalText,
  /** Document-level allowances minus charges pro-rated onto this line (largest-remainder, to the kuruş). */
  documentAllowanceShare: DecimalText,
  /** netAmount − documentAllowanceShare: the spend basis, VAT excluded (document currency). */
  spendAmount: DecimalText,
  /** spendAmount in TRY (2 decimals); null when the document is foreign-currency and no rate was found. */
  spendAmountTry: DecimalText.nullable(),
  unitPrice: DecimalText.nullable(),
  kdv: DecimalText,
  kdvPercent: DecimalText.nullable(),
  otv: DecimalText,
  otvPerUnit: DecimalText.nullable(),
  otvPercent: DecimalText.nullable(),
  otherTaxes: DecimalText,
  withholding: DecimalText,
  taxes: z.array(TaxLine),
  /** The invoice's sign, repeated so a line is self-contained for classification and calculation. */
  sign: Sign,
  notes: z.array(z.string()),
});
export type NormalizedLine = z.infer<typeof NormalizedLine>;

export const NormalizedDocument = z.object({
  invoice: NormalizedInvoice,
  lines: z.array(NormalizedLine),
  flags: z.array(Flag),
});
export type NormalizedDocument = z.infer<typeof NormalizedDocument>;
