/**
 * Hostile documents through the whole pipeline (issue 16 §3): the hostile-document generator's cases
 * (test/hostile/cases.ts) mixed into the simulator's pages, each under an ETTN of its own. The sync does
 * not crash; each hostile document is quarantined with its reason (the refused ones) or loaded (the
 * accepted ones); every good document of the same pages is loaded; and replaying a quarantined hostile
 * document refuses it again with its reason, leaving the entry open and the inventory untouched.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailedDocument, RawDocument } from '../../extractors/contract.js';
import { replayQuarantined } from '../../pipelines/replay.js';
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
    const loaded = new Set((await db.selectFrom('invoices').select('ettn').where('integration_id', '=', integrationId).execute()).map((r) => r.ettn));
    const quarantined = new Map((await db.selectFrom('quarantined_documents').select(['ettn', 'reason', 'stage']).where('integration_id', '=', integrationId).execute()).map((q) => [q.ettn, q]));

    const wrong = mixed.flatMap(({ ettn, hostile }) => {
      const entry = quarantined.get(ettn);
      if ('refused' in hostile.expect) return entry && entry.reason.trim().length >= 10 && !loaded.has(ettn) ? [] : [`${hostile.kind}/${hostile.name}: expected quarantined with a reason, ${loaded.has(ettn) ? 'loaded' : entry ? `reason "${entry.reason}"` : 'missing'}`];
      return loaded.has(ettn) && !entry ? [] : [`${hostile.kind}/${hostile.name}: expected loaded, ${entry ? `quarantined (${entry.reason})` : 'missing'}`];
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
});
