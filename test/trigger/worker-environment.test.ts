/**
 * A deployed worker builds its dependencies from the Trigger.dev environment: without DATABASE_URL and
 * ENCRYPTION_KEYS a run ends at once, not retried, naming both; with them it reaches the database, as the
 * service's database role (db/app-role.ts), not as the DATABASE_URL's owner.
 */
import { randomUUID } from 'node:crypto';
import { AbortTaskRunError } from '@trigger.dev/sdk';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { appRoleName } from '../../db/app-role.js';
import { generateKeySpec } from '../../db/vault.js';
import { createTestDatabase, type TestDatabase } from '../database.js';
import { runTask } from './task-context.js';

describe('sync-integration in a worker environment', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => vi.unstubAllEnvs());
  afterAll(() => database.drop());

  it('without DATABASE_URL and ENCRYPTION_KEYS the run is aborted naming both', async () => {
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('ENCRYPTION_KEYS', '');
    const run = await runTask('sync-integration', { integrationId: randomUUID(), trigger: 'schedule', performedBy: 'system' }, { runId: 'run_unconfigured' });
    expect(run.ok).toBe(false);
    const error = (run as { error: unknown }).error;
    expect(error).toBeInstanceOf(AbortTaskRunError);
    expect((error as Error).message).toBe('set DATABASE_URL and ENCRYPTION_KEYS in the Trigger.dev environment: the tasks read the service\'s database and open its stored credentials');
  });

  it('with them it runs against the database the environment names', async () => {
    vi.stubEnv('DATABASE_URL', database.url);
    vi.stubEnv('ENCRYPTION_KEYS', generateKeySpec());
    vi.stubEnv('LOG_LEVEL', 'silent');
    const integrationId = randomUUID();
    const run = await runTask('sync-integration', { integrationId, trigger: 'schedule', performedBy: 'system' }, { runId: 'run_configured' });
    expect(run).toMatchObject({ ok: true, output: { status: 'skipped', reason: `integration ${integrationId} does not exist` } });
    // The worker's pool (kept for its later runs) signed in as the role.
    const { rows } = await sql<{ usename: string }>`SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'einvoice-trigger'`.execute(database.db);
    expect(rows).toEqual([{ usename: appRoleName(database.url) }]);
  });
});
