/**
 * syncIntegration: the one function that syncs one integration, whichever engine calls it (the local
 * engine, the CLI, a Trigger.dev task). It takes its dependencies, an AbortSignal and a progress
 * callback, and never imports an engine.
 *
 * One run per integration at a time: an advisory lock on the run's own connection (a second request
 * while one runs gets the running one back) and the partial unique index on sync_runs. Each page is
 * prepared (transform, quarantine) and then committed with its checkpoint in one transaction, so a
 * crash or a cancel loses at most the page in flight.
 */
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { isConnectionLost, retryOnLostConnection } from '../db/errors.js';
import type { Database, Integration, SyncRun, SyncTrigger } from '../db/schema.js';
import type { Vault } from '../db/vault.js';
import { providerNames } from '../domain/providers.js';
import type { Logger } from '../domain/logging.js';
import type { Checkpoint, Extractor } from '../extractors/contract.js';
import { AuthError, ExtractorError, TransientError } from '../extractors/errors.js';
import { turkeyDayStart } from '../extractors/time.js';
import type { ParseOptions } from '../transformers/ubl-tr/index.js';
import type { ExtractorOptions } from '../extractors/options.js';
import { xmlSha256 } from '../extractors/digest.js';
import { loadPage, storedDocuments, type PageCounts } from '../loaders/page.js';
import { logActivity } from './activity.js';
import { extractorForIntegration, factorIdsByKey, openCredentials, organizationTransformContext, registryExtractorFactory, type ExtractorFactory } from './dependencies.js';
import { preparePage } from './prepare-page.js';
import { activeRun, finishRun, markInterrupted, startRun, withIntegrationLock } from './runs.js';
import { readSyncState, type SyncState } from './sync-state.js';

export interface SyncDependencies {
  db: Kysely<Database>;
  pool: pg.Pool;
  vault: Vault;
  logger: Logger;
  extractors?: ExtractorFactory;
  /** Options for every extractor this sync builds (timeouts, retry policy, page size). */
  extractorOptions?: Partial<ExtractorOptions>;
  /** How often a running sync checks that its integration is still connected (pause, disconnect). */
  statusPollMs?: number;
  /** Parser limits (the document size limit); the parser's defaults otherwise. */
  parse?: ParseOptions;
}

export interface SyncRequest {
  integrationId: string;
  trigger: SyncTrigger;
  /** A user's e-mail, or `system`. */
  performedBy: string;
  engine?: 'local' | 'trigger';
  engineRunId?: string | null;
  /** Stop after the page that crosses this instant (epoch ms): a chunk of a long backfill. */
  deadline?: number;
}

export interface SyncProgress {
  runId: string;
  pages: number;
  documents: number;
  lines: number;
  quarantined: number;
  /** Share of the date range covered, 0…1. */
  share: number;
}

export interface SyncTotals {
  pages: number;
  documents: number;
  invoicesNew: number;
  invoicesUpdated: number;
  invoicesUnchanged: number;
  linesNew: number;
  linesUpdated: number;
  quarantined: number;
  changedDocuments: number;
}

export type SyncOutcome =
  | { status: 'succeeded' | 'incomplete'; run: SyncRun; totals: SyncTotals }
  | { status: 'cancelled' | 'interrupted'; run: SyncRun; totals: SyncTotals; error: string }
  | { status: 'failed'; run: SyncRun; totals: SyncTotals; error: string; kind: FailureKind }
  | { status: 'already_running'; runId: string | null }
  | { status: 'skipped'; reason: string };

/** What failed, so an engine can decide whether retrying can help (only `transient` can). */
export type FailureKind = 'auth' | 'transient' | 'protocol' | 'other';

export interface SyncOptions {
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
}

/** Why a run stopped early: a person paused or disconnected it, or the process is shutting down. */
export class SyncStopped extends Error {
  override name = 'SyncStopped';
  constructor(message: string, readonly by: 'user' | 'shutdown') {
    super(message);
  }
}

const syncable = new Set<Integration['status']>(['connected', 'error']);
const EMPTY_COMMIT_MS = 5_000;

/** A person can act on this: what went wrong at the provider, in words. */
export function describeFailure(error: unknown, provider: Integration['provider']): string {
  const name = providerNames[provider];
  if (error instanceof AuthError) return `${error.message}. Edit the integration with working credentials.`;
  if (error instanceof TransientError) {
    const throttled = /429|503|throttl|rate|too many/i.test(error.message);
    return `${name} ${throttled ? 'is throttling requests' : 'could not be reached'}${error.attempts ? ` after ${error.attempts} attempts` : ''}: ${error.message}. The next sync retries from where this one stopped.`;
  }
  if (error instanceof ExtractorError) return `${name} answered something we cannot use: ${error.message}`;
  if (isConnectionLost(error)) return `The database could not be reached (${error instanceof Error ? error.message : String(error)}): the sync stopped after its last committed page. Check that PostgreSQL is running; the next sync resumes from that page.`;
  return error instanceof Error ? error.message : String(error);
}

/** The date range a run from this checkpoint covers (about: the extractor adds its overlap). */
function rangeOf(checkpoint: Checkpoint, now: number): { start: number; end: number } {
  const start = checkpoint.position ? Date.parse(checkpoint.position.windowStart) : checkpoint.syncedThrough ? Date.parse(checkpoint.syncedThrough) : turkeyDayStart(checkpoint.startDate);
  return { start, end: checkpoint.until ? Date.parse(checkpoint.until) : now };
}

function share(checkpoint: Checkpoint, range: { start: number; end: number }): number {
  if (checkpoint.position === null) return 1;
  const at = Date.parse(checkpoint.position.windowStart);
  return range.end > range.start ? Math.min(1, Math.max(0, (at - range.start) / (range.end - range.start))) : 1;
}

function addCounts(totals: SyncTotals, page: PageCounts, documents: number, pages: number): void {
  totals.pages += pages;
  totals.documents += documents;
  totals.invoicesNew += page.invoicesNew;
  totals.invoicesUpdated += page.invoicesUpdated;
  totals.invoicesUnchanged += page.invoicesUnchanged;
  totals.linesNew += page.linesNew;
  totals.linesUpdated += page.linesUpdated;
  totals.quarantined += page.quarantined;
  totals.changedDocuments += page.changedDocuments;
}

export function summarize(totals: SyncTotals): string {
  return `${totals.invoicesNew} new and ${totals.invoicesUpdated} updated invoices (${totals.linesNew} new, ${totals.linesUpdated} updated lines), ${totals.invoicesUnchanged} unchanged, ${totals.quarantined} quarantined, in ${totals.pages} pages`;
}

/**
 * Starts reading the next page while the current one is transformed and committed, so the provider's
 * reply time overlaps our work. Its checkpoint still only lands with its own page's commit.
 */
async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      next.catch(() => {}); // surfaces at the next await; not unhandled while the page is processed
      yield current.value;
    }
  } finally {
    await iterator.return?.().catch(() => {});
  }
}

/** The holder of the lock inserts its run row right after taking the lock: give it a moment. */
async function runningRunId(db: Kysely<Database>, integrationId: string): Promise<string | null> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const run = await activeRun(db, integrationId);
    if (run) return run.id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

export async function syncIntegration(deps: SyncDependencies, request: SyncRequest, options: SyncOptions = {}): Promise<SyncOutcome> {
  return withIntegrationLock(
    deps.pool,
    request.integrationId,
    async (client) => {
      const interrupted = await markInterrupted(deps.db, request.integrationId);
      if (interrupted > 0) deps.logger.warn({ integrationId: request.integrationId, interrupted }, 'runs cut off by a stopped process marked interrupted');
      return runLocked(deps, client, request, options);
    },
    async () => ({ status: 'already_running', runId: await runningRunId(deps.db, request.integrationId) }),
  );
}

async function runLocked(deps: SyncDependencies, client: pg.PoolClient, request: SyncRequest, options: SyncOptions): Promise<SyncOutcome> {
  const { db, logger } = deps;
  const integration = await db.selectFrom('integrations').selectAll().where('id', '=', request.integrationId).executeTakeFirst();
  if (!integration) return { status: 'skipped', reason: `integration ${request.integrationId} does not exist` };
  if (!syncable.has(integration.status) || !integration.start_date) return { status: 'skipped', reason: `the integration is ${integration.status.replace('_', ' ')}` };

  let state: SyncState = readSyncState(integration.checkpoint, integration.provider, integration.start_date);
  const run = await startRun(db, {
    organizationId: integration.organization_id, integrationId: integration.id, trigger: request.trigger, performedBy: request.performedBy,
    engine: request.engine ?? 'local', engineRunId: request.engineRunId ?? null,
    windowFrom: state.main.syncedThrough ?? new Date(`${integration.start_date}T00:00:00+03:00`).toISOString(),
  });
  const activity = { organizationId: integration.organization_id, integrationId: integration.id, provider: integration.provider, syncRunId: run.id };
  await logActivity(db, { ...activity, action: 'sync_attempt', status: 'info', performedBy: request.performedBy, details: `Sync started (${request.trigger})` });
  await db.updateTable('integrations').set({ last_sync_started_at: new Date() }).where('id', '=', integration.id).execute();

  const totals: SyncTotals = { pages: 0, documents: 0, invoicesNew: 0, invoicesUpdated: 0, invoicesUnchanged: 0, linesNew: 0, linesUpdated: 0, quarantined: 0, changedDocuments: 0 };
  const controller = new AbortController();
  const stopFromCaller = () => controller.abort(options.signal?.reason instanceof SyncStopped ? options.signal.reason : new SyncStopped('the process is shutting down', 'shutdown'));
  options.signal?.addEventListener('abort', stopFromCaller, { once: true });
  if (options.signal?.aborted) stopFromCaller();
  // Pause and disconnect take effect within one poll, whichever process asked.
  const watcher = setInterval(() => {
    void db.selectFrom('integrations').select('status').where('id', '=', integration.id).executeTakeFirst().then(
      (row) => { if (!row || !syncable.has(row.status)) controller.abort(new SyncStopped(`the integration was ${row?.status ?? 'removed'}`, 'user')); },
      () => {},
    );
  }, deps.statusPollMs ?? 1_000);

  let extractor: Extractor<unknown> | undefined;
  let incomplete = false;
  try {
    extractor = extractorForIntegration(deps.extractors ?? registryExtractorFactory, integration, logger, deps.extractorOptions);
    const credentials = extractor.credentials.parse(openCredentials(deps.vault, integration));
    const transform = await organizationTransformContext(db, integration.organization_id, deps.parse);
    const factorIds = await factorIdsByKey(db);
    const segments = [...state.gaps.map((_, i) => ({ gap: i })), { gap: -1 }];
    let pendingPages = 0;
    let lastCommit = Date.now();
    for (const segment of segments) {
      const checkpoint = segment.gap >= 0 ? state.gaps[segment.gap]! : state.main;
      const range = rangeOf(checkpoint, Date.now());
      for await (const page of readAhead(extractor.extract(credentials, checkpoint, controller.signal))) {
        state = segment.gap >= 0 ? { ...state, gaps: state.gaps.map((g, i) => (i === segment.gap ? page.checkpoint : g)) } : { ...state, main: page.checkpoint };
        const fetched = page.documents.length + page.failed.length;
        const progress: SyncProgress = { runId: run.id, pages: totals.pages + pendingPages + 1, documents: totals.documents + fetched, lines: totals.linesNew + totals.linesUpdated, quarantined: totals.quarantined, share: share(page.checkpoint, range) };
        // Empty pages (a window with nothing in it) are not committed one by one: their checkpoint goes
        // with the next page that has documents, or after EMPTY_COMMIT_MS. A crash re-reads them, which is cheap.
        const finalPage = page.checkpoint.position === null;
        if (fetched === 0 && !finalPage && Date.now() - lastCommit < EMPTY_COMMIT_MS) {
          pendingPages++;
          options.onProgress?.(progress);
          continue;
        }
        // The extractor hashed each document's XML as it decoded it (the repeat check's digest): the same SHA-256.
        const hashed = page.documents.map((document) => ({ document, sha256: xmlSha256(document) }));
        const stored = await storedDocuments(client, integration.id, hashed.map(({ document, sha256 }) => ({ ettn: document.ettn, sha256 })));
        const prepared = preparePage(hashed, page.failed, { organizationId: integration.organization_id, integrationId: integration.id, transform, factorIds, stored });
        progress.quarantined += prepared.quarantined.length;
        // The page is committed even when a stop was asked for meanwhile: its work is done.
        const counts = await loadPage(client, { organizationId: integration.organization_id, integrationId: integration.id, provider: integration.provider, runId: run.id, ...prepared, pages: pendingPages + 1, syncState: state, progress: { ...progress } });
        addCounts(totals, counts, fetched, pendingPages + 1);
        pendingPages = 0;
        lastCommit = Date.now();
        progress.lines = totals.linesNew + totals.linesUpdated;
        options.onProgress?.(progress);
        if (request.deadline !== undefined && Date.now() >= request.deadline && !finalPage) {
          incomplete = true;
          break;
        }
      }
      if (incomplete) break;
    }
    // Finished gaps are dropped from the state.
    if (!incomplete && state.gaps.length > 0) {
      state = { ...state, gaps: [] };
      await db.updateTable('integrations').set({ checkpoint: JSON.stringify(state) }).where('id', '=', integration.id).execute();
    }
  } catch (error) {
    return await endFailed(deps, integration, run, totals, controller.signal.reason instanceof SyncStopped ? controller.signal.reason : error, request.performedBy);
  } finally {
    clearInterval(watcher);
    options.signal?.removeEventListener('abort', stopFromCaller);
    await extractor?.close().catch(() => {});
  }
  return endSucceeded(deps, integration, run, totals, { incomplete, windowTo: state.main.syncedThrough, performedBy: request.performedBy });
}

async function endSucceeded(deps: SyncDependencies, integration: Integration, run: SyncRun, totals: SyncTotals, end: { incomplete: boolean; windowTo: string | null; performedBy: string }): Promise<SyncOutcome> {
  const { db, logger } = deps;
  const finished = await finishRun(db, run.id, 'succeeded', null, end.windowTo);
  // A chunk of a longer backfill is not a successful sync of the integration yet.
  await db.updateTable('integrations').set({ last_error: null, ...(end.incomplete ? {} : { last_successful_sync_at: new Date() }) }).where('id', '=', integration.id).execute();
  await db.updateTable('integrations').set({ status: 'connected' }).where('id', '=', integration.id).where('status', '=', 'error').execute();
  await logActivity(db, {
    organizationId: integration.organization_id, integrationId: integration.id, provider: integration.provider, syncRunId: run.id, action: 'sync_completed', status: 'success',
    performedBy: end.performedBy, details: `${end.incomplete ? 'Sync chunk done, more to read' : 'Sync completed'}: ${summarize(totals)}`, metadata: { ...totals },
  });
  logger.info({ integrationId: integration.id, provider: integration.provider, runId: run.id, ...totals, incomplete: end.incomplete }, 'sync finished');
  return { status: end.incomplete ? 'incomplete' : 'succeeded', run: finished, totals };
}

async function endFailed(deps: SyncDependencies, integration: Integration, run: SyncRun, totals: SyncTotals, error: unknown, performedBy: string): Promise<SyncOutcome> {
  const { db, logger } = deps;
  const activity = { organizationId: integration.organization_id, integrationId: integration.id, provider: integration.provider, syncRunId: run.id, performedBy };
  if (error instanceof SyncStopped) {
    const status = error.by === 'user' ? 'cancelled' : 'interrupted';
    const finished = await finishRun(db, run.id, status, error.message, null);
    await logActivity(db, { ...activity, action: 'sync_cancelled', status: 'info', details: `Sync stopped: ${error.message}; ${summarize(totals)} were kept` });
    logger.info({ integrationId: integration.id, runId: run.id, reason: error.message }, 'sync stopped');
    return { status, run: finished, totals, error: error.message };
  }
  const message = describeFailure(error, integration.provider);
  // The failure may be the database itself going away: its record is retried on a fresh connection.
  const finished = await retryOnLostConnection(() => finishRun(db, run.id, 'failed', message, null));
  // Only a connected integration turns to Error: a pause or disconnect meanwhile stays what the person chose.
  await retryOnLostConnection(() => db.updateTable('integrations').set({ status: 'error', last_error: message }).where('id', '=', integration.id).where('status', 'in', ['connected', 'error']).execute());
  await retryOnLostConnection(() => logActivity(db, { ...activity, action: 'sync_failed', status: 'error', details: `Sync failed: ${message}` }));
  logger.warn({ integrationId: integration.id, runId: run.id, err: message }, 'sync failed');
  return { status: 'failed', run: finished, totals, error: message, kind: error instanceof ExtractorError ? error.kind : isConnectionLost(error) ? 'transient' : 'other' };
}
