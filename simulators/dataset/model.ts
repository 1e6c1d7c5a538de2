import { dec, formatKurus, mul, percentOf, ratio, type Dec } from './decimal.js';
import type { Composition, ExtraTax, LineDraft, Withholding } from './draft.js';
import { exchangeRate, priceLevel } from './fx.js';
import { composers, inboxKinds, inboxWeights, inboxWeightTotal, type KindId } from './kinds.js';
import { assertIndex, isEarsivIndex, planFor, type DatasetPlan } from './plan.js';
import { mix32, rngFor, Stream, type Rng } from './random.js';
import { pickSupplier, type Supplier } from './suppliers.js';
import { arrivalSec, isoSec, issueSec, istanbulDateTime } from './timeline.js';
import type { DatasetSpec } from './spec.js';
import type { InvoiceHeader } from './types.js';

/** One computed tax subtotal (ubl-tr.md §2.4): amounts in kuruş of the document currency. */
export interface TaxAmount {
  code: string;
  name: string;
  percent: Dec | undefined;
  perUnit: Dec | undefined;
  taxable: number;
  amount: number;
}

export interface WithholdingAmount {
  withholding: Withholding;
  /** The KDV the withholding is taken from. */
  taxable: number;
  amount: number;
}

export interface LineModel {
  lineNo: number;
  draft: LineDraft;
  gross: number;
  allowance: number;
  net: number;
  taxes: TaxAmount[];
  withheld: WithholdingAmount | undefined;
}

/** Everything the XML and the manifest are rendered from; amounts in integer kuruş (or cents). */
export interface InvoiceModel {
  header: InvoiceHeader;
  revision: number;
  kind: KindId;
  supplier: Supplier;
  issueTime: string;
  composition: Composition;
  lines: LineModel[];
  taxSubtotals: TaxAmount[];
  withholdings: WithholdingAmount[];
  fxRate?: Dec;
  earsiv: boolean;
  /** Per-invoice randomness for the signature block. */
  signatureSeed: number;
  lineExtension: number;
  taxTotal: number;
  withholdingTotal: number;
}

const VAT: Pick<ExtraTax, 'code' | 'name'> = { code: '0015', name: 'KDV' };
const ZERO = dec(0, 0);

/**
 * ETTN: the first 32 bits are a bijection of (provider, index) keyed by the seed, so ETTNs never collide
 * within a seed across all five inboxes; the rest is random, with UUID v4 version and variant bits.
 */
function ettnOf(plan: DatasetPlan, index: number, rng: Rng): string {
  const head = mix32(((plan.providerNo << 21) | index) ^ plan.key).toString(16).padStart(8, '0');
  const r = rng.hex(24);
  const variant = '89ab'[parseInt(r.charAt(7), 16) & 3] ?? '8';
  return `${head}-${r.slice(0, 4)}-4${r.slice(4, 7)}-${variant}${r.slice(8, 11)}-${r.slice(11, 23)}`;
}

/**
 * Amounts of one line. Tax objects are built with one fixed shape (absent rates as undefined) and no
 * spreads: this runs ten times per invoice on every served document, and spreads cost most of it.
 */
function computeLine(lineNo: number, draft: LineDraft): LineModel {
  const gross = mul(draft.quantity, draft.price);
  const allowance = draft.discountPercent ? percentOf(gross, draft.discountPercent) : 0;
  const net = gross - allowance;
  const taxes: TaxAmount[] = [];
  let vatBase = net;
  const extraTaxes = draft.extraTaxes;
  if (extraTaxes) {
    for (const t of extraTaxes) {
      const value = t.perUnit ? mul(draft.quantity, t.perUnit) : percentOf(net, t.percent ?? ZERO);
      taxes.push({ code: t.code, name: t.name, percent: t.percent, perUnit: t.perUnit, taxable: net, amount: value });
      if (t.inVatBase) vatBase += value;
    }
  }
  const vat = percentOf(vatBase, draft.vatPercent);
  taxes.push({ code: VAT.code, name: VAT.name, percent: draft.vatPercent, perUnit: undefined, taxable: vatBase, amount: vat });
  const w = draft.withholding;
  const withheld = w ? { withholding: w, taxable: vat, amount: ratio(vat, w.numerator, w.denominator) } : undefined;
  return { lineNo, draft, gross, allowance, net, taxes, withheld };
}

const sameDec = (a: Dec | undefined, b: Dec | undefined): boolean => a === b || (a !== undefined && b !== undefined && a.units === b.units && a.scale === b.scale);

/**
 * Document subtotals: one per tax type and rate, in order of first appearance, summed from the lines
 * so totals reconcile to the kuruş. A linear search: an invoice has a handful of distinct rates.
 */
function sumTaxes(lines: LineModel[]): TaxAmount[] {
  const sums: TaxAmount[] = [];
  for (const line of lines) {
    for (const t of line.taxes) {
      const acc = sums.find((s) => s.code === t.code && sameDec(s.percent, t.percent) && sameDec(s.perUnit, t.perUnit));
      if (acc) {
        acc.taxable += t.taxable;
        acc.amount += t.amount;
      } else sums.push({ code: t.code, name: t.name, percent: t.percent, perUnit: t.perUnit, taxable: t.taxable, amount: t.amount });
    }
  }
  return sums;
}

function sumWithholdings(lines: LineModel[]): WithholdingAmount[] {
  const sums: WithholdingAmount[] = [];
  for (const { withheld } of lines) {
    if (!withheld) continue;
    const acc = sums.find((s) => s.withholding.code === withheld.withholding.code);
    if (acc) {
      acc.taxable += withheld.taxable;
      acc.amount += withheld.amount;
    } else sums.push({ withholding: withheld.withholding, taxable: withheld.taxable, amount: withheld.amount });
  }
  return sums;
}

/**
 * A re-issued invoice (revision ≥ 2) keeps its ETTN and number but bills its first line at a changed price
 * and, when it has more than one line, drops its last (a loader must remove lines a new version no longer has).
 */
function reviseLines(lines: LineDraft[], revision: number): LineDraft[] {
  if (revision <= 1) return lines;
  const repriced = lines.map((l, i) => (i === 0 ? { ...l, price: { ...l.price, units: l.price.units + Math.max(1, Math.round((l.price.units * 3 * (revision - 1)) / 100)) } } : l));
  return repriced.length > 1 ? repriced.slice(0, -1) : repriced;
}

/** The kind's lines repeated in turn, or cut, to exactly `count` (a dataset of fixed-size invoices). */
function fitLines(lines: LineDraft[], count: number | undefined): LineDraft[] {
  if (count === undefined || lines.length === 0) return lines;
  return Array.from({ length: count }, (_, i) => lines[i % lines.length]!);
}

export function buildModel(plan: DatasetPlan, index: number, revision = 1): InvoiceModel {
  assertIndex(plan, index);
  if (!Number.isInteger(revision) || revision < 1) throw new RangeError(`revision must be a positive integer, got ${revision}`);
  const earsiv = isEarsivIndex(plan, index);
  const arrival = arrivalSec(plan, index);
  const [issueDate, issueTime] = istanbulDateTime(issueSec(plan, index, arrival));
  const rng = rngFor(plan.key, plan.providerNo, index, Stream.content);
  const ettn = ettnOf(plan, index, rng);
  const kind: KindId = earsiv ? 'earsiv_retail' : rng.weighted(inboxKinds, inboxWeights, inboxWeightTotal);
  const supplier = pickSupplier(rng, kind);
  const { customer } = plan.spec;
  const composition = composers[kind]({ rng, supplier, issueDate, customer, priceLevel: priceLevel(issueDate) });
  const lines = reviseLines(fitLines(composition.lines, plan.spec.linesPerInvoice), revision).map((draft, i) => computeLine(i + 1, draft));
  const taxSubtotals = sumTaxes(lines);
  const withholdings = sumWithholdings(lines);
  const lineExtension = lines.reduce((s, l) => s + l.net, 0);
  const allTaxes = taxSubtotals.reduce((s, t) => s + t.amount, 0);
  const withholdingTotal = withholdings.reduce((s, w) => s + w.amount, 0);
  const currency = composition.currency ?? 'TRY';
  const typeCode = composition.typeCode ?? (withholdings.length > 0 ? 'TEVKIFAT' : 'SATIS');
  const sequence = plan.providerNo * 100_000_000 + index + 1;
  const header: InvoiceHeader = {
    index,
    ettn,
    number: `${supplier.prefix}${issueDate.slice(0, 4)}${String(sequence).padStart(9, '0')}`,
    issueDate,
    arrivedAt: isoSec(arrival),
    profile: supplier.profile,
    typeCode,
    supplier: { vkn: supplier.vkn, name: supplier.name },
    customer: { vkn: customer.vkn, name: customer.name },
    currency,
    taxExclusiveAmount: formatKurus(lineExtension),
    taxInclusiveAmount: formatKurus(lineExtension + allTaxes),
    payableAmount: formatKurus(lineExtension + allTaxes - withholdingTotal),
    lineCount: lines.length,
  };
  const model: InvoiceModel = {
    header, revision, kind, supplier, issueTime, composition, lines, taxSubtotals, withholdings, earsiv,
    signatureSeed: rng.next(), lineExtension, taxTotal: allTaxes - withholdingTotal, withholdingTotal,
  };
  if (composition.currency) model.fxRate = exchangeRate(composition.currency, issueDate, rng);
  return model;
}

/**
 * The ETTN of one invoice without building it: the first draws of its content stream (as buildModel
 * makes them), so a lookup by ETTN costs a few hashes instead of a whole invoice model.
 */
export function invoiceEttn(spec: DatasetSpec, index: number): string {
  const plan = planFor(spec);
  assertIndex(plan, index);
  return ettnOf(plan, index, rngFor(plan.key, plan.providerNo, index, Stream.content));
}

/** The header of one invoice (revision as in invoiceDocument): computed from its amounts, never from XML. */
export function invoiceHeader(spec: DatasetSpec, index: number, revision = 1): InvoiceHeader {
  return buildModel(planFor(spec), index, revision).header;
}
