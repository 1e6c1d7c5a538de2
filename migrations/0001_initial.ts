/**
 * The data model of DESIGN.md. Plain DDL, because constraints and triggers are the point here and read
 * best as SQL. Lists in CHECK constraints are frozen copies on purpose: a migration records the schema as
 * it was, so a later change to a list is a new migration.
 */
import { sql, type Kysely } from 'kysely';

const providers = `'edm', 'qnb', 'crs', 'isnet', 'uyumsoft'`;
const categories = `'electricity', 'natural_gas', 'diesel', 'petrol', 'lpg', 'fuel_oil', 'refrigerant', 'water',
  'purchased_goods', 'purchased_services', 'capital_goods', 'freight', 'waste', 'business_travel_air',
  'business_travel_hotel', 'business_travel_ground', 'employee_commuting', 'leased_assets', 'not_emission'`;

const upSql = `
CREATE TABLE organizations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (btrim(name) <> ''),
  vkn         text CHECK (vkn ~ '^[0-9]{10,11}$'),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organizations_vkn_key ON organizations (vkn) WHERE vkn IS NOT NULL;

CREATE TABLE admin_users (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  email            text NOT NULL CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
  name             text,
  password_hash    text NOT NULL,
  role             text NOT NULL CHECK (role IN ('admin', 'engineer', 'analyst')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_login_at    timestamptz
);
CREATE UNIQUE INDEX admin_users_email_key ON admin_users (lower(email));

CREATE TABLE integrations (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id          uuid NOT NULL REFERENCES organizations (id),
  provider                 text NOT NULL CHECK (provider IN (${providers})),
  status                   text NOT NULL DEFAULT 'not_connected'
                           CHECK (status IN ('not_connected', 'connected', 'syncing', 'paused', 'error', 'disconnected')),
  endpoint_url             text,
  credentials_key_id       text,
  credentials_ciphertext   text,
  start_date               date,
  checkpoint               jsonb NOT NULL DEFAULT '{}'::jsonb,
  last_sync_started_at     timestamptz,
  last_successful_sync_at  timestamptz,
  last_error               text,
  records_imported         bigint NOT NULL DEFAULT 0 CHECK (records_imported >= 0),
  documents_fetched        bigint NOT NULL DEFAULT 0 CHECK (documents_fetched >= 0),
  responsible_user_id      uuid REFERENCES admin_users (id),
  connected_by             text,
  connected_at             timestamptz,
  updated_by               text,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT integrations_one_per_provider UNIQUE (organization_id, provider),
  -- A vault value is its key id and its ciphertext, or neither.
  CONSTRAINT integrations_credentials_pair CHECK ((credentials_key_id IS NULL) = (credentials_ciphertext IS NULL)),
  -- Anything past "not connected" was connected with credentials and a start date.
  CONSTRAINT integrations_connected_has_setup CHECK (
    status IN ('not_connected', 'disconnected') OR (credentials_ciphertext IS NOT NULL AND start_date IS NOT NULL))
);

CREATE TABLE sync_runs (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id     uuid NOT NULL REFERENCES organizations (id),
  integration_id      uuid NOT NULL REFERENCES integrations (id),
  trigger             text NOT NULL CHECK (trigger IN ('schedule', 'manual', 'backfill', 'connect', 'replay')),
  window_from         timestamptz,
  window_to           timestamptz,
  status              text NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  started_at          timestamptz,
  finished_at         timestamptz,
  pages               integer NOT NULL DEFAULT 0 CHECK (pages >= 0),
  documents           integer NOT NULL DEFAULT 0 CHECK (documents >= 0),
  invoices_new        integer NOT NULL DEFAULT 0 CHECK (invoices_new >= 0),
  invoices_updated    integer NOT NULL DEFAULT 0 CHECK (invoices_updated >= 0),
  invoices_unchanged  integer NOT NULL DEFAULT 0 CHECK (invoices_unchanged >= 0),
  lines               integer NOT NULL DEFAULT 0 CHECK (lines >= 0),
  quarantined         integer NOT NULL DEFAULT 0 CHECK (quarantined >= 0),
  retries             integer NOT NULL DEFAULT 0 CHECK (retries >= 0),
  error               text,
  engine              text NOT NULL DEFAULT 'local' CHECK (engine IN ('local', 'trigger')),
  engine_run_id       text,
  performed_by        text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sync_runs_finished_after_start CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at),
  CONSTRAINT sync_runs_window_order CHECK (window_to IS NULL OR window_from IS NULL OR window_to >= window_from)
);
CREATE INDEX sync_runs_integration_idx ON sync_runs (integration_id, created_at DESC);
-- One run at a time per integration, enforced by the database as well as by the engines.
CREATE UNIQUE INDEX sync_runs_one_active ON sync_runs (integration_id) WHERE status IN ('queued', 'running');

CREATE TABLE activity_log (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  occurred_at      timestamptz NOT NULL DEFAULT now(),
  action_type      text NOT NULL CHECK (action_type IN (
                     'connect', 'edit', 'pause', 'resume', 'disconnect', 'test_connection', 'sync_attempt',
                     'sync_completed', 'sync_failed', 'backfill', 'document_changed', 'export', 'login',
                     'user_change', 'rule_change')),
  details          text NOT NULL,
  integration_id   uuid REFERENCES integrations (id),
  provider         text CHECK (provider IN (${providers})),
  status           text NOT NULL CHECK (status IN ('success', 'error', 'info')),
  performed_by     text NOT NULL CHECK (btrim(performed_by) <> ''),
  sync_run_id      uuid REFERENCES sync_runs (id),
  metadata         jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX activity_log_org_time_idx ON activity_log (organization_id, occurred_at DESC);
CREATE INDEX activity_log_provider_idx ON activity_log (organization_id, provider, occurred_at DESC);
CREATE INDEX activity_log_action_idx ON activity_log (organization_id, action_type, occurred_at DESC);
CREATE INDEX activity_log_status_idx ON activity_log (organization_id, status, occurred_at DESC);
CREATE INDEX activity_log_performer_idx ON activity_log (organization_id, performed_by, occurred_at DESC);

-- Append-only in the database itself: whoever connects, rows can be added but never changed or removed.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'add a new row instead';
END $$;
CREATE TRIGGER activity_log_append_only BEFORE UPDATE OR DELETE ON activity_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER activity_log_no_truncate BEFORE TRUNCATE ON activity_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE source_documents (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  integration_id   uuid NOT NULL REFERENCES integrations (id),
  provider         text NOT NULL CHECK (provider IN (${providers})),
  ettn             text NOT NULL CHECK (btrim(ettn) <> ''),
  version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  sha256           text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  xml              text NOT NULL,
  received_at      timestamptz NOT NULL,
  provider_ref     jsonb NOT NULL DEFAULT '{}'::jsonb,
  sync_run_id      uuid REFERENCES sync_runs (id),
  fetched_at       timestamptz NOT NULL DEFAULT now(),
  -- One identity per document and integration; a changed XML for a known ETTN is the next version.
  CONSTRAINT source_documents_version_key UNIQUE (integration_id, ettn, version),
  CONSTRAINT source_documents_content_key UNIQUE (integration_id, ettn, sha256)
);

CREATE TABLE invoices (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id     uuid NOT NULL REFERENCES organizations (id),
  integration_id      uuid NOT NULL REFERENCES integrations (id),
  source_document_id  uuid NOT NULL REFERENCES source_documents (id),
  ettn                text NOT NULL,
  -- Legacy documents may lack these: the parser flags them rather than refusing the invoice.
  number              text,
  profile             text,
  type                text,
  direction           text NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
  issue_date          date NOT NULL,
  supplier_vkn        text NOT NULL,
  supplier_name       text,
  customer_vkn        text,
  customer_name       text,
  currency            char(3) NOT NULL,
  exchange_rate       numeric CHECK (exchange_rate > 0),
  line_extension      numeric NOT NULL,
  tax_exclusive       numeric NOT NULL,
  tax_inclusive       numeric NOT NULL,
  payable             numeric NOT NULL,
  kdv_total           numeric NOT NULL DEFAULT 0,
  withholding_total   numeric NOT NULL DEFAULT 0,
  period_start        date,
  period_end          date,
  flags               jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT invoices_identity_key UNIQUE (integration_id, ettn),
  CONSTRAINT invoices_period_order CHECK (period_end IS NULL OR period_start IS NULL OR period_end >= period_start)
);
CREATE INDEX invoices_org_date_idx ON invoices (organization_id, issue_date);
CREATE INDEX invoices_supplier_idx ON invoices (organization_id, supplier_vkn);

CREATE TABLE emission_factors (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key            text NOT NULL CHECK (btrim(key) <> ''),
  edition        text NOT NULL CHECK (btrim(edition) <> ''),
  unit           text NOT NULL,
  value          numeric NOT NULL CHECK (value >= 0),
  source         text NOT NULL,
  licence        text NOT NULL,
  source_sha256  text CHECK (source_sha256 ~ '^[0-9a-f]{64}$'),
  valid_from     date,
  valid_to       date,
  metadata       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT emission_factors_version_key UNIQUE (key, edition),
  -- An open start means "from the first period"; an open end, "until a later edition supersedes it".
  CONSTRAINT emission_factors_validity CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
-- Factors are versioned and never deleted: results must stay re-performable.
CREATE TRIGGER emission_factors_never_deleted BEFORE DELETE ON emission_factors
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER emission_factors_no_truncate BEFORE TRUNCATE ON emission_factors
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE inventory_lines (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id        uuid NOT NULL REFERENCES organizations (id),
  integration_id         uuid NOT NULL REFERENCES integrations (id),
  invoice_id             uuid NOT NULL REFERENCES invoices (id),
  -- Position of the line in the document (the identity); line_ref is its cbc:ID as written, free text.
  line_no                integer NOT NULL CHECK (line_no >= 1),
  line_ref               text,
  description            text NOT NULL,
  supplier_vkn           text NOT NULL,
  supplier_name          text,
  document_number        text,
  issue_date             date NOT NULL,
  activity_period_start  date NOT NULL,
  activity_period_end    date NOT NULL,
  facility               text,
  region                 text,
  quantity               numeric,
  unit                   text,
  unit_code              text,
  net_amount             numeric NOT NULL,
  currency               char(3) NOT NULL,
  amount_try             numeric,
  method                 text CHECK (method IN ('activity', 'spend')),
  category               text NOT NULL CHECK (category IN (${categories})),
  scope                  smallint CHECK (scope IN (1, 2, 3)),
  scope3_category        smallint CHECK (scope3_category BETWEEN 1 AND 15),
  factor_id              uuid REFERENCES emission_factors (id),
  kg_co2e                numeric,
  confidence             numeric(4, 3) NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  classification_source  text NOT NULL,
  status                 text NOT NULL CHECK (status IN ('needs_review', 'ready_for_ef_matching', 'calculated', 'excluded')),
  calculation            jsonb,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT inventory_lines_identity_key UNIQUE (invoice_id, line_no),
  CONSTRAINT inventory_lines_scope3_only_in_scope3 CHECK (scope3_category IS NULL OR scope = 3),
  CONSTRAINT inventory_lines_period_order CHECK (activity_period_end >= activity_period_start),
  -- A calculated line names its method, factor and result; nothing else claims a result.
  CONSTRAINT inventory_lines_calculated_complete CHECK (
    (status = 'calculated') = (kg_co2e IS NOT NULL AND factor_id IS NOT NULL AND method IS NOT NULL))
);
CREATE INDEX inventory_lines_org_date_idx ON inventory_lines (organization_id, issue_date);
CREATE INDEX inventory_lines_org_category_idx ON inventory_lines (organization_id, category);
CREATE INDEX inventory_lines_org_scope_idx ON inventory_lines (organization_id, scope);
CREATE INDEX inventory_lines_org_status_idx ON inventory_lines (organization_id, status);

CREATE TABLE classification_rules (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  supplier_vkn     text,
  keyword          text,
  item_code        text,
  category         text NOT NULL CHECK (category IN (${categories})),
  priority         integer NOT NULL DEFAULT 0,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT classification_rules_has_condition CHECK (
    supplier_vkn IS NOT NULL OR keyword IS NOT NULL OR item_code IS NOT NULL)
);
CREATE INDEX classification_rules_org_idx ON classification_rules (organization_id);

CREATE TABLE quarantined_documents (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations (id),
  integration_id   uuid NOT NULL REFERENCES integrations (id),
  sync_run_id      uuid REFERENCES sync_runs (id),
  provider         text NOT NULL CHECK (provider IN (${providers})),
  ettn             text,
  stage            text NOT NULL CHECK (stage IN ('extract', 'parse', 'normalize', 'classify', 'calculate', 'load')),
  reason           text NOT NULL CHECK (btrim(reason) <> ''),
  error_code       text,
  details          jsonb NOT NULL DEFAULT '{}'::jsonb,
  payload          text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  resolved_at      timestamptz,
  resolved_by      text
);
CREATE INDEX quarantined_documents_integration_idx ON quarantined_documents (integration_id, created_at DESC);
`;

const downSql = `
DROP TABLE quarantined_documents, classification_rules, inventory_lines, emission_factors, invoices,
  source_documents, activity_log, sync_runs, integrations, admin_users, organizations;
DROP FUNCTION refuse_change();
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(upSql).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(downSql).execute(db);
}
