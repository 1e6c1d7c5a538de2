/**
 * Integrations by the thousand in one SQL statement, for the daily dispatch at scale: organizations of
 * five integrations each (one per provider, as the schema allows), statuses shuffled across them in a
 * fixed order. `eligible` are the ones the daily sync takes (connected, and failing so it can recover:
 * one in ten is in Error); the rest are paused, disconnected or never connected, which it must skip.
 * No sync runs on them: the credentials are placeholders no vault could open.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, IntegrationStatus } from '../../db/schema.js';
import { providerIds } from '../../domain/providers.js';

export interface ManyIntegrations {
  eligible: string[];
  ineligible: string[];
}

export async function insertManyIntegrations(db: Kysely<Database>, counts: { eligible: number; ineligible: number }): Promise<ManyIntegrations> {
  const total = counts.eligible + counts.ineligible;
  const organizations = Math.ceil(total / providerIds.length);
  const { rows } = await sql<{ id: string; status: IntegrationStatus }>`
    WITH organization AS (
      INSERT INTO organizations (name) SELECT 'Dispatch load ' || n FROM generate_series(1, ${organizations}::int) AS n RETURNING id, name
    ), slot AS (
      SELECT o.id AS organization_id, p.provider, row_number() OVER (ORDER BY md5(o.name || p.provider)) AS n
      FROM organization o CROSS JOIN unnest(${[...providerIds]}::text[]) AS p (provider)
    ), planned AS (
      SELECT organization_id, provider,
             CASE WHEN n <= ${counts.eligible} THEN (CASE WHEN n % 10 = 0 THEN 'error' ELSE 'connected' END)
                  ELSE (ARRAY['paused', 'disconnected', 'not_connected'])[(n % 3 + 1)::int] END AS status
      FROM slot WHERE n <= ${total}
    )
    INSERT INTO integrations (organization_id, provider, status, credentials_key_id, credentials_ciphertext, start_date, connected_at)
    SELECT organization_id, provider, status,
           CASE WHEN status IN ('connected', 'error', 'paused') THEN 'placeholder' END,
           CASE WHEN status IN ('connected', 'error', 'paused') THEN 'not-a-ciphertext' END,
           CASE WHEN status IN ('connected', 'error', 'paused') THEN DATE '2025-01-01' END,
           CASE WHEN status IN ('connected', 'error', 'paused') THEN now() END
    FROM planned
    RETURNING id, status`.execute(db);
  const takesDaily = (status: IntegrationStatus) => status === 'connected' || status === 'error';
  return { eligible: rows.filter((r) => takesDaily(r.status)).map((r) => r.id), ineligible: rows.filter((r) => !takesDaily(r.status)).map((r) => r.id) };
}
