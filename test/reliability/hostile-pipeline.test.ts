/**
 * Hostile documents through the whole pipeline (issue 16 §3): the hostile-document generator's cases
 * (test/hostile/cases.ts) mixed into the simulator's pages, each under an ETTN of its own. The sync does
 * not crash; each hostile document is quarantined with its reason (the refused ones: the transform's
 * error code and message) or loaded with its flags (the accepted ones); every good document of the same pages is loaded; and replaying a quarantined hostile
 * document refuses it again with its reason, leaving the entry open and the inventory untouched.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailedDocument, RawDocument } from '../../extractors/contract.js';
import { replayQuarantined } from '../../pipelines/replay.js';
import { syncIntegration } from '../../pipelines/sync.js';
import { manifestEntries } from '../../simulators/dataset/document.js';
import { decodeXmlBytes } from '../../transformers/index.js';
import { hostileCases, type HostileCase } from '../hostile/cases.js';
import { createHarness, type Harness } from '../pipeline/harness.js';
import { recordFigure } from './figures.js';

const HOSTILE_ETTN = '0b9a7a4e-5d2c-4f43-9d8e-2a1c3b4d5e6f'; // the generator's invoice ETTN (cases.ts)

interface Mixed { ettn: string; hostile: HostileCase }

/** A case built with a UUID of its own (not the generator's ETTN) is listed under it, as a provider lists a document. */
function ownUuid(hostile: HostileCase): string | undefined {
  const uuid = typeof hostile.input === 'string' ? /<cbc:UUID>([^<]+)<\/cbc:UUID>/.exec(hostile.input)?.[1]?.trim().toLowerCase() : undefined;
  return uuid && uuid !== HOSTILE_ETTN ? uuid : undefined;
}

/** The case as a provider would hand it over: a document under a fresh ETTN, or a failed one when its bytes do not decode. */
function asListed(hostile: HostileCase, ettn: string, receivedAt: string): { document?: RawDocument; failed?: FailedDocument } {
  const identity = { ettn, receivedAt, providerRef: { hostile: hostile.name } };
  let xml: string;
  try {
    xml = typeof hostile.input === 'string' ? hostile.input : decodeXmlBytes(hostile.input);
  } catch (error) {
    return { failed: { ...identity, reason: error instanceof Error ? error.message : String(error), raw: Buffer.from(hostile.input).toString('base64') } };
  }
  return { document: { ...identity, xml: xml.replaceAll(HOSTILE_ETTN, ettn) } };
}

describe('hostile documents mixed into simulator pages', () => {
  let h: Harness;
  let integrationId: string;
  const mixed: Mixed[] = [];
  const cases = hostileCases();

  beforeAll(async () => {
    h = await createHarness();
    const simulator = await h.startSimulator('edm', 30);
    integrationId = await h.connect('edm');
    let next = 0;
    h.rewritePages((page) => {
      if (page.documents.length === 0 || next >= cases.length) return page;
      // Spread the cases over the pages: about a third of them per page with documents, the rest later.
      const batch = cases.slice(next, next + Math.ceil(cases.length / 3));
      next += batch.length;
      const listed = batch.map((hostile) => {
        const ettn = ownUuid(hostile) ?? randomUUID();
        mixed.push({ ettn, hostile });
        return asListed(hostile, ettn, page.documents[0]!.receivedAt);
      });
      return {
        ...page,
        documents: [...page.documents, ...listed.flatMap((l) => (l.document ? [l.document] : []))],
        failed: [...page.failed, ...listed.flatMap((l) => (l.failed ? [l.failed] : []))],
      };
    });
    expect(simulator.dataset.invoices).toBe(30);
  });
  afterAll(() => h?.close());

  it('the sync succeeds: each hostile document quarantined with its reason or loaded, every good document loaded', async () => {
    const outcome = await h.sync(integrationId, {}, { trigger: 'backfill' });
    expect(outcome.status === 'failed' ? outcome.error : outcome.status).toBe('succeeded');
    expect(mixed).toHaveLength(cases.length);
    const db = h.database.db;
    const invoices = await db.selectFrom('invoices').select(['ettn', 'flags']).where('integration_id', '=', integrationId).execute();
    const loaded = new Set(invoices.map((r) => r.ettn));
    const flagsOf = new Map(invoices.map((r) => [r.ettn, new Set((r.flags as { code: string }[]).map((f) => f.code))]));
    const quarantined = new Map((await db.selectFrom('quarantined_documents').select(['ettn', 'reason', 'stage', 'error_code']).where('integration_id', '=', integrationId).execute()).map((q) => [q.ettn, q]));

    const wrong = mixed.flatMap(({ ettn, hostile }) => {
      const entry = quarantined.get(ettn);
      const name = `${hostile.kind}/${hostile.name}`;
      if ('refused' in hostile.expect) {
        if (!entry || loaded.has(ettn)) return [`${name}: expected quarantined with a reason, ${loaded.has(ettn) ? 'loaded' : 'missing'}`];
        // Its reason: the transform's error code, or the extractor's for bytes that never decoded to text.
        const code = typeof hostile.input !== 'string' && entry.error_code === 'undecodable_content' ? 'undecodable_content' : hostile.expect.refused;
        const reasonFits = hostile.expect.message ? hostile.expect.message.test(entry.reason) : entry.reason.trim().length >= 10;
        return entry.error_code === code && reasonFits ? [] : [`${name}: quarantined as ${entry.error_code} "${entry.reason}", expected ${code} ${String(hostile.expect.message ?? '')}`];
      }
      if (!loaded.has(ettn) || entry) return [`${name}: expected loaded, ${entry ? `quarantined (${entry.reason})` : 'missing'}`];
      // Loaded with its flags: those the transform owes it, and none it must not carry.
      const flags = flagsOf.get(ettn)!;
      const missing = (hostile.expect.flags ?? []).filter((f) => !flags.has(f));
      const unwanted = (hostile.expect.absent ?? []).filter((f) => flags.has(f));
      return missing.length + unwanted.length === 0 ? [] : [`${name}: loaded without the flags [${missing.join(', ')}], with the unwanted [${unwanted.join(', ')}]`];
    });
    await recordFigure('hostile', mixed.length - wrong.length, mixed.length);
    expect(wrong).toEqual([]);

    const good = [...manifestEntries(h.simulators.get('edm')!.dataset)].filter((e) => e.deliveredToInbox).map((e) => e.ettn);
    expect(good.filter((ettn) => !loaded.has(ettn))).toEqual([]);
    expect(quarantined.size + loaded.size).toBe(good.length + mixed.length);
  }, 180_000);

  it('replaying each quarantined hostile document refuses it again with its reason and changes nothing', async () => {
    const db = h.database.db;
    const entries = await db.selectFrom('quarantined_documents').select(['id', 'ettn']).where('integration_id', '=', integrationId).where('resolved_at', 'is', null).orderBy('ettn').execute();
    expect(entries.length).toBe(mixed.filter((m) => 'refused' in m.hostile.expect).length);
    const before = await db.selectFrom('inventory_lines').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const entry of entries) {
      const outcome = await replayQuarantined(h.deps, entry.id, 'ops@example.com', h.organizationId);
      expect(outcome, `${entry.ettn}: ${JSON.stringify(outcome).slice(0, 300)}`).toMatchObject({ status: 'still_failing', reason: expect.stringMatching(/.{10}/) });
    }
    const open = await db.selectFrom('quarantined_documents').select('id').where('id', 'in', entries.map((e) => e.id)).where('resolved_at', 'is', null).execute();
    expect(open).toHaveLength(entries.length);
    expect(await db.selectFrom('inventory_lines').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('replay after a fix: a flagged hostile document refused under a lower size limit loads with its flags once the limit is raised', async () => {
    // The smallest accepted case with flags that is over a megabyte: every good invoice stays well under the lower limit.
    const LIMIT = 1_000_000;
    const hostile = cases.filter((c) => 'accepted' in c.expect && (c.expect.flags ?? []).length > 0 && typeof c.input === 'string' && c.input.length > LIMIT)
      .sort((a, b) => String(a.input).length - String(b.input).length)[0]!;
    const flags = 'accepted' in hostile.expect ? hostile.expect.flags ?? [] : [];
    await h.startSimulator('qnb', 5);
    const qnb = await h.connect('qnb');
    const ettn = randomUUID();
    let injected = false;
    h.rewritePages((page) => {
      if (injected || page.documents.length === 0) return page;
      injected = true;
      return { ...page, documents: [...page.documents, asListed(hostile, ettn, page.documents[0]!.receivedAt).document!] };
    });
    try {
      const strict = { ...h.deps, parse: { maxChars: LIMIT } };
      expect((await syncIntegration(strict, { integrationId: qnb, trigger: 'backfill', performedBy: 'system' })).status).toBe('succeeded');
    } finally {
      h.rewritePages(null);
    }
    const db = h.database.db;
    const quarantined = await db.selectFrom('quarantined_documents').select(['id', 'ettn', 'error_code']).where('integration_id', '=', qnb).execute();
    expect(quarantined.map(({ ettn: e, error_code }) => ({ ettn: e, error_code }))).toEqual([{ ettn, error_code: 'too_large' }]);
    const good = [...manifestEntries(h.simulators.get('qnb')!.dataset)].filter((e) => e.deliveredToInbox).map((e) => e.ettn);
    const invoices = async () => db.selectFrom('invoices').select(['ettn', 'flags']).where('integration_id', '=', qnb).orderBy('ettn').execute();
    expect((await invoices()).map((i) => i.ettn)).toEqual([...good].sort());

    // The fix: the deployment's limit raised back to the default, and the entry replayed.
    expect(await replayQuarantined(h.deps, quarantined[0]!.id, 'ops@example.com', h.organizationId)).toMatchObject({ status: 'loaded' });
    const loaded = (await invoices()).find((i) => i.ettn === ettn);
    expect(loaded, 'the replayed invoice').toBeDefined();
    const codes = (loaded!.flags as { code: string }[]).map((f) => f.code);
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.filter((flag) => !codes.includes(flag)), `flags ${codes.join(', ')}`).toEqual([]);
    expect((await db.selectFrom('quarantined_documents').select('resolved_by').where('id', '=', quarantined[0]!.id).executeTakeFirstOrThrow()).resolved_by).toBe('ops@example.com');
    expect((await db.selectFrom('inventory_lines as l').innerJoin('invoices as i', 'i.id', 'l.invoice_id').select('l.id').where('i.ettn', '=', ettn).execute()).length).toBeGreaterThan(0);
  }, 180_000);
});
