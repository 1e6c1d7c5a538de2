/**
 * What the sync pipeline needs beyond the first data model:
 * - sync_runs: `interrupted` (the process running it stopped: crash, kill, shutdown) and the progress of a
 *   run, so a person sees how far a long backfill is.
 * - activity_log: `sync_cancelled` and `replay` entries.
 * - quarantined_documents: the SHA-256 of the payload, and one open quarantine per (integration, ETTN,
 *   payload): a bad document seen again by the next sync's overlap is not quarantined twice.
 * - inventory_lines: `source_document_id`, so every figure points at the very XML version it came from.
 */
import { sql, type Kysely } from 'kysely';

const upSql = `
ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_status_check;
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_status_check
  CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'));
ALTER TABLE sync_runs ADD COLUMN progress jsonb NOT NULL DEFAULT '{}'::jsonb;

ALTER TABLE activity_log DROP CONSTRAINT activity_log_action_type_check;
ALTER TABLE activity_log ADD CONSTRAINT activity_log_action_type_check CHECK (action_type IN (
  'connect', 'edit', 'pause', 'resume', 'disconnect', 'test_connection', 'sync_attempt',
  'sync_completed', 'sync_failed', 'sync_cancelled', 'backfill', 'document_changed', 'replay', 'export', 'login',
  'user_change', 'rule_change'));

ALTER TABLE quarantined_documents ADD COLUMN payload_sha256 text NOT NULL DEFAULT '' ;
ALTER TABLE quarantined_documents ALTER COLUMN payload_sha256 DROP DEFAULT;
CREATE UNIQUE INDEX quarantined_documents_open_key ON quarantined_documents (integration_id, COALESCE(ettn, ''), payload_sha256)
  WHERE resolved_at IS NULL;

ALTER TABLE inventory_lines ADD COLUMN source_document_id uuid REFERENCES source_documents (id);
CREATE INDEX inventory_lines_source_document_idx ON inventory_lines (source_document_id);
`;

const downSql = `
DROP INDEX inventory_lines_source_document_idx;
ALTER TABLE inventory_lines DROP COLUMN source_document_id;
DROP INDEX quarantined_documents_open_key;
ALTER TABLE quarantined_documents DROP COLUMN payload_sha256;
ALTER TABLE activity_log DROP CONSTRAINT activity_log_action_type_check;
ALTER TABLE activity_log ADD CONSTRAINT activity_log_action_type_check CHECK (action_type IN (
  'connect', 'edit', 'pause', 'resume', 'disconnect', 'test_connection', 'sync_attempt',
  'sync_completed', 'sync_failed', 'backfill', 'document_changed', 'export', 'login',
  'user_change', 'rule_change'));
ALTER TABLE sync_runs DROP COLUMN progress;
ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_status_check;
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_status_check
  CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled'));
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(upSql).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(downSql).execute(db);
}
