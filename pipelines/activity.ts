/** One entry of the Activity Log (append-only): who did what to which integration, and how it went. */
import type { Kysely } from 'kysely';
import type { ActivityAction, ActivityStatus, Database } from '../db/schema.js';
import type { Json } from '../domain/json.js';
import type { ProviderId } from '../domain/providers.js';

export interface ActivityInput {
  organizationId: string;
  action: ActivityAction;
  details: string;
  status: ActivityStatus;
  /** A user's e-mail, or `system`. */
  performedBy: string;
  integrationId?: string | null;
  provider?: ProviderId | null;
  syncRunId?: string | null;
  metadata?: Json;
}

export async function logActivity(db: Kysely<Database>, entry: ActivityInput): Promise<void> {
  await db
    .insertInto('activity_log')
    .values({
      organization_id: entry.organizationId,
      action_type: entry.action,
      details: entry.details,
      status: entry.status,
      performed_by: entry.performedBy,
      integration_id: entry.integrationId ?? null,
      provider: entry.provider ?? null,
      sync_run_id: entry.syncRunId ?? null,
      metadata: JSON.stringify(entry.metadata ?? {}),
    })
    .execute();
}
