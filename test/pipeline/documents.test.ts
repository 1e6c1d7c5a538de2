/**
 * Documents that are not plain: one whose content cannot be decoded and one the parser refuses are
 * quarantined while the rest of their page loads, and replay loads them once the cause is fixed; a
 * re-issued document with changed content becomes a new version whose lines replace the old ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailedDocument } from '../../extractors/contract.js';
import { replayQuarantined } from '../../pipelines/replay.js';
import { createHarness, type Harness } from './harness.js';

describe('quarantine and replay', () => {
  let h: Harness;
  let integrationId: string;
  const broken: { undecodable?: string; unparsable?: string; pageMates: string[] } = { pageMates: [] };

  beforeAll(async () => {
    h = await createHarness();
    await h.startSimulator('uyumsoft', 30);
    integrationId = await h.connect('uyumsoft');
    h.rewritePages((page) => {
      if (broken.undecodable || page.documents.length < 3) return page;
      const [first, second, ...rest] = page.documents;
      broken.undecodable = first!.ettn;
      broken.unparsable = second!.ettn;
      broken.pageMates = rest.map((d) => d.ettn);
      // As an older decoder refused it: the raw content is good base64 of the real XML.
      const failed: FailedDocument = { ettn: first!.ettn, receivedAt: first!.receivedAt, providerRef: first!.providerRef, reason: 'content is not valid base64', raw: Buffer.from(first!.xml).toString('base64') };
      return { ...page, documents: [{ ...second!, xml: second!.xml.slice(0, 2_000) }, ...rest], failed: [...page.failed, failed] };
    });
  });
  afterAll(() => h.close());

  it('quarantines both with stage and reason, and loads the rest of their page', async () => {
    const outcome = await h.sync(integrationId);
    expect(outcome.status).toBe('succeeded');
    const quarantined = await h.database.db.selectFrom('quarantined_documents').selectAll().where('integration_id', '=', integrationId).orderBy('stage').execute();
    expect(quarantined.map((q) => [q.ettn, q.stage, q.error_code])).toEqual([[broken.undecodable, 'extract', 'undecodable_content'], [broken.unparsable, 'parse', 'truncated']]);
    expect(quarantined[0]!.reason).toContain('not valid base64');
    expect(quarantined[1]!.payload).toHaveLength(2_000);
    const loaded = new Set((await h.database.db.selectFrom('invoices').select('ettn').where('integration_id', '=', integrationId).execute()).map((r) => r.ettn));
    for (const ettn of broken.pageMates) expect(loaded.has(ettn)).toBe(true);
    expect(loaded.has(broken.undecodable!)).toBe(false);
    expect(loaded.has(broken.unparsable!)).toBe(false);
    if (outcome.status !== 'succeeded') return;
    // Counters add up: fetched = new + updated + unchanged + quarantined.
    const run = await h.database.db.selectFrom('sync_runs').selectAll().where('id', '=', outcome.run.id).executeTakeFirstOrThrow();
    expect(run.quarantined).toBe(2);
    expect(run.documents).toBe(run.invoices_new + run.invoices_updated + run.invoices_unchanged + run.quarantined);
  });

  it('a sync that sees the same bad documents again does not quarantine them twice', async () => {
    broken.undecodable = undefined;
    await h.database.db.updateTable('integrations').set({ checkpoint: '{}' }).where('id', '=', integrationId).execute();
    await h.sync(integrationId);
    const open = await h.database.db.selectFrom('quarantined_documents').select('ettn').where('integration_id', '=', integrationId).where('resolved_at', 'is', null).execute();
    expect(open).toHaveLength(2);
  });

  it('replay loads the document once the cause is fixed and keeps one that still fails open, with its reason', async () => {
    const entries = await h.database.db.selectFrom('quarantined_documents').selectAll().where('integration_id', '=', integrationId).where('resolved_at', 'is', null).execute();
    const decodable = entries.find((e) => e.stage === 'extract')!;
    const truncated = entries.find((e) => e.stage === 'parse')!;
    const replayed = await replayQuarantined(h.deps, decodable.id, 'ops@example.com');
    expect(replayed.status).toBe('loaded');
    const lines = await h.database.db.selectFrom('inventory_lines as l').innerJoin('invoices as i', 'i.id', 'l.invoice_id').select('l.id').where('i.ettn', '=', decodable.ettn!).execute();
    expect(lines.length).toBeGreaterThan(0);
    expect(await replayQuarantined(h.deps, truncated.id, 'ops@example.com')).toMatchObject({ status: 'still_failing', reason: expect.stringContaining('parse') });
    const after = await h.database.db.selectFrom('quarantined_documents').select(['id', 'resolved_by']).where('integration_id', '=', integrationId).execute();
    expect(after.find((e) => e.id === decodable.id)?.resolved_by).toBe('ops@example.com');
    expect(after.find((e) => e.id === truncated.id)?.resolved_by).toBeNull();
    const activity = await h.database.db.selectFrom('activity_log').select(['action_type', 'performed_by']).where('action_type', '=', 'replay').execute();
    expect(activity).toEqual([{ action_type: 'replay', performed_by: 'ops@example.com' }]);
  });
});

describe('a re-issued document with changed content', () => {
  let h: Harness;
  let integrationId: string;
  beforeAll(async () => {
    h = await createHarness();
    await h.startSimulator('edm', 30, { reissue: { indices: [4] } });
    integrationId = await h.connect('edm');
  });
  afterAll(() => h.close());

  it('becomes version 2 with a document_changed entry, and its lines replace version 1 (never counted twice)', async () => {
    const first = await h.sync(integrationId);
    // Read everything again: the simulator now serves revision 2 of invoice 4.
    await h.database.db.updateTable('integrations').set({ checkpoint: '{}' }).where('id', '=', integrationId).execute();
    const second = await h.sync(integrationId);
    expect(second.status).toBe('succeeded');
    const versions = await h.database.db.selectFrom('source_documents').select(['ettn', 'version', 'id']).where('integration_id', '=', integrationId).where('version', '>', 1).execute();
    expect(versions).toHaveLength(1);
    const changed = versions[0]!;
    const invoice = await h.database.db.selectFrom('invoices').select(['id', 'source_document_id']).where('ettn', '=', changed.ettn).executeTakeFirstOrThrow();
    expect(invoice.source_document_id).toBe(changed.id);
    const lines = await h.database.db.selectFrom('inventory_lines').select(['line_no', 'source_document_id']).where('invoice_id', '=', invoice.id).orderBy('line_no').execute();
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines.map((l) => l.source_document_id))).toEqual(new Set([changed.id]));
    expect(lines.map((l) => l.line_no)).toEqual(lines.map((_, i) => i + 1));
    const entries = await h.database.db.selectFrom('activity_log').select(['details']).where('action_type', '=', 'document_changed').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toContain(changed.ettn);
    // The re-issue is listed as arrived when invoice 4 was first served: the first sync may already read it.
    const updated = (outcome: typeof first) => (outcome.status === 'succeeded' ? outcome.totals.invoicesUpdated : Number.NaN);
    expect(updated(first) + updated(second)).toBe(1);
  });
});
