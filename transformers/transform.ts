/**
 * transformDocument(xml, ctx) → { invoice, lines, flags }: parse → normalize → classify → calculate for
 * one raw document, or a ParseError. Pure and deterministic; everything it depends on (organization,
 * rules, text model, factor library, rate table) comes in through the context.
 */
import { classifyLine, loadDefaultModel, type Classification, type ClassifyContext, type ClassifyInput, type OrganizationRule } from './classify/index.js';
import { calculate, loadFactorLibrary, type Calculation, type CalculationInput, type CalculationOptions, type FactorLibrary } from './emissions/index.js';
import { rateToTry } from './fx/index.js';
import { foldRepeatedFlags, normalizeInvoice, type NormalizeContext, type NormalizedInvoice, type NormalizedLine, type RateLookup } from './normalize/index.js';
import { parseUblTr, type Flag, type ParseOptions } from './ubl-tr/index.js';

export interface TransformContext extends NormalizeContext {
  classify: ClassifyContext;
  factors: FactorLibrary;
  /** GWP basis of refrigerant results (default AR5). */
  calculation?: CalculationOptions;
  parse?: ParseOptions;
}

export interface TransformedLine extends NormalizedLine {
  classification: Classification;
  /** null for documents that are not purchase activity (our sales, customer returns: sign 0). */
  calculation: Calculation | null;
}

export interface TransformedDocument {
  invoice: NormalizedInvoice;
  lines: TransformedLine[];
  flags: Flag[];
}

/** The committed monthly fx table (transformers/fx, ECB) as the normalizer's rate lookup. */
export const tableRateLookup: RateLookup = ({ currency, date }) => {
  const rate = rateToTry(currency, date);
  return rate && { rate: rate.rate, date: rate.month, series: rate.source, carriedForward: rate.carriedForward };
};

/** The context the CLI and the pipeline use by default: committed model, factors and rate table, no org rules. */
export function defaultTransformContext(organizationVkns: readonly string[], rules: readonly OrganizationRule[] = []): TransformContext {
  return {
    organizationVkns,
    rateLookup: tableRateLookup,
    classify: { rules, model: loadDefaultModel() },
    factors: loadFactorLibrary(),
  };
}

export function transformDocument(xml: string, ctx: TransformContext): TransformedDocument {
  const { invoice, lines, flags } = normalizeInvoice(parseUblTr(xml, ctx.parse), ctx);
  const fallbackLines: Record<string, string[]> = {};
  const refusals: Record<string, string[]> = {};
  // The normalized lines are this call's own: each is completed in place rather than copied, so a
  // document of many lines is held once, not twice.
  const complete = (line: NormalizedLine, classification: Classification, calculation: Calculation | null): TransformedLine =>
    Object.assign(line, { classification, calculation });
  const out: TransformedLine[] = lines.map((line, i) => {
    const path = `Invoice/cac:InvoiceLine[${i + 1}]`;
    const classification = classifyLine(classifyInputOf(invoice, line), ctx.classify);
    // Not purchase activity (our sales, customer returns): classified for display, never queued for review.
    if (line.sign === 0) return complete(line, classification, null);
    if (classification.status === 'needs_review') {
      flags.push({ code: 'classification_needs_review', message: `${classification.category} at confidence ${classification.confidence} (${classification.source})`, path });
    }
    const calculation = calculate(calculationInputOf(invoice, line, classification), ctx.factors, ctx.calculation);
    if (calculation.reasonCode && calculation.reasonCode !== 'not_emission' && calculation.reasonCode !== 'counted_on_another_line') {
      (refusals[`${calculation.reasonCode}\u0000${calculation.reason ?? ''}`] ??= []).push(line.lineNo);
    }
    for (const code of calculation.audit.flags) (fallbackLines[code] ??= []).push(line.lineNo);
    return complete(line, classification, calculation);
  });
  // Refusals and table fallbacks (fx table rate, estimated price index) often hit every line alike:
  // one flag per kind and reason, naming the lines.
  for (const [key, lineNos] of Object.entries(refusals)) {
    const [code, reason] = key.split('\u0000') as [string, string];
    flags.push({ code: `calculation_${code}`, message: `${reason || code} (lines ${lineNos.join(', ')})` });
  }
  for (const [code, lineNos] of Object.entries(fallbackLines)) {
    flags.push({ code: `calculation_${code}`, message: `emission calculation used ${code.replaceAll('_', ' ')} (lines ${[...new Set(lineNos)].join(', ')})` });
  }
  return { invoice, lines: out, flags: foldRepeatedFlags(flags) };
}

/**
 * The counterparty is who sold us the goods: the supplier of a purchase invoice, but the customer of a
 * return we issued for a purchase (its "supplier" is us), so the reversal lands in the same category.
 */
function classifyInputOf(invoice: NormalizedInvoice, line: NormalizedLine): ClassifyInput {
  const input: ClassifyInput = { description: line.description, amount: line.spendAmount, currency: line.currency };
  const counterparty = invoice.direction === 'outgoing' ? invoice.customer : invoice.supplier;
  if (line.unitCode !== null) input.unitCode = line.unitCode;
  if (line.quantity !== null) input.quantity = line.quantity;
  if (counterparty?.vkn) input.supplierVkn = counterparty.vkn;
  if (counterparty?.name) input.supplierName = counterparty.name;
  if (line.sellerItemId !== null) input.itemCode = line.sellerItemId;
  return input;
}

/** Signs applied here, after all conversions (carbon.md §5.6): a return of purchases is negative. */
function calculationInputOf(invoice: NormalizedInvoice, line: NormalizedLine, classification: Classification): CalculationInput {
  const negative = line.sign === -1;
  const signed = (text: string): string => (!negative ? text : text.startsWith('-') ? text.slice(1) : `-${text}`);
  const input: CalculationInput = {
    category: classification.category,
    subcategory: classification.subcategory,
    netAmount: signed(line.spendAmount),
    currency: line.currency,
    // FX at the invoice date (carbon.md §5.4).
    activityDate: invoice.issueDate,
    countsActivity: line.quantityCountsAsActivity && classification.countsActivity,
  };
  if (line.activityQuantity !== null && line.unit !== null) {
    input.quantity = signed(line.activityQuantity);
    input.unit = line.unit;
  }
  // The rate normalization chose (the invoice's own, or the injected rate lookup's): never a second lookup.
  if (invoice.fx) {
    input.exchangeRateToTry = invoice.fx.rate;
    input.exchangeRateSource = invoice.fx.source === 'invoice' ? undefined : `${invoice.fx.series ?? 'rate table'} ${invoice.fx.date}`;
    if (invoice.fx.carriedForward) input.exchangeRateCarriedForward = true;
  }
  return input;
}
