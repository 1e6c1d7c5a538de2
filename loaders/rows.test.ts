import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultTransformContext, transformDocument } from '../transformers/transform.js';
import { invoiceId, lineId } from './ids.js';
import { invoiceRow, lineRows } from './rows.js';

const xml = readFileSync(new URL('../test/fixtures/ubl-tr/gib_temel_fatura_elektrik_KWH.xml', import.meta.url), 'utf8');
const context = { organizationId: 'org', integrationId: 'int-1', sourceDocumentId: 'src', factorIds: new Map<string, string>() };

describe('inventory rows', () => {
  const document = transformDocument(xml, defaultTransformContext([]));
  const factorIds = new Map(document.lines.flatMap((l) => (l.calculation?.factorKey ? [[`${l.calculation.factorKey}\u0000${l.calculation.factorEdition}`, 'factor-uuid'] as const] : [])));

  it('derive ids from the integration, the ETTN and the line position, the same every time', () => {
    const row = invoiceRow(document, { ...context, factorIds });
    expect(row.id).toBe(invoiceId('int-1', document.invoice.ettn));
    expect(invoiceRow(document, { ...context, factorIds }).id).toBe(row.id);
    expect(invoiceRow(document, { ...context, integrationId: 'int-2', factorIds }).id).not.toBe(row.id);
    const [line] = lineRows(document, { ...context, factorIds }, row.id);
    expect(line?.id).toBe(lineId(row.id, 1));
    expect(line).toMatchObject({ line_no: 1, status: 'calculated', factor_id: 'factor-uuid', category: 'electricity' });
  });

  it('a line an implausible value holds waits for review and claims no result', () => {
    const held = { ...document, flags: [...document.flags, { code: 'implausible_line_arithmetic', message: 'quantity × price far from the net', path: 'Invoice/cac:InvoiceLine[1]/cbc:LineExtensionAmount' }] };
    const [line] = lineRows(held, { ...context, factorIds }, 'inv');
    expect(line).toMatchObject({ status: 'needs_review', kg_co2e: null, factor_id: null, method: null });
    const wholeDocument = { ...document, flags: [...document.flags, { code: 'implausible_date', message: 'year 1900' }] };
    expect(lineRows(wholeDocument, { ...context, factorIds }, 'inv')[0]?.status).toBe('needs_review');
  });

  it('refuses a calculated line whose factor is not in the database, naming it', () => {
    expect(() => lineRows(document, context, 'inv')).toThrow(/emission factor .* is not in emission_factors/);
  });
});
