/**
 * The daily dispatch: every connected (or failing, so it can recover) integration of every organization
 * gets one `sync-integration` run a day. Read in id order a batch at a time, so memory stays flat
 * however many integrations there are, and each batch is one batchTrigger call.
 */
import type { BatchItem } from '@trigger.dev/sdk';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { istanbulDay, syncRunOptions, type SyncPayload } from './runs.js';

export interface DispatchSummary {
  day: string;
  integrations: number;
  batches: number;
}

export async function* dailyBatches(db: Kysely<Database>, firedAt: Date, batchSize: number): AsyncGenerator<BatchItem<SyncPayload>[]> {
  let after: string | null = null;
  for (;;) {
    let query = db.selectFrom('integrations').select(['id', 'organization_id', 'provider', 'connected_at', 'updated_at']).where('status', 'in', ['connected', 'error']).orderBy('id').limit(batchSize);
    if (after) query = query.where('id', '>', after);
    const due = await query.execute();
    if (due.length === 0) return;
    yield await Promise.all(due.map(async (integration) => ({
      payload: { integrationId: integration.id, trigger: 'schedule' as const, performedBy: 'system', chunk: 1 },
      options: await syncRunOptions(integration, 'schedule', firedAt),
    })));
    after = due[due.length - 1]!.id;
  }
}

export async function dispatchDaily(db: Kysely<Database>, firedAt: Date, batchSize: number, trigger: (items: BatchItem<SyncPayload>[]) => Promise<unknown>): Promise<DispatchSummary> {
  const summary: DispatchSummary = { day: istanbulDay(firedAt), integrations: 0, batches: 0 };
  for await (const batch of dailyBatches(db, firedAt, batchSize)) {
    await trigger(batch);
    summary.integrations += batch.length;
    summary.batches++;
  }
  return summary;
}
