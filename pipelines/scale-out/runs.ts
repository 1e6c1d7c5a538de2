/**
 * How every `sync-integration` run is triggered, whoever triggers it (the engine behind the lifecycle
 * service, the daily dispatcher, a chunk continuing its backfill): the payload, and the options that make
 * Trigger.dev run at most one sync per integration (`concurrencyKey`), never double a request
 * (idempotency keys), and file the run where the dashboard can find it (tags).
 */
import { idempotencyKeys, type TriggerOptions } from '@trigger.dev/sdk';
import { z } from 'zod';
import type { Integration, SyncTrigger } from '../../db/schema.js';

export const SYNC_TASK_ID = 'sync-integration';
export const DAILY_DISPATCH_TASK_ID = 'daily-dispatch';

/** One chunk of a sync stops after the page that crosses this much time; the next chunk continues. */
export const CHUNK_MS = 20 * 60_000;
/** Per attempt, well above a chunk plus its last page: only a hung run reaches it. */
export const SYNC_MAX_DURATION_S = 3_600;

const syncTriggers = ['schedule', 'manual', 'backfill', 'connect', 'replay'] as const satisfies readonly SyncTrigger[];

export const SyncPayload = z.object({
  integrationId: z.uuid(),
  trigger: z.enum(syncTriggers),
  /** A user's e-mail, or `system`. */
  performedBy: z.string().min(1),
  /** 1 for the run a request started; n + 1 for the run chunk n triggered to continue its backfill. */
  chunk: z.number().int().min(1).default(1),
});
export type SyncPayload = z.infer<typeof SyncPayload>;

export type RunTarget = Pick<Integration, 'id' | 'organization_id' | 'provider'>;

/** The day of an instant in Türkiye (UTC+3 all year): the daily sync's idempotency bucket. */
export function istanbulDay(instant: Date): string {
  return new Date(instant.getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
}

/** Dashboard filters: by integration, organization and provider. */
export function runTags(target: RunTarget): string[] {
  return [`integration_${target.id}`, `org_${target.organization_id}`, `provider_${target.provider}`];
}

/**
 * The idempotency of each kind of request. A connect or an edit backfills once per change of the row
 * (a retried request returns the same run); the daily sync once per integration and Istanbul day; a
 * "sync now" once a minute (requests made together make one run, a later one a new run).
 */
function idempotencyOf(target: RunTarget & Pick<Integration, 'connected_at' | 'updated_at'>, trigger: SyncTrigger, at: Date): { key: string; ttl: string } | null {
  switch (trigger) {
    case 'schedule': return { key: `daily:${target.id}:${istanbulDay(at)}`, ttl: '2d' };
    case 'connect': return { key: `connect:${target.id}:${(target.connected_at ?? at).toISOString()}`, ttl: '30d' };
    case 'backfill': return { key: `backfill:${target.id}:${target.updated_at.toISOString()}`, ttl: '30d' };
    case 'manual': return { key: `manual:${target.id}`, ttl: '1m' };
    case 'replay': return null;
  }
}

export async function syncRunOptions(target: RunTarget & Pick<Integration, 'connected_at' | 'updated_at'>, trigger: SyncTrigger, at: Date): Promise<TriggerOptions> {
  const idempotency = idempotencyOf(target, trigger, at);
  return {
    concurrencyKey: target.id,
    tags: runTags(target),
    // A daily run still queued after most of a day is dropped: the next day's run covers its window.
    ...(trigger === 'schedule' ? { ttl: '20h' } : {}),
    // Global scope: the same request from another run or process is the same request.
    ...(idempotency ? { idempotencyKey: await idempotencyKeys.create(idempotency.key, { scope: 'global' }), idempotencyKeyTTL: idempotency.ttl } : {}),
  };
}

/** The run chunk n triggers to continue: keyed to the triggering run, so a retried chunk never chains twice. */
export async function continuationOptions(target: RunTarget): Promise<TriggerOptions> {
  return { concurrencyKey: target.id, tags: runTags(target), idempotencyKey: await idempotencyKeys.create(`continue:${target.id}`, { scope: 'run' }) };
}
