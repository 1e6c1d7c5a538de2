/**
 * The local engine `npm start` runs: pg-boss, a PostgreSQL job queue, on the application's own database
 * (schema `pgboss`), rather than a timer loop of our own — its jobs survive restarts, and its `stately`
 * queue policy keeps at most one queued and one active sync job per integration across every process on
 * the database. The advisory lock in syncIntegration is the second guard.
 *
 * - a daily cron (Europe/Istanbul unless configured) queues one sync per connected integration;
 * - sync now, the backfill on connect and resume queue a job (a request while one waits is absorbed);
 * - pause and disconnect abort the integration's running sync in this process at once (a sync run by
 *   another process sees the status change within its poll);
 * - a job runs at most `chunkMs` and then queues its continuation, so a job stays well inside pg-boss's
 *   expiry; a job cut off by a crash expires, is retried once and resumes from the last committed page;
 * - at start, runs left active by a process that is gone are marked interrupted and resumed.
 */
import PgBoss from 'pg-boss';
import type { SyncTrigger } from '../db/schema.js';
import type { SyncEngine } from './lifecycle.js';
import { markInterrupted, succeededRunSince, withIntegrationLock } from './runs.js';
import { SyncStopped, syncIntegration, type SyncDependencies, type SyncOutcome } from './sync.js';

export const SYNC_QUEUE = 'sync-integration';
export const DAILY_QUEUE = 'daily-sync';
const DEFAULT_CHUNK_MS = 20 * 60_000;

export interface LocalEngineOptions {
  connectionString: string;
  sync: SyncDependencies;
  /** Cron of the daily sync, in `timeZone`. */
  dailyCron?: string;
  timeZone?: string;
  /** Syncs of different integrations running at once in this process. */
  concurrency?: number;
  chunkMs?: number;
  pollingIntervalSeconds?: number;
  /** Called with every finished sync (tests, logs). */
  onOutcome?: (integrationId: string, outcome: SyncOutcome) => void;
}

interface SyncJob {
  integrationId: string;
  trigger: SyncTrigger;
  performedBy: string;
  /** When the request was made (ISO): a run that started since then and succeeded already covers it. */
  requestedAt?: string;
}

const cancelWaitingSql = `UPDATE pgboss.job SET state = 'cancelled', completed_on = now() WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry')`;

export interface SyncQueue extends SyncEngine {
  close(): Promise<void>;
}

async function startBoss(connectionString: string, chunkMs: number, worker: boolean): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString, schema: 'pgboss', max: worker ? 3 : 1, application_name: worker ? 'einvoice-engine' : 'einvoice-cli', ...(worker ? {} : { supervise: false, schedule: false }) });
  await boss.start();
  // Expiry well above a chunk: a job is only ever expired because its process died.
  await boss.createQueue(SYNC_QUEUE, { name: SYNC_QUEUE, policy: 'stately', retryLimit: 1, retryDelay: 5, expireInSeconds: Math.ceil((chunkMs * 1.5) / 1000) });
  return boss;
}

const sendSync = (boss: PgBoss, integrationId: string, trigger: SyncTrigger, performedBy: string, requestedAt = new Date()): Promise<string | null> =>
  boss.send(SYNC_QUEUE, { integrationId, trigger, performedBy, requestedAt: requestedAt.toISOString() } satisfies SyncJob, { singletonKey: integrationId });

/**
 * The queue without workers, for processes that only ask for syncs (the CLI): jobs wait in PostgreSQL
 * until an engine (`npm start`) runs them; a cancel removes a waiting job, and a running sync stops at
 * its next status poll because the lifecycle changed the integration's status first.
 */
export async function connectSyncQueue(connectionString: string, chunkMs = DEFAULT_CHUNK_MS): Promise<SyncQueue> {
  const boss = await startBoss(connectionString, chunkMs, false);
  boss.on('error', () => {});
  return {
    enqueue: (integrationId, trigger, performedBy, requestedAt) => sendSync(boss, integrationId, trigger, performedBy, requestedAt),
    cancel: async (integrationId) => void (await boss.getDb().executeSql(cancelWaitingSql, [SYNC_QUEUE, integrationId])),
    close: () => boss.stop({ graceful: false, wait: true }),
  };
}

export interface LocalEngine extends SyncEngine {
  /** Queues the daily sync of every connected integration now (what the cron does). */
  dispatchDaily(): Promise<number>;
  stop(): Promise<void>;
}

export async function startLocalEngine(options: LocalEngineOptions): Promise<LocalEngine> {
  const { db, pool, logger } = options.sync;
  const chunkMs = options.chunkMs ?? DEFAULT_CHUNK_MS;
  const boss = await startBoss(options.connectionString, chunkMs, true);
  boss.on('error', (error: Error) => logger.warn({ err: error.message }, 'job queue error'));
  await boss.createQueue(DAILY_QUEUE, { name: DAILY_QUEUE, policy: 'short', retryLimit: 2, retryDelay: 60 });
  await boss.schedule(DAILY_QUEUE, options.dailyCron ?? '0 3 * * *', {}, { tz: options.timeZone ?? 'Europe/Istanbul' });

  const running = new Map<string, AbortController>();
  let stopping = false;

  const enqueue = (integrationId: string, trigger: SyncTrigger, performedBy: string, requestedAt?: Date) => sendSync(boss, integrationId, trigger, performedBy, requestedAt);

  async function runJob(job: SyncJob): Promise<void> {
    // The queue lets a second job wait while one is active: requests made before the active job's run
    // started are answered by that run, not by another one right after it.
    const covering = job.requestedAt ? await succeededRunSince(db, job.integrationId, new Date(job.requestedAt)) : undefined;
    if (covering) {
      logger.info({ integrationId: job.integrationId, trigger: job.trigger, runId: covering.id }, 'sync request answered by a run that started after it');
      return;
    }
    const controller = new AbortController();
    running.set(job.integrationId, controller);
    try {
      const outcome = await syncIntegration(options.sync, { ...job, engine: 'local', deadline: Date.now() + chunkMs }, { signal: controller.signal });
      options.onOutcome?.(job.integrationId, outcome);
      if (outcome.status === 'incomplete' && !stopping) await enqueue(job.integrationId, 'backfill', 'system');
    } finally {
      running.delete(job.integrationId);
    }
  }

  for (let i = 0; i < (options.concurrency ?? 2); i++) {
    await boss.work<SyncJob>(SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async ([job]) => {
      if (job) await runJob(job.data);
    });
  }

  async function dispatchDaily(): Promise<number> {
    const due = await db.selectFrom('integrations').select('id').where('status', 'in', ['connected', 'error']).execute();
    for (const { id } of due) await enqueue(id, 'schedule', 'system');
    logger.info({ integrations: due.length }, 'daily sync queued');
    return due.length;
  }
  await boss.work(DAILY_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => void (await dispatchDaily()));

  // Runs a dead process left active: whoever gets the lock knows nobody runs them.
  const stale = await db.selectFrom('sync_runs').select('integration_id').distinct().where('status', 'in', ['queued', 'running']).execute();
  for (const { integration_id: integrationId } of stale) {
    await withIntegrationLock(pool, integrationId, async (client) => {
      const marked = await markInterrupted(db, integrationId);
      await client.query(`UPDATE pgboss.job SET state = 'cancelled', completed_on = now() WHERE name = $1 AND singleton_key = $2 AND state = 'active'`, [SYNC_QUEUE, integrationId]);
      if (marked > 0) {
        logger.warn({ integrationId }, 'a sync cut off by a stopped process is resumed from its last committed page');
        await enqueue(integrationId, 'backfill', 'system');
      }
    }, async () => {});
  }

  return {
    enqueue,
    dispatchDaily,
    async cancel(integrationId) {
      running.get(integrationId)?.abort(new SyncStopped('the integration was paused or disconnected', 'user'));
      // A job still waiting would find the integration paused and skip; remove it all the same.
      await pool.query(cancelWaitingSql, [SYNC_QUEUE, integrationId]);
    },
    async stop() {
      stopping = true;
      for (const controller of running.values()) controller.abort(new SyncStopped('the process is shutting down', 'shutdown'));
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    },
  };
}
