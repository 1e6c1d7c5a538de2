/**
 * Access, at the level that exists without the admin panel (issue 16 §5): the lifecycle service and
 * replay, scoped by organization, refuse another organization's integration and quarantine ids; lists
 * and exports show only the organization's own rows; the Activity Log refuses UPDATE, DELETE and
 * TRUNCATE from anyone, and the service's own database role (db/app-role.ts) can neither switch its
 * protection off nor change it otherwise; and `etl --org` scopes every command.
 */
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoleName, openAsAppRole } from '../../db/app-role.js';
import type { OpenDatabase } from '../../db/open.js';
import { createLogger } from '../../domain/logging.js';
import { exportInventoryCsv } from '../../pipelines/export-csv.js';
import { IntegrationNotFound } from '../../pipelines/errors.js';
import { replayQuarantined } from '../../pipelines/replay.js';
import { createHarness, type Harness } from '../pipeline/harness.js';
import { etl } from './etl-child.js';
import { recordFigure } from './figures.js';

const OTHER_VKN = '9999999999';

describe('organization isolation and an append-only Activity Log', () => {
  let h: Harness;
  let integrationId: string;
  let quarantineId: string;
  let other: string;
  /** The database as the service's role sees it. */
  let app: OpenDatabase;
  const results: boolean[] = [];
  const refused = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(IntegrationNotFound);
  const count = async (table: 'activity_log') => Number((await h.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    h = await createHarness();
    await h.startSimulator('qnb', 12, { content: [{ kind: 'badBase64', indices: [3] }] });
    integrationId = await h.connect('qnb');
    expect((await h.sync(integrationId)).status).toBe('succeeded');
    quarantineId = (await h.database.db.selectFrom('quarantined_documents').select('id').executeTakeFirstOrThrow()).id;
    other = (await h.database.db.insertInto('organizations').values({ name: 'Başka Şirket A.Ş.', vkn: OTHER_VKN }).returning('id').executeTakeFirstOrThrow()).id;
    // The harness keeps its own (owner) pool: closing the app role's handle leaves it open.
    app = await openAsAppRole({ ...h.database, kind: 'external', close: async () => {} }, createLogger({ level: 'silent', name: 'test' }));
  });
  afterAll(async () => {
    await recordFigure('access', results.filter(Boolean).length, results.length);
    await app?.close();
    await h?.close();
  });

  const checks: [string, () => Promise<unknown>][] = [
    ['edit of another organization’s integration is refused', () => refused(h.lifecycle.edit(integrationId, { startDate: '2025-01-02' }, 'x@example.com', other))],
    ['pause is refused', () => refused(h.lifecycle.pause(integrationId, 'x@example.com', other))],
    ['resume is refused', () => refused(h.lifecycle.resume(integrationId, 'x@example.com', other))],
    ['disconnect is refused', () => refused(h.lifecycle.disconnect(integrationId, 'x@example.com', other))],
    ['test connection is refused', () => refused(h.lifecycle.testConnection(integrationId, 'x@example.com', other))],
    ['sync now is refused and queues nothing', async () => {
      const queued = h.engine.queued.length;
      await refused(h.lifecycle.syncNow(integrationId, 'x@example.com', other));
      expect(h.engine.queued.length).toBe(queued);
    }],
    ['the refusals changed nothing', async () => {
      const row = await h.database.db.selectFrom('integrations').select(['status', 'start_date', 'credentials_ciphertext']).where('id', '=', integrationId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'connected', start_date: '2025-01-01' });
      expect(row.credentials_ciphertext).not.toBeNull();
    }],
    ['an id that does not exist is refused the same way', () => refused(h.lifecycle.pause('00000000-0000-4000-8000-000000000000', 'x@example.com', h.organizationId))],
    ['the owner may pause and resume it', async () => {
      expect((await h.lifecycle.pause(integrationId, 'ops@example.com', h.organizationId)).status).toBe('paused');
      expect((await h.lifecycle.resume(integrationId, 'ops@example.com', h.organizationId)).status).toBe('connected');
    }],
    ['the other organization’s integration list shows none of this one’s', async () => expect(await h.lifecycle.list(other)).toEqual(expect.not.arrayContaining([expect.objectContaining({ id: integrationId })]))],
    ['replay of another organization’s quarantine entry is refused', () => refused(replayQuarantined(h.deps, quarantineId, 'x@example.com', other))],
    ['the owner may replay it', async () => expect((await replayQuarantined(h.deps, quarantineId, 'ops@example.com', h.organizationId)).status).toBe('still_failing')],
    ['another organization’s CSV export holds no row of this one', async () => {
      let text = '';
      const sink = new Writable({ write: (chunk: Buffer, _e, done) => void ((text += chunk.toString()), done()) });
      expect((await exportInventoryCsv(h.database, { organizationId: other, filters: {}, excel: false, performedBy: 'x@example.com' }, sink)).rows).toBe(0);
      expect(text.trim().split('\n')).toHaveLength(1); // the header only
    }],
    ['the Activity Log refuses UPDATE', async () => {
      const before = await count('activity_log');
      await expect(sql`UPDATE activity_log SET details = 'rewritten'`.execute(h.database.db)).rejects.toThrow(/append-only|not allowed|cannot/i);
      expect(await count('activity_log')).toBe(before);
    }],
    ['the Activity Log refuses DELETE', async () => {
      const before = await count('activity_log');
      await expect(sql`DELETE FROM activity_log`.execute(h.database.db)).rejects.toThrow(/append-only|not allowed|cannot/i);
      expect(await count('activity_log')).toBe(before);
    }],
    ['the Activity Log refuses TRUNCATE', async () => {
      const before = await count('activity_log');
      await expect(sql`TRUNCATE activity_log CASCADE`.execute(h.database.db)).rejects.toThrow(/append-only|not allowed|cannot/i);
      expect(await count('activity_log')).toBe(before);
    }],
    ...([
      ['ALTER TABLE activity_log DISABLE TRIGGER ALL', /must be owner/],
      ['SET session_replication_role = replica', /permission denied/],
      ['UPDATE activity_log SET details = \'rewritten\'', /permission denied/],
      ['DELETE FROM activity_log', /permission denied/],
      ['TRUNCATE activity_log', /permission denied/],
      ['DROP TABLE activity_log', /must be owner/],
    ] as const).map(([statement, refusal]): [string, () => Promise<unknown>] => [`the service's database role is refused ${statement}`, async () => {
      expect(new URL(app.url).username).toBe(appRoleName(h.database.url));
      const before = await count('activity_log');
      await expect(sql.raw(statement).execute(app.db)).rejects.toThrow(refusal);
      expect(await count('activity_log')).toBe(before);
    }]),
    ['etl --org: runs, quarantine and integrations of the other organization are empty', async () => {
      for (const args of [['runs', '--json'], ['quarantine', 'list', '--json'], ['integrations', 'list', '--json'], ['activity', '--json']]) {
        const r = await etl(h, ['--org', OTHER_VKN, ...args]);
        expect(r.code, args.join(' ')).toBe(0);
        expect(r.stdout.includes(integrationId) || r.stdout.includes(quarantineId), args.join(' ')).toBe(false);
      }
    }],
    ['etl --org: pausing this organization’s integration by id from the other exits 2, not found', async () => {
      const r = await etl(h, ['--org', OTHER_VKN, 'integrations', 'pause', integrationId]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/not found|no integration/i);
      expect((await h.database.db.selectFrom('integrations').select('status').where('id', '=', integrationId).executeTakeFirstOrThrow()).status).toBe('connected');
    }],
    ['etl --org: replaying this organization’s quarantine entry from the other changes nothing', async () => {
      const r = await etl(h, ['--org', OTHER_VKN, 'quarantine', 'replay', quarantineId]);
      expect(r.code).not.toBe(0);
      expect((await h.database.db.selectFrom('quarantined_documents').select('resolved_at').where('id', '=', quarantineId).executeTakeFirstOrThrow()).resolved_at).toBeNull();
    }],
    ['etl --org with an unknown VKN exits 2', async () => expect((await etl(h, ['--org', '1234567890', 'runs'])).code).toBe(2)],
  ];

  it.each(checks.map(([name, run], index) => [name, run, index] as const))('%s', async (_name, run, index) => {
    results[index] = false;
    await run();
    results[index] = true;
  }, 60_000);
});
