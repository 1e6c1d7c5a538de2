/**
 * The guards around a sync run: a PostgreSQL advisory lock per integration held on the run's own
 * connection for as long as it runs (a crashed process loses its connection, and with it the lock),
 * and the sync_runs rows. Whoever holds the lock knows that any queued or running row of that
 * integration belongs to a process that is gone: such runs are marked interrupted.
 */
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database, SyncRun, SyncTrigger } from '../db/schema.js';

/** Two int4 keys: a namespace for sync locks and the integration's hash. */
const LOCK_NAMESPACE = 0x5e1c;

export async function tryLockIntegration(client: pg.ClientBase, integrationId: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [LOCK_NAMESPACE, integrationId]);
  return rows[0]?.locked === true;
}

/** true when the lock was held and is now released. */
export async function unlockIntegration(client: pg.ClientBase, integrationId: string): Promise<boolean> {
  const { rows } = await client.query<{ unlocked: boolean }>('SELECT pg_advisory_unlock($1, hashtext($2)) AS unlocked', [LOCK_NAMESPACE, integrationId]);
  return rows[0]?.unlocked === true;
}

/**
 * Runs `work` holding the integration's lock on a connection of its own, or `busy` when another session
 * holds it. The connection goes back to the pool only when the lock is surely released; otherwise it is
 * destroyed, so no pooled connection ever carries a forgotten session lock.
 */
export async function withIntegrationLock<T>(pool: pg.Pool, integrationId: string, work: (client: pg.PoolClient) => Promise<T>, busy: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let clean = false;
  try {
    if (!(await tryLockIntegration(client, integrationId))) {
      clean = true;
      return await busy();
    }
    try {
      return await work(client);
    } finally {
      clean = await unlockIntegration(client, integrationId).catch(() => false);
    }
  } finally {
    client.release(clean ? undefined : true);
  }
}

/** Only while holding the integration's lock: runs still marked active were cut off by a crash or a kill. */
export async function markInterrupted(db: Kysely<Database>, integrationId: string): Promise<number> {
  const result = await db
    .updateTable('sync_runs')
    .set({ status: 'interrupted', finished_at: new Date(), error: 'interrupted: the process running it stopped before it finished; the next run resumes from its last committed page' })
    .where('integration_id', '=', integrationId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function activeRun(db: Kysely<Database>, integrationId: string): Promise<SyncRun | undefined> {
  return db.selectFrom('sync_runs').selectAll().where('integration_id', '=', integrationId).where('status', 'in', ['queued', 'running']).orderBy('created_at', 'desc').executeTakeFirst();
}

/** A run of the integration that started at or after `since` and succeeded: it read the provider after a request made then. */
export async function succeededRunSince(db: Kysely<Database>, integrationId: string, since: Date): Promise<Pick<SyncRun, 'id'> | undefined> {
  return db.selectFrom('sync_runs').select('id').where('integration_id', '=', integrationId).where('status', '=', 'succeeded').where('started_at', '>=', since).executeTakeFirst();
}

export interface StartRun {
  organizationId: string;
  integrationId: string;
  trigger: SyncTrigger;
  performedBy: string;
  engine: 'local' | 'trigger';
  engineRunId: string | null;
  windowFrom: string | null;
}

export async function startRun(db: Kysely<Database>, run: StartRun): Promise<SyncRun> {
  return db
    .insertInto('sync_runs')
    .values({
      organization_id: run.organizationId, integration_id: run.integrationId, trigger: run.trigger, status: 'running',
      started_at: new Date(), performed_by: run.performedBy, engine: run.engine, engine_run_id: run.engineRunId, window_from: run.windowFrom,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function finishRun(db: Kysely<Database>, runId: string, status: 'succeeded' | 'failed' | 'cancelled' | 'interrupted', error: string | null, windowTo: string | null): Promise<SyncRun> {
  return db
    .updateTable('sync_runs')
    .set({ status, error, finished_at: new Date(), ...(windowTo ? { window_to: windowTo } : {}) })
    .where('id', '=', runId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
