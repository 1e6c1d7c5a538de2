/**
 * Rows of the Data Inventory from one transformed document: the invoice row and one row per line, with
 * deterministic ids and the status each line earns. Pure: the page loader writes what this returns.
 */
import type { Insertable } from 'kysely';
import type { InvoicesTable, LineStatus } from '../db/schema.js';
import type { Json } from '../domain/json.js';
import { isReviewFlag } from '../transformers/normalize/index.js';
import type { Calculation } from '../transformers/emissions/index.js';
import type { TransformedDocument, TransformedLine } from '../transformers/transform.js';
import { invoiceId, lineId } from './ids.js';

/** An invoices row as the loader writes it: every column but the timestamps the database sets. */
export type InvoiceRow = Required<Omit<Insertable<InvoicesTable>, 'created_at' | 'updated_at'>>;

/** Column order of the COPY into the page's line table (the same names as inventory_lines). */
export const lineColumns = [
  'id', 'organization_id', 'integration_id', 'invoice_id', 'source_document_id', 'line_no', 'line_ref', 'description',
  'supplier_vkn', 'supplier_name', 'document_number', 'issue_date', 'activity_period_start', 'activity_period_end',
  'facility', 'region', 'quantity', 'unit', 'unit_code', 'net_amount', 'currency', 'amount_try', 'method', 'category',
  'scope', 'scope3_category', 'factor_id', 'kg_co2e', 'confidence', 'classification_source', 'status', 'calculation',
] as const;
export type LineColumn = (typeof lineColumns)[number];
export type LineRow = Record<LineColumn, string | number | null>;

export interface RowContext {
  organizationId: string;
  integrationId: string;
  sourceDocumentId: string;
  /** emission_factors id by `key\0edition`. */
  factorIds: ReadonlyMap<string, string>;
}

export class MissingFactorError extends Error {
  override name = 'MissingFactorError';
}

const signed = (text: string, sign: -1 | 0 | 1): string => (sign !== -1 || /^-?0(\.0+)?$/.test(text) ? text : text.startsWith('-') ? text.slice(1) : `-${text}`);

/**
 * What a calculation makes of a line: excluded when it is not emission or its quantity is counted on
 * another line, calculated when it has a result, else waiting for a factor. Shared with review.
 */
export function resultStatus(category: TransformedLine['classification']['category'], calculation: Calculation | null): LineStatus {
  const reason = calculation?.reasonCode;
  if (reason === 'not_emission' || reason === 'counted_on_another_line' || category === 'not_emission') return 'excluded';
  return calculation?.kgCO2e ? 'calculated' : 'ready_for_ef_matching';
}

/**
 * What a line is in the inventory: our sales are excluded; a line the classifier is unsure of, or that
 * an implausible value holds for review, waits for review and claims no result; otherwise its result decides.
 */
export function lineStatus(line: TransformedLine, heldForReview = false): LineStatus {
  if (line.sign === 0) return 'excluded';
  if (heldForReview || line.classification.status === 'needs_review') return 'needs_review';
  return resultStatus(line.classification.category, line.calculation);
}

export function invoiceRow(document: TransformedDocument, context: RowContext): InvoiceRow {
  const { invoice, flags } = document;
  const t = invoice.totals;
  return {
    id: invoiceId(context.integrationId, invoice.ettn),
    organization_id: context.organizationId,
    integration_id: context.integrationId,
    source_document_id: context.sourceDocumentId,
    ettn: invoice.ettn,
    number: invoice.number,
    profile: invoice.profile,
    type: invoice.type,
    direction: invoice.direction,
    issue_date: invoice.issueDate,
    supplier_vkn: invoice.supplier.vkn ?? '',
    supplier_name: invoice.supplier.name,
    customer_vkn: invoice.customer?.vkn ?? null,
    customer_name: invoice.customer?.name ?? null,
    currency: invoice.currency,
    // The column holds usable rates only (> 0): a negative stated rate is kept in the document and named by its implausible_exchange_rate flag.
    exchange_rate: invoice.fx && Number(invoice.fx.rate) > 0 ? invoice.fx.rate : null,
    line_extension: t.lineExtension,
    tax_exclusive: t.taxExclusive,
    tax_inclusive: t.taxInclusive,
    payable: t.payable,
    kdv_total: invoice.kdv,
    withholding_total: invoice.withholding,
    period_start: invoice.activityPeriod.basis === 'invoice_period' ? invoice.activityPeriod.start : null,
    period_end: invoice.activityPeriod.basis === 'invoice_period' ? invoice.activityPeriod.end : null,
    flags: flags.map((f) => ({ ...f })) as Json,
  };
}

/**
 * Review flags (implausible values) hold lines: one with a line's path holds that line; one without a
 * path, or with a path outside the lines, holds the whole document.
 */
function heldLines(document: TransformedDocument): (lineNo: number) => boolean {
  const paths = document.flags.filter(isReviewFlag).map((f) => f.path);
  if (paths.some((p) => p === undefined || !p.startsWith('Invoice/cac:InvoiceLine['))) return () => true;
  return (lineNo) => paths.some((p) => p?.startsWith(`Invoice/cac:InvoiceLine[${lineNo}]`));
}

export function lineRows(document: TransformedDocument, context: RowContext, invoiceRowId: string): LineRow[] {
  const { invoice } = document;
  const held = heldLines(document);
  return document.lines.map((line, index) => {
    const status = lineStatus(line, held(index + 1));
    const calculation = line.calculation;
    const claimsResult = status === 'calculated';
    let factorId: string | null = null;
    if (claimsResult && calculation) {
      factorId = context.factorIds.get(`${calculation.factorKey}\u0000${calculation.factorEdition}`) ?? null;
      if (!factorId) throw new MissingFactorError(`emission factor ${calculation.factorKey} edition ${calculation.factorEdition} is not in emission_factors (load the factor library: npm run migrate)`);
    }
    const lineNo = index + 1;
    return {
      id: lineId(invoiceRowId, lineNo),
      organization_id: context.organizationId,
      integration_id: context.integrationId,
      invoice_id: invoiceRowId,
      source_document_id: context.sourceDocumentId,
      line_no: lineNo,
      line_ref: line.lineNo || null,
      description: line.description,
      supplier_vkn: invoice.supplier.vkn ?? '',
      supplier_name: invoice.supplier.name,
      document_number: invoice.number,
      issue_date: invoice.issueDate,
      activity_period_start: invoice.activityPeriod.start,
      activity_period_end: invoice.activityPeriod.end,
      facility: invoice.utility.installationNo ?? invoice.utility.meterNo ?? invoice.vehiclePlate,
      region: invoice.customer?.city ?? null,
      quantity: line.quantity === null ? null : signed(line.quantity, line.sign),
      unit: line.unit,
      unit_code: line.unitCode,
      net_amount: signed(line.spendAmount, line.sign),
      currency: line.currency,
      amount_try: line.spendAmountTry === null ? null : signed(line.spendAmountTry, line.sign),
      method: claimsResult ? (calculation?.method ?? null) : null,
      category: line.classification.category,
      scope: line.classification.scope,
      scope3_category: line.classification.scope3Category,
      factor_id: factorId,
      kg_co2e: claimsResult ? (calculation?.kgCO2e ?? null) : null,
      confidence: line.classification.confidence.toFixed(3),
      classification_source: line.classification.source,
      status,
      calculation: JSON.stringify({ classification: { ...line.classification }, result: calculation }),
    };
  });
}
