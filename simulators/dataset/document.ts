import { formatDec, formatKurus } from './decimal.js';
import { buildModel, type InvoiceModel } from './model.js';
import { documentCount, planFor } from './plan.js';
import type { DatasetSpec } from './spec.js';
import type { InvoiceHeader, ManifestEntry } from './types.js';
import { renderInvoice } from './xml.js';

function manifestOf(model: InvoiceModel, spec: DatasetSpec): ManifestEntry {
  return {
    ...model.header,
    provider: spec.provider,
    lines: model.lines.map((l) => ({
      lineNo: l.lineNo,
      description: l.draft.name,
      category: l.draft.category,
      quantity: formatDec(l.draft.quantity),
      unitCode: l.draft.unitCode,
      netAmount: formatKurus(l.net),
    })),
    deliveredToInbox: !model.earsiv,
    revision: model.revision,
  };
}

/**
 * One invoice as a provider would store it: header, signed UBL-TR XML and its manifest entry.
 * revision 1 is the invoice as first issued; revision n ≥ 2 is the same ETTN re-issued with a changed amount.
 */
export function invoiceDocument(spec: DatasetSpec, index: number, revision = 1): { header: InvoiceHeader; xml: string; manifest: ManifestEntry } {
  const model = buildModel(planFor(spec), index, revision);
  return { header: model.header, xml: renderInvoice(model), manifest: manifestOf(model, spec) };
}

/** invoiceDocument without the manifest entry: what a simulator serves. */
export function invoiceContent(spec: DatasetSpec, index: number, revision = 1): { header: InvoiceHeader; xml: string } {
  const model = buildModel(planFor(spec), index, revision);
  return { header: model.header, xml: renderInvoice(model) };
}

/** Every invoice addressed to the organization in this stream: the inbox ones, then the e-Arşiv ones. */
export function* manifestEntries(spec: DatasetSpec): Generator<ManifestEntry> {
  const plan = planFor(spec);
  const total = documentCount(plan);
  for (let index = 0; index < total; index++) yield manifestOf(buildModel(plan, index), spec);
}
