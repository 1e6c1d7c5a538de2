import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ConstraintViolation, withConstraintErrors } from '../db/errors.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';

let t: TestDatabase;
let organizationId: string;
let integrationId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  organizationId = (await t.db.insertInto('organizations').values({ name: 'Acme', vkn: '1234567890' }).returning('id').executeTakeFirstOrThrow()).id;
  integrationId = (await t.db.insertInto('integrations').values({ organization_id: organizationId, provider: 'edm' }).returning('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.drop());

async function violation(operation: () => Promise<unknown>): Promise<ConstraintViolation> {
  try {
    await withConstraintErrors(operation);
  } catch (error) {
    if (error instanceof ConstraintViolation) return error;
    throw error;
  }
  throw new Error('expected a constraint violation');
}

describe('activity_log is append-only in the database', () => {
  it('accepts inserts and refuses UPDATE, DELETE and TRUNCATE', async () => {
    await t.db.insertInto('activity_log').values({
      organization_id: organizationId, action_type: 'connect', details: 'Connected EDM', integration_id: integrationId,
      provider: 'edm', status: 'success', performed_by: 'admin@example.com',
    }).execute();
    const update = await violation(() => t.db.updateTable('activity_log').set({ details: 'rewritten' }).execute());
    expect(update.kind).toBe('append_only');
    expect(update.message).toContain('activity_log is append-only: UPDATE is not allowed');
    const remove = await violation(() => t.db.deleteFrom('activity_log').execute());
    expect(remove.message).toContain('DELETE is not allowed');
    await expect(sql`TRUNCATE activity_log`.execute(t.db)).rejects.toThrow('TRUNCATE is not allowed');
    const { count } = await t.db.selectFrom('activity_log').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(count).toBe(1);
  });
});

describe('emission factors are never deleted', () => {
  it('refuses DELETE but allows a new edition', async () => {
    const row = { key: 'electricity.tr.location', unit: 'kWh', value: '0.439', source: 'ETKB', licence: 'cite', valid_from: '2024-01-01' };
    await t.db.insertInto('emission_factors').values({ ...row, edition: '2024' }).execute();
    await t.db.insertInto('emission_factors').values({ ...row, edition: '2025', value: '0.440' }).execute();
    const remove = await violation(() => t.db.deleteFrom('emission_factors').where('edition', '=', '2024').execute());
    expect(remove.message).toContain('emission_factors is append-only: DELETE is not allowed');
    const dup = await violation(() => t.db.insertInto('emission_factors').values({ ...row, edition: '2025' }).execute());
    expect(dup.kind).toBe('unique');
    expect(dup.message).toContain('emission_factors_version_key');
  });
});

describe('constraints protect the data and say what was wrong', () => {
  it('one integration per organization and provider', async () => {
    const error = await violation(() => t.db.insertInto('integrations').values({ organization_id: organizationId, provider: 'edm' }).execute());
    expect(error.kind).toBe('unique');
    expect(error.message).toMatch(/^integrations: a row with the same identity already exists \(integrations_one_per_provider\): Key \(organization_id, provider\)/);
  });

  it('statuses, roles, providers and category keys are checked', async () => {
    const status = await violation(() => t.db.insertInto('integrations').values({
      organization_id: organizationId, provider: 'qnb', status: 'sleeping' as never, credentials_key_id: 'k1', credentials_ciphertext: 'x', start_date: '2025-01-01',
    }).execute());
    expect(status.kind).toBe('check');
    expect(status.constraint).toBe('integrations_status_check');
    const provider = await violation(() => t.db.insertInto('integrations').values({ organization_id: organizationId, provider: 'logo' as never }).execute());
    expect(provider.constraint).toBe('integrations_provider_check');
    const role = await violation(() => t.db.insertInto('admin_users').values({ organization_id: organizationId, email: 'x@y.z', password_hash: 'h', role: 'root' as never }).execute());
    expect(role.constraint).toBe('admin_users_role_check');
    const rule = await violation(() => t.db.insertInto('classification_rules').values({ organization_id: organizationId, keyword: 'motorin', category: 'gasoline' as never, created_by: 'a' }).execute());
    expect(rule.constraint).toBe('classification_rules_category_check');
    const empty = await violation(() => t.db.insertInto('classification_rules').values({ organization_id: organizationId, category: 'diesel', created_by: 'a' }).execute());
    expect(empty.constraint).toBe('classification_rules_has_condition');
  });

  it('a connected integration must have credentials and a start date', async () => {
    const error = await violation(() => t.db.updateTable('integrations').set({ status: 'connected' }).where('id', '=', integrationId).execute());
    expect(error.constraint).toBe('integrations_connected_has_setup');
    await t.db.updateTable('integrations').set({ status: 'connected', credentials_key_id: 'k1', credentials_ciphertext: 'x', start_date: '2025-01-01' }).where('id', '=', integrationId).execute();
  });

  it('only one queued or running sync per integration', async () => {
    const run = { organization_id: organizationId, integration_id: integrationId, trigger: 'manual' as const, status: 'running' as const, performed_by: 'a' };
    await t.db.insertInto('sync_runs').values(run).execute();
    const error = await violation(() => t.db.insertInto('sync_runs').values({ ...run, status: 'queued' }).execute());
    expect(error.constraint).toBe('sync_runs_one_active');
  });

  it('a document identity is unique per integration; a changed XML is the next version', async () => {
    const doc = { organization_id: organizationId, integration_id: integrationId, provider: 'edm' as const, ettn: 'F47AC10B-58CC-4372-A567-0E02B2C3D479', sha256: 'a'.repeat(64), xml: '<Invoice/>', received_at: '2026-01-05T10:00:00Z' };
    await t.db.insertInto('source_documents').values(doc).execute();
    expect((await violation(() => t.db.insertInto('source_documents').values({ ...doc, sha256: 'b'.repeat(64) }).execute())).constraint).toBe('source_documents_version_key');
    expect((await violation(() => t.db.insertInto('source_documents').values({ ...doc, version: 2 }).execute())).constraint).toBe('source_documents_content_key');
    await t.db.insertInto('source_documents').values({ ...doc, version: 2, sha256: 'b'.repeat(64) }).execute();
    const bad = await violation(() => t.db.insertInto('source_documents').values({ ...doc, version: 3, sha256: 'not-a-hash' }).execute());
    expect(bad.constraint).toBe('source_documents_sha256_check');
  });

  it('never copies the failing row into the message (it may hold a password hash)', async () => {
    const error = await violation(() => t.db.insertInto('admin_users').values({
      organization_id: organizationId, email: 'not an email', password_hash: 'scrypt$16384$8$1$SALT$SECRETHASH', role: 'admin',
    }).execute());
    expect(error.constraint).toBe('admin_users_email_check');
    expect(error.message).toContain('admin_users: a value is outside what the column allows (admin_users_email_check)');
    expect(error.message).not.toContain('SECRETHASH');
  });

  it('foreign keys and required values', async () => {
    const fk = await violation(() => t.db.insertInto('integrations').values({ organization_id: '00000000-0000-0000-0000-000000000000', provider: 'qnb' }).execute());
    expect(fk.kind).toBe('foreign_key');
    expect(fk.message).toContain('integrations_organization_id_fkey');
    const missing = await violation(() => t.db.insertInto('organizations').values({ name: null as never }).execute());
    expect(missing.kind).toBe('not_null');
    expect(missing.message).toMatch(/^organizations\.name: a required value is missing/);
  });

  it('an inventory line claims a result only with its method and factor', async () => {
    const { id: documentId } = await t.db.selectFrom('source_documents').select('id').where('version', '=', 1).executeTakeFirstOrThrow();
    const { id: invoiceId } = await t.db.insertInto('invoices').values({
      organization_id: organizationId, integration_id: integrationId, source_document_id: documentId, ettn: 'E1', number: 'GIB2026000000001',
      profile: 'TEMELFATURA', type: 'SATIS', direction: 'incoming', issue_date: '2026-01-05', supplier_vkn: '1234567890', currency: 'TRY',
      line_extension: '15.15', tax_exclusive: '15.15', tax_inclusive: '17.88', payable: '17.88',
    }).returning('id').executeTakeFirstOrThrow();
    const line = {
      organization_id: organizationId, integration_id: integrationId, invoice_id: invoiceId, line_no: 1, description: 'Elektrik Tüketim Bedeli',
      supplier_vkn: '1234567890', document_number: 'GIB2026000000001', issue_date: '2026-01-05', activity_period_start: '2026-01-01',
      activity_period_end: '2026-01-31', quantity: '101', unit: 'kWh', net_amount: '15.15', currency: 'TRY', category: 'electricity' as const,
      scope: 2 as const, confidence: '0.95', classification_source: 'keyword_rule',
    };
    const error = await violation(() => t.db.insertInto('inventory_lines').values({ ...line, status: 'calculated', kg_co2e: '44.339' }).execute());
    expect(error.constraint).toBe('inventory_lines_calculated_complete');
    const scope3 = await violation(() => t.db.insertInto('inventory_lines').values({ ...line, status: 'ready_for_ef_matching', scope3_category: 4 }).execute());
    expect(scope3.constraint).toBe('inventory_lines_scope3_only_in_scope3');
    const inserted = await t.db.insertInto('inventory_lines').values({ ...line, status: 'ready_for_ef_matching' }).returning(['quantity', 'issue_date']).executeTakeFirstOrThrow();
    // numeric stays an exact decimal string and a date stays a calendar date
    expect(inserted).toEqual({ quantity: '101', issue_date: '2026-01-05' });
  });
});
