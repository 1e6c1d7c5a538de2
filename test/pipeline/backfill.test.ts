/**
 * Connect each of the five providers to its simulator over HTTP and backfill: the Data Inventory equals
 * the simulator's manifest (every delivered ETTN once, every line, amounts to the kuruş, e-Arşiv never);
 * a second sync loads nothing and changes nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerIds, type ProviderId } from '../../domain/providers.js';
import { manifestEntries } from '../../simulators/dataset/index.js';
import { createHarness, datasetFor, START_DATE, type Harness } from './harness.js';

const INVOICES = 60;

async function inventorySnapshot(h: Harness, integrationId: string) {
  const invoices = await h.database.db.selectFrom('invoices').select(['ettn', 'updated_at']).where('integration_id', '=', integrationId).execute();
  const lines = await h.database.db.selectFrom('inventory_lines as l').innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select(['i.ettn', 'l.line_no', 'l.description', 'l.net_amount', 'l.currency', 'l.updated_at']).where('l.integration_id', '=', integrationId).orderBy('i.ettn').orderBy('l.line_no').execute();
  return { invoices, lines };
}

describe.each(providerIds)('%s: connect and backfill through the pipeline', (provider: ProviderId) => {
  let h: Harness;
  let integrationId: string;
  beforeAll(async () => {
    h = await createHarness();
    await h.startSimulator(provider, INVOICES);
    integrationId = await h.connect(provider);
  });
  afterAll(() => h.close());

  it('the connect tested the credentials, sealed them, logged it and queued the backfill', async () => {
    const row = await h.database.db.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirstOrThrow();
    expect(row.status).toBe('connected');
    expect(row.credentials_ciphertext).not.toContain(h.simulators.get(provider)!.credentials.password ?? h.simulators.get(provider)!.credentials.vkn);
    expect(h.engine.queued).toEqual([{ integrationId, trigger: 'connect', performedBy: 'ops@example.com' }]);
    const activity = await h.database.db.selectFrom('activity_log').select(['action_type', 'status', 'performed_by']).where('integration_id', '=', integrationId).execute();
    expect(activity).toEqual([{ action_type: 'connect', status: 'success', performed_by: 'ops@example.com' }]);
  });

  it('backfills exactly the manifest: every delivered ETTN once, every line, amounts to the kuruş, no e-Arşiv', async () => {
    const outcome = await h.sync(integrationId);
    expect(outcome.status).toBe('succeeded');
    const manifest = [...manifestEntries(datasetFor(provider, INVOICES))];
    // İşNet searches by invoice date, the others by arrival: the start date applies to that date.
    const delivered = manifest.filter((e) => e.deliveredToInbox && (provider !== 'isnet' || e.issueDate >= START_DATE));
    expect(delivered.length).toBeLessThan(manifest.length); // the dataset has e-Arşiv invoices to leave out
    const { invoices, lines } = await inventorySnapshot(h, integrationId);
    expect(invoices.map((i) => i.ettn).sort()).toEqual(delivered.map((e) => e.ettn).sort());
    const expectedLines = delivered.flatMap((e) => e.lines.map((l) => ({ ettn: e.ettn, line_no: l.lineNo, description: l.description, currency: e.currency, net: l.netAmount, typeCode: e.typeCode })));
    expect(lines).toHaveLength(expectedLines.length);
    const byKey = new Map(lines.map((l) => [`${l.ettn}/${l.line_no}`, l]));
    for (const e of expectedLines) {
      const line = byKey.get(`${e.ettn}/${e.line_no}`);
      expect(line, `${e.ettn} line ${e.line_no}`).toBeDefined();
      expect(line!.description).toBe(e.description);
      expect(line!.currency).toBe(e.currency);
      // net_amount is the spend basis: the line net less its share of document allowances, signed for returns.
      expect(Math.abs(Number(line!.net_amount))).toBeLessThanOrEqual(Math.abs(Number(e.net)) + 0.005);
    }
    if (outcome.status !== 'succeeded') return;
    expect(outcome.totals.invoicesNew).toBe(delivered.length);
    expect(outcome.totals.quarantined).toBe(0);
    const run = await h.database.db.selectFrom('sync_runs').selectAll().where('id', '=', outcome.run.id).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'succeeded', documents: delivered.length, invoices_new: delivered.length, invoices_updated: 0, quarantined: 0, lines: expectedLines.length });
    const integration = await h.database.db.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirstOrThrow();
    expect(integration.records_imported).toBe(expectedLines.length);
    expect(integration.last_successful_sync_at).not.toBeNull();
    const actions = await h.database.db.selectFrom('activity_log').select(['action_type', 'status']).where('sync_run_id', '=', outcome.run.id).orderBy('id').execute();
    expect(actions).toEqual([{ action_type: 'sync_attempt', status: 'info' }, { action_type: 'sync_completed', status: 'success' }]);
  });

  it('net amounts agree with the invoice totals to the kuruş', async () => {
    const { rows } = await sql<{ ettn: string; lines: string; tax_exclusive: string; type: string }>`
      SELECT i.ettn, sum(abs(l.net_amount))::text AS lines, i.tax_exclusive::text AS tax_exclusive, i.type
      FROM invoices i JOIN inventory_lines l ON l.invoice_id = i.id WHERE i.integration_id = ${integrationId} GROUP BY i.id`.execute(h.database.db);
    for (const r of rows) expect(Number(r.lines), r.ettn).toBeCloseTo(Number(r.tax_exclusive), 2);
  });

  it('a second sync loads nothing and changes nothing', async () => {
    const before = await inventorySnapshot(h, integrationId);
    const outcome = await h.sync(integrationId);
    expect(outcome.status).toBe('succeeded');
    if (outcome.status !== 'succeeded') return;
    expect(outcome.totals).toMatchObject({ invoicesNew: 0, invoicesUpdated: 0, linesNew: 0, linesUpdated: 0, quarantined: 0 });
    expect(outcome.totals.invoicesUnchanged).toBe(outcome.totals.documents);
    expect(await inventorySnapshot(h, integrationId)).toEqual(before);
  });
});
