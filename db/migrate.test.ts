import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateDownAll, migrateToLatest } from './migrate.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(() => t.drop());

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%' ORDER BY 1`.execute(t.db);
  return rows.map((r) => r.tablename);
}

describe('migrations', () => {
  it('go up, down and up again', async () => {
    expect(await migrateToLatest(t.db)).toEqual(['0001_initial', '0002_pipeline', '0003_document_compression', '0004_admin_user_language', '0005_inventory_text_search', '0006_admin_sessions']);
    const all = await tables();
    expect(all).toEqual([
      'activity_log', 'admin_sessions', 'admin_users', 'classification_rules', 'emission_factors', 'integrations', 'inventory_lines',
      'invoices', 'organizations', 'quarantined_documents', 'source_documents', 'sync_runs',
    ]);
    expect(await migrateDownAll(t.db)).toEqual(['0006_admin_sessions', '0005_inventory_text_search', '0004_admin_user_language', '0003_document_compression', '0002_pipeline', '0001_initial']);
    expect(await tables()).toEqual([]);
    expect(await migrateToLatest(t.db)).toEqual(['0001_initial', '0002_pipeline', '0003_document_compression', '0004_admin_user_language', '0005_inventory_text_search', '0006_admin_sessions']);
    expect(await tables()).toEqual(all);
    // Already at the latest: nothing more to apply.
    expect(await migrateToLatest(t.db)).toEqual([]);
  });
});
