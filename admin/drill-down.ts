/**
 * From an inventory line down to where it came from: its invoice, the invoice's other lines, the
 * calculation (factor, source, edition, every step) and the raw UBL-TR XML as the provider delivered it.
 */
import type { ActionContext } from 'adminjs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { allowed, userOf } from './roles.js';

export async function lineOrigin(db: Kysely<Database>, lineId: string, organizationId: string) {
  const line = await db.selectFrom('inventory_lines').selectAll().where('id', '=', lineId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!line) return null;
  const invoice = await db.selectFrom('invoices').selectAll().where('id', '=', line.invoice_id).where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
  const lines = await db.selectFrom('inventory_lines').select(['id', 'line_no', 'description', 'quantity', 'unit', 'net_amount', 'currency', 'category', 'kg_co2e', 'status']).where('invoice_id', '=', invoice.id).orderBy('line_no').execute();
  const factor = line.factor_id ? await db.selectFrom('emission_factors').select(['key', 'edition', 'unit', 'value', 'source', 'licence']).where('id', '=', line.factor_id).executeTakeFirst() : undefined;
  const source = await db.selectFrom('source_documents').select(['xml', 'received_at', 'provider', 'ettn', 'version', 'sha256']).where('id', '=', line.source_document_id ?? invoice.source_document_id).where('organization_id', '=', organizationId).executeTakeFirst();
  return {
    line: { id: line.id, lineNo: line.line_no, description: line.description, category: line.category, kgCo2e: line.kg_co2e, method: line.method, calculation: line.calculation },
    invoice: { id: invoice.id, number: invoice.number, ettn: invoice.ettn, issueDate: invoice.issue_date, supplier: invoice.supplier_name, supplierVkn: invoice.supplier_vkn, currency: invoice.currency, payable: invoice.payable },
    lines, factor: factor ?? null,
    source: source ? { provider: source.provider, ettn: source.ettn, version: source.version, sha256: source.sha256, receivedAt: source.received_at.toISOString(), xml: source.xml } : null,
  };
}

export function drillDownAction(db: Kysely<Database>, component: string) {
  return {
    actionType: 'record' as const,
    icon: 'FileText',
    component,
    showInDrawer: false,
    isAccessible: allowed('readData'),
    handler: async (_request: unknown, _response: unknown, context: ActionContext) => {
      const record = context.record!;
      const user = userOf(context)!;
      return { record: record.toJSON(context.currentAdmin), origin: await lineOrigin(db, String(record.id()), user.organizationId) };
    },
  };
}
