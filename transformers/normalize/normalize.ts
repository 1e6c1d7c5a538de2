/**
 * normalizeInvoice(parsed, ctx) → { invoice, lines, flags }: interprets a ParsedInvoice for carbon
 * accounting. Pure and deterministic: the organization and the rate table come in through the context.
 */
import { isCalendarDate } from '../ubl-tr/dates.js';
import { ParseError } from '../ubl-tr/errors.js';
import type { Flag, ParsedAmount, ParsedInvoice, ParsedLine, ParsedTaxSubtotal, ParsedTaxTotal } from '../ubl-tr/schema.js';
import {
  abs,
  add,
  compare,
  dec,
  divide,
  isZero,
  mul,
  negate,
  ONE,
  readDecimal,
  round,
  sub,
  sum,
  toPlainText,
  toText,
  ZERO,
  type Decimal,
} from '../decimal/index.js';
import type {
  ActivityExclusion,
  ActivityRole,
  Direction,
  FxRate,
  NormalizedDocument,
  NormalizedInvoice,
  NormalizedLine,
  Sign,
  TaxLine,
  WithholdingLine,
} from './schema.js';
import { foldRepeatedFlags } from './flags.js';
import { plausibilityFlags } from './plausibility.js';
import { taxKind, type TaxKind } from './taxes.js';
import { foldTurkish } from './text.js';
import { lookupUnit, METERED_UNITS, REACTIVE_ENERGY_CODE, type UnitConversion } from './units.js';

export interface RateQuery {
  /** ISO 4217 code of the document currency. */
  currency: string;
  /** The invoice's issue date (YYYY-MM-DD); the table decides about weekends and holidays. */
  date: string;
}
export interface RateQuote {
  /** TRY per one unit of `currency`, decimal text. */
  rate: string;
  /** Date (or month) of the published rate actually used. */
  date: string;
  series: string;
  /** The query lies after the table's data: its last rate was carried forward. */
  carriedForward?: boolean;
}
/** A rate table lookup (transformers/fx/), injected so normalization stays pure. */
export type RateLookup = (query: RateQuery) => RateQuote | null;

export interface NormalizeContext {
  /** The organization's VKN/TCKNs: decide the direction of each document. Empty: assume incoming (flagged). */
  organizationVkns: readonly string[];
  rateLookup?: RateLookup;
}

export const invoiceTypes = [
  'SATIS', 'IADE', 'TEVKIFAT', 'TEVKIFATIADE', 'ISTISNA', 'OZELMATRAH', 'IHRACKAYITLI', 'SGK', 'KOMISYONCU',
  'HKSSATIS', 'HKSKOMISYONCU', 'KONAKLAMAVERGISI', 'TEKNOLOJIDESTEK', 'SARJ', 'SARJANLIK',
  'YTBSATIS', 'YTBIADE', 'YTBTEVKIFAT', 'YTBTEVKIFATIADE', 'YTBISTISNA',
] as const;
const returnTypes: ReadonlySet<string> = new Set(['IADE', 'TEVKIFATIADE', 'YTBIADE', 'YTBTEVKIFATIADE']);
export const profiles = [
  'TEMELFATURA', 'TICARIFATURA', 'EARSIVFATURA', 'IHRACAT', 'YOLCUBERABERFATURA', 'OZELFATURA', 'KAMU', 'HKS',
  'ENERJI', 'ILAC_TIBBICIHAZ', 'YATIRIMTESVIK', 'IDIS',
] as const;
const knownTypes: ReadonlySet<string> = new Set(invoiceTypes);
const knownProfiles: ReadonlySet<string> = new Set(profiles);

const KURUS = 2;
const UTILITY_IDENTIFIERS = ['TESISATNO', 'SAYACNO', 'ABONENO'] as const;

/** Lines of a utility bill whose metered quantity is not (new) consumption; matched on folded text. */
const exclusionRules: ReadonlyArray<{ pattern: RegExp; exclusion: ActivityExclusion }> = [
  { pattern: /reaktif|kapasitif|enduktif/, exclusion: 'reactive_energy' },
  { pattern: /dagitim|iletim|sistem kullanim/, exclusion: 'network_charge' },
  { pattern: /perakende satis hizmet|sayac okuma|\bpsh\b/, exclusion: 'service_charge' },
  { pattern: /guc bedeli|guc asim/, exclusion: 'power_charge' },
];

class Flags {
  readonly list: Flag[];
  constructor(initial: readonly Flag[]) {
    this.list = [...initial];
  }
  add(code: string, message: string, path?: string): void {
    this.list.push(path === undefined ? { code, message } : { code, message, path });
  }
}

export function normalizeInvoice(parsed: ParsedInvoice, ctx: NormalizeContext): NormalizedDocument {
  const flags = new Flags(parsed.flags);
  const ettn = parsed.ettn;

  const currency = parsed.currency ?? 'TRY';
  if (!parsed.currency) flags.add('currency_missing', 'DocumentCurrencyCode is missing; TRY assumed', 'Invoice/cbc:DocumentCurrencyCode');

  const type = parsed.typeCode;
  if (!type) flags.add('type_missing', 'InvoiceTypeCode is missing; treated as a sale', 'Invoice/cbc:InvoiceTypeCode');
  else if (!knownTypes.has(type)) flags.add('type_unknown', `InvoiceTypeCode "${type}" is not in the UBL-TR 1.2.1 list`, 'Invoice/cbc:InvoiceTypeCode');
  if (parsed.profileId && !knownProfiles.has(parsed.profileId)) {
    flags.add('profile_unknown', `ProfileID "${parsed.profileId}" is not in the UBL-TR list`, 'Invoice/cbc:ProfileID');
  }
  const isReturn = type !== null && returnTypes.has(type);
  const returnOf = parsed.billingReferences[0] ?? null;
  if (isReturn && !returnOf) flags.add('return_reference_missing', `${type} invoice has no BillingReference to the returned invoice`, 'Invoice/cac:BillingReference');

  const direction = directionOf(parsed, ctx, flags);
  const role = roleOf(direction, isReturn);
  const sign: Sign = role === 'purchase' ? 1 : role === 'purchase_return' ? -1 : 0;
  if (sign === 0) flags.add(`not_purchase_${role}`, `${direction} ${type ?? 'invoice'}: ${role === 'sale' ? 'our sale' : 'a customer return of our sale'}, not purchase activity`);

  const fx = currency === 'TRY' ? null : fxRateOf(parsed, currency, ctx, flags);
  const notCharged = exemptKdvNotCharged(parsed);
  if (notCharged) flags.add('kdv_not_charged', 'exempt KDV subtotals (TaxExemptionReasonCode) are stated but not charged: left out of KDV and totals', 'Invoice/cac:TaxTotal');
  const money = new MoneyReader(currency, flags, ettn, notCharged);

  const lineFacts = parsed.lines.map((line) => readLineFacts(line, money, flags));

  // Spend basis: the line nets less the document-level allowances/charges the document states,
  // pro-rated over the lines by net amount.
  const lineNetTotal = sum(lineFacts.map((l) => l.net));
  const taxExclusive = money.optional(parsed.totals.taxExclusive, 'Invoice/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount');
  const totals = readTotals(parsed, money, lineNetTotal, taxExclusive);
  const allowanceToSpread = documentAllowanceNet(parsed, money, lineNetTotal, totals, taxExclusive);
  const shares = prorate(allowanceToSpread, lineFacts.map((l) => l.net));
  if (!isZero(allowanceToSpread)) {
    if (shares) flags.add('document_allowance_prorated', `document allowances/charges of ${toText(allowanceToSpread)} ${currency} pro-rated over the lines by net amount`);
    else flags.add('document_allowance_not_prorated', 'document allowances/charges could not be pro-rated: the lines sum to zero');
  }

  const lines: NormalizedLine[] = lineFacts.map((facts, i) => {
    const share = shares?.[i] ?? ZERO;
    const spend = sub(facts.net, share);
    return {
      ...facts.line,
      documentAllowanceShare: toText(share, KURUS),
      spendAmount: toText(spend, KURUS),
      spendAmountTry: currency === 'TRY' ? toText(spend, KURUS) : fx ? toText(round(mul(spend, dec(fx.rate)), KURUS)) : null,
      sign,
    };
  });

  const documentTaxes = parsed.taxTotals.length > 0 ? readTaxes(parsed.taxTotals, null, money, flags) : lineFacts.flatMap((l) => l.taxes);
  if (parsed.taxTotals.length === 0) flags.add('document_taxes_missing', 'no document-level TaxTotal; taxes summed from the lines', 'Invoice/cac:TaxTotal');
  const withholdings = readWithholdings(parsed.withholdingTotals, money);
  const documentWithholdings = withholdings.length > 0 ? withholdings : lineFacts.flatMap((l) => l.withholdings);
  const taxSums = sumByKind(documentTaxes);
  const withholdingTotal = sum(documentWithholdings.map((w) => dec(w.amount)));

  reconcile({ parsed, flags, lineFacts, lineNetTotal, totals, taxSums, withholdingTotal, currency });

  const identifiers = parsed.customer?.identifiers ?? {};
  const utility = {
    installationNo: identifiers['TESISATNO'] ?? null,
    meterNo: identifiers['SAYACNO'] ?? null,
    subscriberNo: identifiers['ABONENO'] ?? null,
    customerNo: identifiers['MUSTERINO'] ?? null,
  };

  const invoice: NormalizedInvoice = {
    ettn,
    number: parsed.invoiceNumber,
    issueDate: parsed.issueDate,
    issueTime: parsed.issueTime,
    customizationId: parsed.customizationId,
    profile: parsed.profileId,
    type,
    isReturn,
    direction,
    role,
    sign,
    supplier: partyOf(parsed.supplier),
    customer: parsed.customer ? partyOf(parsed.customer) : null,
    currency,
    fx,
    activityPeriod: activityPeriodOf(parsed, lines, flags),
    utility,
    vehiclePlate: identifiers['PLAKA'] ?? parsed.supplier.identifiers['PLAKA'] ?? null,
    returnOf: returnOf ? { number: returnOf.id?.trim() ?? null, issueDate: returnOf.issueDate, documentTypeCode: returnOf.documentTypeCode?.trim() ?? null } : null,
    totals: {
      lineExtension: moneyText(totals.lineExtension),
      taxExclusive: moneyText(totals.taxExclusive),
      taxInclusive: moneyText(totals.taxInclusive),
      allowanceTotal: moneyText(totals.allowanceTotal),
      chargeTotal: moneyText(totals.chargeTotal),
      payableRounding: moneyText(totals.payableRounding),
      payable: moneyText(totals.payable),
    },
    kdv: toText(taxSums.kdv, KURUS),
    kdvNotCharged: toText(taxSums.kdv_not_charged, KURUS),
    otv: toText(taxSums.otv, KURUS),
    energyFund: toText(taxSums.energy_fund, KURUS),
    trtShare: toText(taxSums.trt_share, KURUS),
    consumptionTax: toText(taxSums.consumption_tax, KURUS),
    stoppage: toText(taxSums.stoppage, KURUS),
    otherTaxes: toText(taxSums.other, KURUS),
    withholding: toText(withholdingTotal, KURUS),
    taxes: documentTaxes,
    withholdings: documentWithholdings,
    notes: parsed.notes,
  };
  const implausible = plausibilityFlags({ parsed, invoice, lines, rateLookup: ctx.rateLookup });
  return { invoice, lines, flags: foldRepeatedFlags([...flags.list, ...implausible]) };
}

/** Reads amounts of one document: checks each currencyID, refuses unreadable money where it matters. */
class MoneyReader {
  constructor(
    readonly currency: string,
    private readonly flags: Flags,
    private readonly ettn: string,
    /** Whether this document leaves its exempt KDV subtotals out of the total (see exemptKdvNotCharged()). */
    readonly exemptKdvNotCharged: boolean,
  ) {}

  /** An amount the invoice cannot do without: unreadable → ParseError. */
  required(amount: ParsedAmount, path: string): Decimal {
    const d = this.read(amount, path);
    if (!d) throw new ParseError('invalid_value', `amount "${amount.value}" is not a decimal number`, { path, ettn: this.ettn });
    return d;
  }

  /** An optional amount: absent → null; unreadable → null and flagged. */
  optional(amount: ParsedAmount | null, path: string): Decimal | null {
    return amount ? this.read(amount, path) : null;
  }

  private read(amount: ParsedAmount, path: string): Decimal | null {
    if (amount.currency && amount.currency !== this.currency) {
      this.flags.add('currency_mismatch', `amount in ${amount.currency}, document currency is ${this.currency}`, path);
    }
    const d = readDecimal(amount.value);
    if (typeof d !== 'string') return d;
    this.flags.add(`amount_${d}`, `amount "${amount.value}" is not a plain decimal (${d === 'comma' ? 'decimal comma?' : d}); ignored`, path);
    return null;
  }
}

interface LineFacts {
  line: Omit<NormalizedLine, 'documentAllowanceShare' | 'spendAmount' | 'spendAmountTry' | 'sign'>;
  net: Decimal;
  taxes: TaxLine[];
  withholdings: WithholdingLine[];
}

function readLineFacts(line: ParsedLine, money: MoneyReader, flags: Flags): LineFacts {
  const net = money.required(line.netAmount, `${line.path}/cbc:LineExtensionAmount`);
  const quantityPath = `${line.path}/cbc:InvoicedQuantity`;
  let quantity: Decimal | null = null;
  if (line.quantity === null) flags.add('quantity_missing', 'line has no InvoicedQuantity', quantityPath);
  else {
    const q = readDecimal(line.quantity);
    if (typeof q === 'string') flags.add('quantity_invalid', `quantity "${line.quantity}" is not a decimal number`, quantityPath);
    else quantity = q;
  }

  let unitCode = line.unitCode;
  if (unitCode === null) {
    flags.add('unit_missing', 'InvoicedQuantity has no unitCode; C62 (one) assumed', `${quantityPath}/@unitCode`);
  }
  const lookup = lookupUnit(unitCode ?? 'C62');
  if (lookup.kind === 'unknown') flags.add('unit_unknown', `unit code "${unitCode}" is not a known UN/ECE or GİB unit`, `${quantityPath}/@unitCode`);
  const conversion: UnitConversion | null = lookup.kind === 'unit' ? lookup.conversion : null;

  const description = line.itemName ?? line.itemDescription ?? '';
  if (!description) flags.add('description_missing', 'line has no item name or description', `${line.path}/cac:Item/cbc:Name`);
  const exclusion = activityExclusionOf(description, unitCode, conversion);

  const taxes = readTaxes(line.taxTotals, quantity, money, flags);
  const byKind = sumByKind(taxes);
  const kdvLine = taxes.find((t) => t.kind === 'kdv') ?? taxes.find((t) => t.kind === 'kdv_not_charged');
  const otvLine = taxes.find((t) => t.kind === 'otv');
  const withholdings = readWithholdings(line.withholdingTotals, money);
  const unitPrice = line.unitPrice ? money.optional(line.unitPrice, `${line.path}/cac:Price/cbc:PriceAmount`) : null;

  return {
    net,
    taxes,
    withholdings,
    line: {
      lineNo: line.lineNo,
      description,
      itemDescription: line.itemDescription,
      keywords: line.keywords,
      sellerItemId: line.sellerItemId,
      buyerItemId: line.buyerItemId,
      classificationCodes: line.classificationCodes,
      quantity: quantity ? toPlainText(quantity) : null,
      unitCode,
      unit: conversion?.unit ?? null,
      activityQuantity: quantity && conversion ? toPlainText(mul(quantity, conversion.factor)) : null,
      quantityCountsAsActivity: exclusion === null,
      activityExclusion: exclusion,
      currency: money.currency,
      netAmount: moneyText(net),
      unitPrice: unitPrice ? toPlainText(unitPrice) : null,
      kdv: toText(byKind.kdv, KURUS),
      // An exempt line's KDV rate is what it is charged: 0.
      kdvPercent: kdvLine?.kind === 'kdv_not_charged' ? '0' : (kdvLine?.percent ?? null),
      otv: toText(byKind.otv, KURUS),
      otvPerUnit: otvLine?.perUnitAmount ?? null,
      otvPercent: otvLine?.percent ?? null,
      otherTaxes: toText(add(add(byKind.energy_fund, byKind.trt_share), add(byKind.consumption_tax, add(byKind.stoppage, byKind.other))), KURUS),
      withholding: toText(sum(withholdings.map((w) => dec(w.amount))), KURUS),
      taxes,
      notes: line.notes,
    },
  };
}

function activityExclusionOf(description: string, unitCode: string | null, conversion: UnitConversion | null): ActivityExclusion | null {
  if (unitCode === REACTIVE_ENERGY_CODE) return 'reactive_energy';
  if (!conversion || !METERED_UNITS.has(conversion.unit)) return null;
  const text = foldTurkish(description);
  return exclusionRules.find((r) => r.pattern.test(text))?.exclusion ?? null;
}

function readTaxes(totals: readonly ParsedTaxTotal[], quantity: Decimal | null, money: MoneyReader, flags: Flags): TaxLine[] {
  return totals.flatMap((t) => t.subtotals.map((s) => readTaxSubtotal(s, quantity, money, flags)));
}

function readTaxSubtotal(s: ParsedTaxSubtotal, quantity: Decimal | null, money: MoneyReader, flags: Flags): TaxLine {
  const kind = taxKind(s.typeCode, s.exemptionReasonCode !== null && money.exemptKdvNotCharged);
  if (!s.typeCode) flags.add('tax_type_missing', 'TaxSubtotal has no TaxTypeCode', `${s.path}/cac:TaxCategory/cac:TaxScheme/cbc:TaxTypeCode`);
  const taxable = money.optional(s.taxableAmount, `${s.path}/cbc:TaxableAmount`);
  const perUnit = money.optional(s.perUnitAmount, `${s.path}/cbc:PerUnitAmount`);
  let amount = money.optional(s.taxAmount, `${s.path}/cbc:TaxAmount`);
  if (!amount) {
    if (perUnit && quantity) {
      amount = round(mul(perUnit, quantity), KURUS);
      flags.add('tax_amount_derived', `TaxAmount missing; per-unit amount × quantity = ${toText(amount)}`, `${s.path}/cbc:TaxAmount`);
    } else {
      flags.add('tax_amount_missing', 'TaxSubtotal has no readable TaxAmount; counted as 0', `${s.path}/cbc:TaxAmount`);
    }
  }
  let percent = s.percent === null ? null : readDecimal(s.percent);
  if (typeof percent === 'string') {
    flags.add('tax_percent_invalid', `Percent "${s.percent}" is not a decimal number`, `${s.path}/cbc:Percent`);
    percent = null;
  }
  if (percent === null && (kind === 'kdv' || kind === 'kdv_not_charged') && amount && taxable && !isZero(taxable)) {
    // KDV rates are whole percentages; derive the rate the amounts imply (legacy documents omit it).
    percent = divide(mul(amount, dec('100')), taxable, 0);
    flags.add('tax_percent_derived', `KDV Percent missing; ${toText(amount)} / ${toText(taxable)} ≈ ${toText(percent)} %`, `${s.path}/cbc:Percent`);
  }
  return {
    kind,
    code: s.typeCode,
    name: s.name,
    exemptionReasonCode: s.exemptionReasonCode,
    percent: percent ? toPlainText(percent) : null,
    perUnitAmount: perUnit ? toPlainText(perUnit) : null,
    taxableAmount: taxable ? toText(taxable) : null,
    amount: toText(amount ?? ZERO),
  };
}

function readWithholdings(totals: readonly ParsedTaxTotal[], money: MoneyReader): WithholdingLine[] {
  return totals.flatMap((t) => {
    if (t.subtotals.length === 0) {
      const amount = money.optional(t.taxAmount, 'WithholdingTaxTotal/cbc:TaxAmount');
      return amount ? [{ code: null, percent: null, taxableAmount: null, amount: toText(amount) }] : [];
    }
    return t.subtotals.map((s) => {
      const amount = money.optional(s.taxAmount, `${s.path}/cbc:TaxAmount`);
      const taxable = money.optional(s.taxableAmount, `${s.path}/cbc:TaxableAmount`);
      const percent = s.percent === null ? null : readDecimal(s.percent);
      return {
        code: s.typeCode,
        percent: percent !== null && typeof percent !== 'string' ? toPlainText(percent) : null,
        taxableAmount: taxable ? toText(taxable) : null,
        amount: toText(amount ?? ZERO),
      };
    });
  });
}

function sumByKind(taxes: readonly TaxLine[]): Record<TaxKind, Decimal> {
  const sums: Record<TaxKind, Decimal> = {
    kdv: ZERO, kdv_not_charged: ZERO, otv: ZERO, energy_fund: ZERO, trt_share: ZERO, consumption_tax: ZERO, stoppage: ZERO, other: ZERO,
  };
  for (const t of taxes) sums[t.kind] = add(sums[t.kind], dec(t.amount));
  return sums;
}

/**
 * Splits `total` over lines in proportion to `weights`, to the kuruş; the rounding residue goes to the
 * line with the largest weight so the shares add up exactly. null when the weights sum to zero.
 */
function prorate(total: Decimal, weights: readonly Decimal[]): Decimal[] | null {
  if (isZero(total)) return weights.map(() => ZERO);
  const weightSum = sum(weights);
  if (isZero(weightSum)) return null;
  const shares = weights.map((w) => divide(mul(total, w), weightSum, KURUS));
  const residue = sub(round(total, KURUS), sum(shares));
  if (!isZero(residue)) {
    let largest = 0;
    weights.forEach((w, i) => {
      if (compare(abs(w), abs(weights[largest]!)) > 0) largest = i;
    });
    shares[largest] = add(shares[largest]!, residue);
  }
  return shares;
}

/** Money as text with at least two decimals (kuruş), keeping any finer precision the document gave. */
function moneyText(d: Decimal): string {
  return toText(d, Math.max(KURUS, d.scale));
}

interface Totals {
  lineExtension: Decimal;
  taxExclusive: Decimal;
  taxInclusive: Decimal;
  allowanceTotal: Decimal;
  chargeTotal: Decimal;
  payableRounding: Decimal;
  payable: Decimal;
  /** Which totals the document states (reconciliation only checks those). */
  stated: { lineExtension: boolean; taxExclusive: boolean; taxInclusive: boolean };
}

function readTotals(parsed: ParsedInvoice, money: MoneyReader, lineNetTotal: Decimal, taxExclusive: Decimal | null): Totals {
  const path = 'Invoice/cac:LegalMonetaryTotal';
  const lineExtension = money.optional(parsed.totals.lineExtension, `${path}/cbc:LineExtensionAmount`);
  const taxInclusive = money.optional(parsed.totals.taxInclusive, `${path}/cbc:TaxInclusiveAmount`);
  const payable = money.required(parsed.totals.payable, `${path}/cbc:PayableAmount`);
  return {
    lineExtension: lineExtension ?? lineNetTotal,
    taxExclusive: taxExclusive ?? lineExtension ?? lineNetTotal,
    taxInclusive: taxInclusive ?? payable,
    allowanceTotal: money.optional(parsed.totals.allowanceTotal, `${path}/cbc:AllowanceTotalAmount`) ?? ZERO,
    chargeTotal: money.optional(parsed.totals.chargeTotal, `${path}/cbc:ChargeTotalAmount`) ?? ZERO,
    payableRounding: money.optional(parsed.totals.payableRounding, `${path}/cbc:PayableRoundingAmount`) ?? ZERO,
    payable,
    stated: { lineExtension: lineExtension !== null, taxExclusive: taxExclusive !== null, taxInclusive: taxInclusive !== null },
  };
}

interface ReconcileInput {
  parsed: ParsedInvoice;
  flags: Flags;
  lineFacts: readonly LineFacts[];
  lineNetTotal: Decimal;
  totals: Totals;
  taxSums: Record<TaxKind, Decimal>;
  withholdingTotal: Decimal;
  currency: string;
}

/** The document's own totals must add up to the kuruş (ubl-tr.md §2.4, §6.6); differences are flagged. */
function reconcile({ parsed, flags, lineFacts, lineNetTotal, totals, taxSums, withholdingTotal, currency }: ReconcileInput): void {
  const path = 'Invoice/cac:LegalMonetaryTotal';
  const check = (code: string, what: string, stated: Decimal, computed: Decimal, at: string): void => {
    const diff = sub(round(stated, KURUS), round(computed, KURUS));
    if (!isZero(diff)) {
      flags.add(code, `${what}: document says ${toText(stated, KURUS)}, computed ${toText(computed, KURUS)} (difference ${toText(diff)} ${currency})`, at);
    }
  };
  const sameKurus = (a: Decimal, b: Decimal): boolean => compare(round(a, KURUS), round(b, KURUS)) === 0;
  if (totals.stated.lineExtension) {
    // Some issuers (GİB's TicariFaturaOrnegi) state LineExtensionAmount before line allowances and put
    // those in AllowanceTotalAmount; the lines and TaxExclusiveAmount are still right.
    const lineAllowances = lineAllowanceNet(parsed);
    if (!isZero(lineAllowances) && !sameKurus(totals.lineExtension, lineNetTotal) && sameKurus(totals.lineExtension, add(lineNetTotal, lineAllowances))) {
      flags.add('line_extension_before_line_allowances', `LineExtensionAmount ${toText(totals.lineExtension)} is Σ line nets ${toText(lineNetTotal)} + line allowances ${toText(lineAllowances)}`, `${path}/cbc:LineExtensionAmount`);
    } else {
      check('line_total_mismatch', 'Σ line LineExtensionAmount', totals.lineExtension, lineNetTotal, `${path}/cbc:LineExtensionAmount`);
    }
  }
  if (totals.stated.taxExclusive) {
    const expected = add(sub(totals.lineExtension, totals.allowanceTotal), totals.chargeTotal);
    // Some issuers report line allowances in AllowanceTotalAmount without deducting them again.
    const alsoAccepted = totals.lineExtension;
    if (compare(round(totals.taxExclusive, KURUS), round(alsoAccepted, KURUS)) !== 0) {
      check('tax_exclusive_mismatch', 'TaxExclusiveAmount vs LineExtension − AllowanceTotal + ChargeTotal', totals.taxExclusive, expected, `${path}/cbc:TaxExclusiveAmount`);
    }
  }
  const addedTaxes = sum([taxSums.kdv, taxSums.otv, taxSums.energy_fund, taxSums.trt_share, taxSums.consumption_tax, taxSums.other]);
  const expectedInclusive = sub(add(totals.taxExclusive, addedTaxes), taxSums.stoppage);
  if (totals.stated.taxInclusive) check('tax_inclusive_mismatch', 'TaxInclusiveAmount vs TaxExclusive + taxes (KDV, ÖTV, …) − stopaj', totals.taxInclusive, expectedInclusive, `${path}/cbc:TaxInclusiveAmount`);
  check('payable_mismatch', 'PayableAmount vs TaxInclusive − withholding + rounding', totals.payable, add(sub(totals.taxInclusive, withholdingTotal), totals.payableRounding), `${path}/cbc:PayableAmount`);

  if (parsed.taxTotals.length > 0 && lineFacts.some((l) => l.taxes.length > 0)) {
    const lineKdv = sum(lineFacts.flatMap((l) => l.taxes.filter((t) => t.kind === 'kdv').map((t) => dec(t.amount))));
    check('kdv_mismatch', 'document KDV subtotals vs Σ line KDV', taxSums.kdv, lineKdv, 'Invoice/cac:TaxTotal');
  }
}

/**
 * An exempt KDV subtotal (with TaxExemptionReasonCode) may state KDV that is not charged (ISTISNA,
 * OZELMATRAH) or KDV that is (YOLCUBERABER): the document's own TaxInclusiveAmount tells which.
 * Not charged only when the totals reconcile without those subtotals and not with them.
 */
function exemptKdvNotCharged(parsed: ParsedInvoice): boolean {
  const value = (a: ParsedAmount | null): Decimal | null => {
    const d = a ? readDecimal(a.value) : null;
    return d === null || typeof d === 'string' ? null : d;
  };
  const subtotals = parsed.taxTotals.flatMap((t) => t.subtotals);
  const exempt = sum(subtotals.filter((s) => taxKind(s.typeCode) === 'kdv' && s.exemptionReasonCode !== null).map((s) => value(s.taxAmount) ?? ZERO));
  const exclusive = value(parsed.totals.taxExclusive);
  const inclusive = value(parsed.totals.taxInclusive);
  if (isZero(exempt) || !exclusive || !inclusive) return false;
  const taxes = sum(subtotals.map((s) => (taxKind(s.typeCode) === 'stoppage' ? negate : (d: Decimal) => d)(value(s.taxAmount) ?? ZERO)));
  const same = (a: Decimal, b: Decimal): boolean => compare(round(a, KURUS), round(b, KURUS)) === 0;
  return same(inclusive, sub(add(exclusive, taxes), exempt)) && !same(inclusive, add(exclusive, taxes));
}

/**
 * Σ document-level allowances − Σ charges as the document states them: its cac:AllowanceCharge
 * elements, else LegalMonetaryTotal AllowanceTotalAmount − ChargeTotalAmount. Never derived from
 * TaxExclusiveAmount: a wrong one would turn taxes into spend (reconcile() flags it instead); it only
 * tells whether AllowanceTotalAmount also counts the line allowances, as many Turkish issuers do.
 */
function documentAllowanceNet(parsed: ParsedInvoice, money: MoneyReader, lineNetTotal: Decimal, totals: Totals, taxExclusive: Decimal | null): Decimal {
  if (parsed.allowanceCharges.length > 0) {
    let total = ZERO;
    parsed.allowanceCharges.forEach((ac, i) => {
      const amount = money.optional(ac.amount, `Invoice/cac:AllowanceCharge[${i + 1}]/cbc:Amount`);
      if (amount) total = ac.isCharge ? sub(total, amount) : add(total, amount);
    });
    return total;
  }
  const stated = sub(totals.allowanceTotal, totals.chargeTotal);
  const lineAllowances = lineAllowanceNet(parsed);
  if (isZero(stated) || isZero(lineAllowances)) return stated;
  const withoutLineAllowances = sub(stated, lineAllowances);
  const agrees = (net: Decimal): boolean => taxExclusive !== null && compare(round(sub(lineNetTotal, net), KURUS), round(taxExclusive, KURUS)) === 0;
  if (agrees(stated) && !agrees(withoutLineAllowances)) return stated;
  // Otherwise read as including the line allowances, unless it is smaller than they are.
  return compare(abs(stated), abs(lineAllowances)) >= 0 ? withoutLineAllowances : stated;
}

/** Σ line allowances − Σ line charges (unreadable amounts were already flagged where they matter). */
function lineAllowanceNet(parsed: ParsedInvoice): Decimal {
  let total = ZERO;
  for (const line of parsed.lines) {
    for (const ac of line.allowanceCharges) {
      const amount = ac.amount ? readDecimal(ac.amount.value) : null;
      if (amount === null || typeof amount === 'string') continue;
      total = ac.isCharge ? sub(total, amount) : add(total, amount);
    }
  }
  return total;
}

function directionOf(parsed: ParsedInvoice, ctx: NormalizeContext, flags: Flags): Direction {
  if (ctx.organizationVkns.length === 0) {
    flags.add('direction_assumed', 'no organization VKN in the context; the document is assumed incoming (a purchase)');
    return 'incoming';
  }
  const ours = (id: string | null | undefined): boolean => id != null && ctx.organizationVkns.includes(id);
  if (ours(parsed.customer?.taxId)) return 'incoming';
  if (ours(parsed.supplier.taxId)) return 'outgoing';
  flags.add('direction_unrelated', "neither party's VKN/TCKN is the organization's; assumed incoming", 'Invoice/cac:AccountingCustomerParty');
  return 'incoming';
}

function roleOf(direction: Direction, isReturn: boolean): ActivityRole {
  if (direction === 'incoming') return isReturn ? 'sales_return' : 'purchase';
  return isReturn ? 'purchase_return' : 'sale';
}

function fxRateOf(parsed: ParsedInvoice, currency: string, ctx: NormalizeContext, flags: Flags): FxRate | null {
  const own = parsed.pricingExchangeRate;
  const path = 'Invoice/cac:PricingExchangeRate/cbc:CalculationRate';
  if (own) {
    const rate = readDecimal(own.rate);
    if (typeof rate !== 'string' && !isZero(rate)) {
      if (own.sourceCurrency === 'TRY' && own.targetCurrency === currency) {
        flags.add('fx_rate_inverted', `PricingExchangeRate is TRY → ${currency}; inverted`, path);
        return { rate: toText(divide(ONE, rate, 6)), source: 'invoice', date: own.date ?? parsed.issueDate, series: null };
      }
      if (own.sourceCurrency && own.sourceCurrency !== currency) {
        flags.add('fx_rate_currency_mismatch', `PricingExchangeRate source ${own.sourceCurrency} ≠ document currency ${currency}; used as ${currency} → TRY`, path);
      }
      return { rate: toPlainText(rate), source: 'invoice', date: own.date ?? parsed.issueDate, series: null };
    }
    flags.add('fx_rate_invalid', `CalculationRate "${own.rate}" is not a positive decimal`, path);
  }
  const quote = ctx.rateLookup?.({ currency, date: parsed.issueDate }) ?? null;
  if (!quote) {
    flags.add('fx_rate_unavailable', `${currency} document without its own exchange rate and no rate table entry for ${parsed.issueDate}; TRY amounts unknown`, path);
    return null;
  }
  flags.add('fx_rate_from_table', `${currency} document without its own exchange rate; ${quote.series} rate of ${quote.date} used`, path);
  if (quote.carriedForward) flags.add('fx_rate_carried_forward', `no ${currency}/TRY rate for ${parsed.issueDate} yet: the rate of ${quote.date} was carried forward`, path);
  return { rate: quote.rate, source: 'rate_table', date: quote.date, series: quote.series, carriedForward: quote.carriedForward === true };
}

/**
 * Cut-off rule: utility bills (utility identifiers, ENERJI profile or metered units) are assigned to
 * their consumption period (InvoicePeriod); everything else to the issue date.
 */
function activityPeriodOf(parsed: ParsedInvoice, lines: readonly NormalizedLine[], flags: Flags): NormalizedInvoice['activityPeriod'] {
  const identifiers = parsed.customer?.identifiers ?? {};
  const isUtility =
    parsed.profileId === 'ENERJI' ||
    UTILITY_IDENTIFIERS.some((k) => k in identifiers) ||
    lines.some((l) => l.unit !== null && METERED_UNITS.has(l.unit));
  const period = validPeriodOf(parsed, flags);
  if (isUtility && period) return { ...period, basis: 'invoice_period' };
  if (isUtility) flags.add('utility_period_missing', 'utility bill without a complete, valid InvoicePeriod; issue date used as the activity period', 'Invoice/cac:InvoicePeriod');
  return { start: parsed.issueDate, end: parsed.issueDate, basis: 'issue_date' };
}

/** The InvoicePeriod when both ends are calendar dates and end ≥ start; else null (an impossible one flagged). */
function validPeriodOf(parsed: ParsedInvoice, flags: Flags): { start: string; end: string } | null {
  const start = parsed.period?.start;
  const end = parsed.period?.end;
  const path = 'Invoice/cac:InvoicePeriod';
  for (const [date, element] of [[start, 'StartDate'], [end, 'EndDate']] as const) {
    if (date && !isCalendarDate(date)) {
      flags.add('invoice_period_invalid', `InvoicePeriod ${element} "${date}" is not a calendar date (YYYY-MM-DD); ignored`, `${path}/cbc:${element}`);
      return null;
    }
  }
  if (!start || !end) return null;
  // Both are YYYY-MM-DD, so text order is date order.
  if (end < start) {
    flags.add('invoice_period_invalid', `InvoicePeriod ends (${end}) before it starts (${start}); ignored`, path);
    return null;
  }
  return { start, end };
}

function partyOf(p: ParsedInvoice['supplier']): NormalizedInvoice['supplier'] {
  return { vkn: p.taxId, taxIdScheme: p.taxIdScheme, name: p.name, taxOffice: p.taxOffice, city: p.city, identifiers: p.identifiers };
}
