/**
 * Replay of a quarantined document, after a fix or a rule change: its stored payload goes through the
 * same decode → transform → page load as during a sync (under the integration's lock, as a `replay`
 * run). Loaded, the quarantine entry is resolved; still failing, it stays open with its reason.
 */
import { decodeDocument, decodeInlineContent } from '../extractors/content.js';
import { isFailedDocument, type RawDocument } from '../extractors/contract.js';
import type { Json } from '../domain/json.js';
import { sha256Hex } from '../loaders/ids.js';
import { loadPage, type PageCounts } from '../loaders/page.js';
import { logActivity } from './activity.js';
import { factorIdsByKey, organizationTransformContext } from './dependencies.js';
import { IntegrationNotFound } from './errors.js';
import { prepareDocument } from './prepare-page.js';
import { finishRun, startRun, withIntegrationLock } from './runs.js';
import type { SyncDependencies } from './sync.js';

export type ReplayOutcome =
  | { status: 'loaded'; runId: string; counts: PageCounts }
  | { status: 'still_failing'; reason: string }
  | { status: 'busy'; reason: string };

function detailsOf(details: Json): { receivedAt: string | null; providerRef: Json } {
  const d = details && typeof details === 'object' && !Array.isArray(details) ? details : {};
  return { receivedAt: typeof d.receivedAt === 'string' ? d.receivedAt : null, providerRef: d.providerRef ?? null };
}

export async function replayQuarantined(deps: Pick<SyncDependencies, 'db' | 'pool' | 'parse'>, quarantineId: string, performedBy: string, organizationId?: string): Promise<ReplayOutcome> {
  const { db } = deps;
  let query = db.selectFrom('quarantined_documents').selectAll().where('id', '=', quarantineId).where('resolved_at', 'is', null);
  if (organizationId) query = query.where('organization_id', '=', organizationId);
  const entry = await query.executeTakeFirst();
  if (!entry) throw new IntegrationNotFound(`no open quarantined document ${quarantineId}`);
  if (!entry.ettn) return { status: 'still_failing', reason: 'the provider listed this document without an ETTN: it cannot be identified, so it cannot be loaded' };
  const { receivedAt, providerRef } = detailsOf(entry.details);
  const identity = { ettn: entry.ettn, receivedAt: receivedAt ?? entry.created_at.toISOString(), providerRef };
  let document: RawDocument;
  if (entry.stage === 'extract') {
    const decoded = decodeDocument(identity, entry.payload, decodeInlineContent);
    if (isFailedDocument(decoded)) return { status: 'still_failing', reason: `content still cannot be decoded: ${decoded.reason}` };
    document = decoded;
  } else {
    document = { ...identity, xml: entry.payload };
  }

  const busy = async (): Promise<ReplayOutcome> => ({ status: 'busy', reason: 'a sync of this integration is running: replay when it has finished' });
  return withIntegrationLock(deps.pool, entry.integration_id, async (client): Promise<ReplayOutcome> => {
    const integration = await db.selectFrom('integrations').selectAll().where('id', '=', entry.integration_id).executeTakeFirstOrThrow();
    const sha256 = sha256Hex(document.xml);
    const prepared = prepareDocument(document, sha256, {
      organizationId: integration.organization_id, integrationId: integration.id, stored: new Set(),
      transform: await organizationTransformContext(db, integration.organization_id, deps.parse), factorIds: await factorIdsByKey(db),
    });
    if ('stage' in prepared) return { status: 'still_failing', reason: `${prepared.stage}: ${prepared.reason}` };
    const run = await startRun(db, { organizationId: integration.organization_id, integrationId: integration.id, trigger: 'replay', performedBy, engine: 'local', engineRunId: null, windowFrom: null });
    const counts = await loadPage(client, {
      organizationId: integration.organization_id, integrationId: integration.id, provider: integration.provider, runId: run.id,
      documents: [prepared], quarantined: [], unchanged: 0, syncState: integration.checkpoint, progress: { replay: quarantineId },
    });
    await db.updateTable('quarantined_documents').set({ resolved_at: new Date(), resolved_by: performedBy }).where('id', '=', entry.id).execute();
    await finishRun(db, run.id, 'succeeded', null, null);
    await logActivity(db, {
      organizationId: integration.organization_id, integrationId: integration.id, provider: integration.provider, syncRunId: run.id, action: 'replay', status: 'success', performedBy,
      details: `Replayed quarantined invoice ${entry.ettn} (${entry.stage}: ${entry.reason.slice(0, 200)}): loaded with ${prepared.lines.length} lines`,
    });
    return { status: 'loaded', runId: run.id, counts };
  }, busy);
}
