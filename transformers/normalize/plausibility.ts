/**
 * Values no real invoice carries: each becomes a review flag (REVIEW_FLAG_CODES). A review flag with a
 * line path keeps that line out of the calculation until someone has looked at it; one without a path
 * holds the whole document. Pure: reads the parsed and the normalized document, returns flags.
 */
import { abs, add, compare, dec, isZero, mul, readDecimal, round, sub, sum, toText, ZERO, type Decimal } from '../decimal/index.js';
import type { Flag, ParsedAmount, ParsedInvoice, ParsedTaxTotal } from '../ubl-tr/schema.js';
import type { RateLookup } from './normalize.js';
import type { NormalizedInvoice, NormalizedLine } from './schema.js';

export const REVIEW_FLAG_CODES = [
  'implausible_negative_value',
  'implausible_magnitude',
  'implausible_zero_quantity',
  'implausible_line_arithmetic',
  'implausible_tax_total',
  'implausible_exchange_rate',
  'implausible_date',
] as const;
export type ReviewFlagCode = (typeof REVIEW_FLAG_CODES)[number];
const reviewCodes: ReadonlySet<string> = new Set(REVIEW_FLAG_CODES);

/** Whether a flag keeps its line (or, without a path, its document) out of the calculation until reviewed. */
export function isReviewFlag(flag: Flag): boolean {
  return reviewCodes.has(flag.code);
}

/** UBL-TR schematron allows 15 integer digits for money (ubl-tr.md §6.3); no real quantity has more either. */
const MAX_INTEGER_DIGITS = 15;
/** Years an e-invoice can be dated (GİB's own samples are from 2009). */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;
/** TRY per unit of any currency stays within these (JPY ≈ 0.2, KWD ≈ 110 in 2025). */
const RATE_BOUNDS = { low: dec('0.001'), high: dec('1000') };
/** An invoice's own rate more than this factor away from the rate table's is implausible. */
const RATE_TABLE_FACTOR = dec('1.5');
const ONE_PERCENT = dec('0.01');
const ONE_LIRA = dec('1');
const KURUS = dec('0.01');

export interface PlausibilityInput {
  parsed: ParsedInvoice;
  invoice: NormalizedInvoice;
  lines: readonly NormalizedLine[];
  rateLookup?: RateLookup | undefined;
}

export function plausibilityFlags({ parsed, invoice, lines, rateLookup }: PlausibilityInput): Flag[] {
  const flags: Flag[] = [];
  const flag = (code: ReviewFlagCode, message: string, path?: string): void => {
    flags.push(path === undefined ? { code, message } : { code, message, path });
  };
  checkDates(parsed, flag);
  lines.forEach((line, i) => checkLine(line, parsed.lines[i]!, flag));
  checkMagnitude(parsed.totals.payable, 'Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount', flag);
  const documentWithholding = sum(parsed.withholdingTotals.map((t) => valueOf(t.taxAmount) ?? ZERO));
  parsed.taxTotals.forEach((t, i) => checkTaxTotal(t, documentWithholding, `Invoice/cac:TaxTotal[${i + 1}]`, flag));
  parsed.lines.forEach((line) => {
    const lineWithholding = sum(line.withholdingTotals.map((t) => valueOf(t.taxAmount) ?? ZERO));
    line.taxTotals.forEach((t, i) => checkTaxTotal(t, lineWithholding, `${line.path}/cac:TaxTotal[${i + 1}]`, flag));
  });
  checkExchangeRate(invoice, rateLookup, flag);
  return flags;
}

type FlagFn = (code: ReviewFlagCode, message: string, path?: string) => void;

function valueOf(amount: ParsedAmount | null): Decimal | null {
  const d = amount ? readDecimal(amount.value) : null;
  return d === null || typeof d === 'string' ? null : d;
}

function integerDigits(d: Decimal): number {
  const text = toText(abs(round(d, 0)));
  return text === '0' ? 0 : text.length;
}

function checkMagnitude(amount: ParsedAmount | null, path: string, flag: FlagFn): void {
  const d = valueOf(amount);
  if (d && integerDigits(d) > MAX_INTEGER_DIGITS) flag('implausible_magnitude', `${toText(d)} has more than ${MAX_INTEGER_DIGITS} integer digits`, path);
}

function checkDates(parsed: ParsedInvoice, flag: FlagFn): void {
  const dates: Array<[string | null | undefined, string]> = [
    [parsed.issueDate, 'Invoice/cbc:IssueDate'],
    [parsed.period?.start, 'Invoice/cac:InvoicePeriod/cbc:StartDate'],
    [parsed.period?.end, 'Invoice/cac:InvoicePeriod/cbc:EndDate'],
  ];
  for (const [date, path] of dates) {
    const year = date ? Number(date.slice(0, 4)) : NaN;
    if (year < FIRST_YEAR || year > LAST_YEAR) flag('implausible_date', `date ${date} is outside ${FIRST_YEAR}–${LAST_YEAR}: no e-invoice is dated so`, path);
  }
}

function checkLine(line: NormalizedLine, parsedLine: ParsedInvoice['lines'][number], flag: FlagFn): void {
  const path = parsedLine.path;
  const quantity = line.quantity === null ? null : dec(line.quantity);
  const net = dec(line.netAmount);
  const price = line.unitPrice === null ? null : dec(line.unitPrice);
  // UBL-TR returns carry positive amounts (ubl-tr.md §6.5): a negative value is an error, not a credit.
  if (quantity && quantity.units < 0n) flag('implausible_negative_value', `quantity ${line.quantity} ${line.unitCode ?? ''} is negative`.trimEnd(), `${path}/cbc:InvoicedQuantity`);
  if (net.units < 0n) flag('implausible_negative_value', `net amount ${line.netAmount} is negative`, `${path}/cbc:LineExtensionAmount`);
  if (price && price.units < 0n) flag('implausible_negative_value', `unit price ${line.unitPrice} is negative`, `${path}/cac:Price/cbc:PriceAmount`);
  for (const [value, where] of [[quantity, 'cbc:InvoicedQuantity'], [net, 'cbc:LineExtensionAmount'], [price, 'cac:Price/cbc:PriceAmount']] as const) {
    if (value && integerDigits(value) > MAX_INTEGER_DIGITS) flag('implausible_magnitude', `${toText(value)} has more than ${MAX_INTEGER_DIGITS} integer digits`, `${path}/${where}`);
  }
  if (quantity && isZero(quantity) && !isZero(net)) flag('implausible_zero_quantity', `quantity 0 ${line.unitCode ?? ''} for a net amount of ${line.netAmount}`, `${path}/cbc:InvoicedQuantity`);
  if (quantity && price && !isZero(quantity)) {
    let allowances = ZERO;
    for (const ac of parsedLine.allowanceCharges) {
      const amount = valueOf(ac.amount);
      if (amount) allowances = ac.isCharge ? sub(allowances, amount) : add(allowances, amount);
    }
    const expected = sub(mul(quantity, price), allowances);
    const tolerance = maxOf(ONE_LIRA, mul(abs(expected), ONE_PERCENT));
    if (compare(abs(sub(expected, net)), tolerance) > 0) {
      flag('implausible_line_arithmetic', `quantity × price − allowances + charges = ${toText(round(expected, 2))}, the line says ${line.netAmount}`, `${path}/cbc:LineExtensionAmount`);
    }
  }
}

/**
 * A TaxTotal's TaxAmount is the sum of its subtotals, less the withheld KDV in TEVKIFAT documents
 * (ubl-tr.md §6.6), less exempt KDV that is stated but not charged; anything else disagrees.
 */
function checkTaxTotal(total: ParsedTaxTotal, withholding: Decimal, path: string, flag: FlagFn): void {
  const stated = valueOf(total.taxAmount);
  if (!stated || total.subtotals.length === 0) return;
  const subtotals = sum(total.subtotals.map((s) => valueOf(s.taxAmount) ?? ZERO));
  const exempt = sum(total.subtotals.filter((s) => s.exemptionReasonCode !== null).map((s) => valueOf(s.taxAmount) ?? ZERO));
  const tolerance = mul(KURUS, dec(String(total.subtotals.length)));
  const agrees = (expected: Decimal): boolean => compare(abs(sub(stated, expected)), tolerance) <= 0;
  if (!agrees(subtotals) && !agrees(sub(subtotals, withholding)) && !agrees(sub(subtotals, exempt))) {
    flag('implausible_tax_total', `TaxAmount ${toText(stated)} disagrees with its subtotals (${toText(subtotals)}${isZero(withholding) ? '' : `, less withholding ${toText(withholding)}`})`, `${path}/cbc:TaxAmount`);
  }
}

function checkExchangeRate(invoice: NormalizedInvoice, rateLookup: RateLookup | undefined, flag: FlagFn): void {
  if (!invoice.fx || invoice.fx.source !== 'invoice') return;
  const path = 'Invoice/cac:PricingExchangeRate/cbc:CalculationRate';
  const rate = dec(invoice.fx.rate);
  if (compare(rate, RATE_BOUNDS.low) < 0 || compare(rate, RATE_BOUNDS.high) > 0) {
    flag('implausible_exchange_rate', `1 ${invoice.currency} = ${invoice.fx.rate} TRY is outside ${toText(RATE_BOUNDS.low)}–${toText(RATE_BOUNDS.high)}`, path);
    return;
  }
  const quote = rateLookup?.({ currency: invoice.currency, date: invoice.issueDate });
  if (!quote) return;
  const table = dec(quote.rate);
  if (compare(rate, mul(table, RATE_TABLE_FACTOR)) > 0 || compare(mul(rate, RATE_TABLE_FACTOR), table) < 0) {
    flag('implausible_exchange_rate', `1 ${invoice.currency} = ${invoice.fx.rate} TRY is more than ${toText(RATE_TABLE_FACTOR)}× away from the ${quote.series} rate ${quote.rate} of ${quote.date}`, path);
  }
}

function maxOf(a: Decimal, b: Decimal): Decimal {
  return compare(a, b) >= 0 ? a : b;
}
