/**
 * Kysely's view of the schema (migrations/). Column types follow how the pool parses them (db/database.ts):
 * numeric → decimal string (never a float), date → 'YYYY-MM-DD', timestamptz → Date, bigint → number.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CategoryKey } from '../domain/categories.js';
import type { Json as JsonValue } from '../domain/json.js';
import type { ProviderId } from '../domain/providers.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric: read as a decimal string; written from a decimal string. */
type Decimal = ColumnType<string, string, string>;
/** date: 'YYYY-MM-DD'. */
type DateOnly = string;
export type { JsonValue };
/** jsonb: read as a JSON value; written from one or from JSON text. */
export type JsonColumn = ColumnType<JsonValue, JsonValue | string, JsonValue | string>;

export type IntegrationStatus = 'not_connected' | 'connected' | 'syncing' | 'paused' | 'error' | 'disconnected';
export type AdminRole = 'admin' | 'engineer' | 'analyst';
/** The admin panel's interface languages. */
export type PanelLanguage = 'en' | 'tr';
export type SyncTrigger = 'schedule' | 'manual' | 'backfill' | 'connect' | 'replay';
export type SyncRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
export type ActivityAction =
  | 'connect' | 'edit' | 'pause' | 'resume' | 'disconnect' | 'test_connection' | 'sync_attempt'
  | 'sync_completed' | 'sync_failed' | 'sync_cancelled' | 'backfill' | 'document_changed' | 'replay' | 'export' | 'login'
  | 'user_change' | 'rule_change';
export type ActivityStatus = 'success' | 'error' | 'info';
export type LineStatus = 'needs_review' | 'ready_for_ef_matching' | 'calculated' | 'excluded';
export type QuarantineStage = 'extract' | 'parse' | 'normalize' | 'classify' | 'calculate' | 'load';

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  vkn: string | null;
  created_at: CreatedAt;
}

export interface AdminUsersTable {
  id: Generated<string>;
  organization_id: string;
  email: string;
  name: string | null;
  password_hash: string;
  role: AdminRole;
  language: ColumnType<PanelLanguage, PanelLanguage | undefined, PanelLanguage>;
  created_at: CreatedAt;
  last_login_at: Timestamp | null;
}

export interface IntegrationsTable {
  id: Generated<string>;
  organization_id: string;
  provider: ProviderId;
  status: ColumnType<IntegrationStatus, IntegrationStatus | undefined, IntegrationStatus>;
  endpoint_url: string | null;
  credentials_key_id: string | null;
  credentials_ciphertext: string | null;
  start_date: DateOnly | null;
  checkpoint: ColumnType<JsonValue, JsonValue | string | undefined, JsonValue | string>;
  last_sync_started_at: Timestamp | null;
  last_successful_sync_at: Timestamp | null;
  last_error: string | null;
  records_imported: Generated<number>;
  documents_fetched: Generated<number>;
  responsible_user_id: string | null;
  connected_by: string | null;
  connected_at: Timestamp | null;
  updated_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SyncRunsTable {
  id: Generated<string>;
  organization_id: string;
  integration_id: string;
  trigger: SyncTrigger;
  window_from: Timestamp | null;
  window_to: Timestamp | null;
  status: ColumnType<SyncRunStatus, SyncRunStatus | undefined, SyncRunStatus>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  pages: Generated<number>;
  documents: Generated<number>;
  invoices_new: Generated<number>;
  invoices_updated: Generated<number>;
  invoices_unchanged: Generated<number>;
  lines: Generated<number>;
  quarantined: Generated<number>;
  retries: Generated<number>;
  error: string | null;
  engine: ColumnType<'local' | 'trigger', 'local' | 'trigger' | undefined, 'local' | 'trigger'>;
  engine_run_id: string | null;
  performed_by: string;
  created_at: CreatedAt;
  progress: ColumnType<JsonValue, JsonValue | string | undefined, JsonValue | string>;
}

/** Append-only: the database refuses UPDATE, DELETE and TRUNCATE. */
export interface ActivityLogTable {
  id: ColumnType<number, never, never>;
  organization_id: string;
  occurred_at: ColumnType<Date, Date | string | undefined, never>;
  action_type: ActivityAction;
  details: string;
  integration_id: string | null;
  provider: ProviderId | null;
  status: ActivityStatus;
  performed_by: string;
  sync_run_id: string | null;
  metadata: ColumnType<JsonValue, JsonValue | string | undefined, never>;
}

export interface SourceDocumentsTable {
  id: Generated<string>;
  organization_id: string;
  integration_id: string;
  provider: ProviderId;
  ettn: string;
  version: Generated<number>;
  sha256: string;
  xml: string;
  received_at: Timestamp;
  provider_ref: ColumnType<JsonValue, JsonValue | string | undefined, JsonValue | string>;
  sync_run_id: string | null;
  fetched_at: CreatedAt;
}

export interface InvoicesTable {
  id: Generated<string>;
  organization_id: string;
  integration_id: string;
  source_document_id: string;
  ettn: string;
  number: string | null;
  profile: string | null;
  type: string | null;
  direction: 'incoming' | 'outgoing';
  issue_date: DateOnly;
  supplier_vkn: string;
  supplier_name: string | null;
  customer_vkn: string | null;
  customer_name: string | null;
  currency: string;
  exchange_rate: Decimal | null;
  line_extension: Decimal;
  tax_exclusive: Decimal;
  tax_inclusive: Decimal;
  payable: Decimal;
  kdv_total: ColumnType<string, string | undefined, string>;
  withholding_total: ColumnType<string, string | undefined, string>;
  period_start: DateOnly | null;
  period_end: DateOnly | null;
  flags: ColumnType<JsonValue, JsonValue | string | undefined, JsonValue | string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface InventoryLinesTable {
  id: Generated<string>;
  organization_id: string;
  integration_id: string;
  invoice_id: string;
  line_no: number;
  line_ref: string | null;
  description: string;
  supplier_vkn: string;
  supplier_name: string | null;
  document_number: string | null;
  issue_date: DateOnly;
  activity_period_start: DateOnly;
  activity_period_end: DateOnly;
  facility: string | null;
  region: string | null;
  quantity: Decimal | null;
  unit: string | null;
  unit_code: string | null;
  net_amount: Decimal;
  currency: string;
  amount_try: Decimal | null;
  method: 'activity' | 'spend' | null;
  category: CategoryKey;
  scope: 1 | 2 | 3 | null;
  scope3_category: number | null;
  factor_id: string | null;
  kg_co2e: Decimal | null;
  confidence: Decimal;
  classification_source: string;
  status: LineStatus;
  calculation: JsonColumn | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  source_document_id: string | null;
}

/** Versioned and never deleted: the database refuses DELETE and TRUNCATE. */
export interface EmissionFactorsTable {
  id: Generated<string>;
  key: string;
  edition: string;
  unit: string;
  value: Decimal;
  source: string;
  licence: string;
  source_sha256: string | null;
  valid_from: DateOnly | null;
  valid_to: DateOnly | null;
  metadata: ColumnType<JsonValue, JsonValue | string | undefined, JsonValue | string>;
  created_at: CreatedAt;
}

export interface ClassificationRulesTable {
  id: Generated<string>;
  organization_id: string;
  supplier_vkn: string | null;
  keyword: string | null;
  item_code: string | null;
  category: CategoryKey;
  priority: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
}

export interface QuarantinedDocumentsTable {
  id: Generated<string>;
  organization_id: string;
  integration_id: string;
  sync_run_id: string | null;
  provider: ProviderId;
  ettn: string | null;
  stage: QuarantineStage;
  reason: string;
  error_code: string | null;
  details: ColumnType<JsonValue, JsonValue | string | undefined, JsonValue | string>;
  payload: string;
  payload_sha256: string;
  created_at: CreatedAt;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
}

export interface Database {
  organizations: OrganizationsTable;
  admin_users: AdminUsersTable;
  integrations: IntegrationsTable;
  sync_runs: SyncRunsTable;
  activity_log: ActivityLogTable;
  source_documents: SourceDocumentsTable;
  invoices: InvoicesTable;
  inventory_lines: InventoryLinesTable;
  emission_factors: EmissionFactorsTable;
  classification_rules: ClassificationRulesTable;
  quarantined_documents: QuarantinedDocumentsTable;
}

export type Organization = Selectable<OrganizationsTable>;
export type AdminUser = Selectable<AdminUsersTable>;
export type Integration = Selectable<IntegrationsTable>;
export type NewIntegration = Insertable<IntegrationsTable>;
export type IntegrationUpdate = Updateable<IntegrationsTable>;
export type SyncRun = Selectable<SyncRunsTable>;
export type ActivityEntry = Selectable<ActivityLogTable>;
export type NewActivityEntry = Insertable<ActivityLogTable>;
export type InventoryLine = Selectable<InventoryLinesTable>;
export type NewEmissionFactor = Insertable<EmissionFactorsTable>;
