/**
 * The service's role (app-role.ts) against a real server: it reads and writes what the service needs,
 * appends to the Activity Log, and can neither change the log nor switch its protection off.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { createLogger } from '../domain/logging.js';
import { appRoleName, appRolePassword, openAsAppRole } from './app-role.js';
import { createDatabase } from './database.js';
import type { OpenDatabase } from './open.js';

let t: TestDatabase;
let app: OpenDatabase;
const log = createLogger({ level: 'silent', name: 'test' });

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insertInto('organizations').values({ name: 'App Role A.Ş.', vkn: '1234567890' }).execute();
  const owner = createDatabase(t.url);
  app = await openAsAppRole({ ...owner, kind: 'external', url: t.url, close: () => owner.destroy() }, log);
});
afterAll(async () => {
  await app.close();
  await t.drop();
});

async function appendEntry(): Promise<void> {
  const organization = await app.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
  await app.db.insertInto('activity_log').values({ organization_id: organization.id, action_type: 'export', details: 'app role test', status: 'info', performed_by: 'test@example.com' }).execute();
}

describe('the app role', () => {
  it('is a separate, unprivileged login role, with a password derived from the owner credentials', async () => {
    const role = appRoleName(t.url);
    expect(role).toMatch(/^einvoice_app_[0-9a-f]{8}$/);
    expect(new URL(app.url).username).toBe(role);
    expect(app.owner?.url).toBe(t.url);
    const { rows } = await sql<{ current_user: string; rolsuper: boolean; rolcreaterole: boolean }>`SELECT current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user`.execute(app.db);
    expect(rows[0]).toEqual({ current_user: role, rolsuper: false, rolcreaterole: false });
    expect(appRolePassword('postgres://u:one@h/db')).not.toBe(appRolePassword('postgres://u:two@h/db'));
    expect(appRolePassword('postgres://u:one@h/db')).toBe(appRolePassword('postgres://u:one@h2/db2'));
    // Another owner on the same server gets a role of its own.
    expect(appRoleName('postgres://other:one@h/db')).not.toBe(appRoleName('postgres://u:one@h/db'));
  });

  it('reads and writes the service tables and appends to the Activity Log', async () => {
    const before = await app.db.selectFrom('activity_log').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await appendEntry();
    const after = await app.db.selectFrom('activity_log').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    await app.db.updateTable('organizations').set({ name: sql`name` }).execute();
    await sql`CREATE TEMP TABLE app_role_probe (x int)`.execute(app.db);
  });

  it.each([
    ['UPDATE', sql`UPDATE activity_log SET details = 'rewritten'`],
    ['DELETE', sql`DELETE FROM activity_log`],
    ['TRUNCATE', sql`TRUNCATE activity_log`],
    ['disabling its triggers', sql`ALTER TABLE activity_log DISABLE TRIGGER ALL`],
    ['dropping it', sql`DROP TABLE activity_log`],
    ['a trigger of its own on it', sql`CREATE TRIGGER probe BEFORE INSERT ON activity_log FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()`],
    ['session_replication_role = replica', sql`SET session_replication_role = replica`],
    ['the migrator tables', sql`DELETE FROM kysely_migration`],
    ['a table of its own', sql`CREATE TABLE public.probe (x int)`],
  ])('is refused %s', async (_what, statement) => {
    const before = await sql<{ n: string }>`SELECT count(*) AS n FROM activity_log`.execute(t.db);
    await expect(statement.execute(app.db)).rejects.toThrow(/permission denied|must be owner|append-only|not allowed/i);
    expect((await sql<{ n: string }>`SELECT count(*) AS n FROM activity_log`.execute(t.db)).rows).toEqual(before.rows);
  });

  it('granting itself UPDATE gives it nothing (the server only warns: it holds no grant option)', async () => {
    await sql`GRANT UPDATE ON activity_log TO ${sql.id(appRoleName(t.url))}`.execute(app.db);
    await expect(sql`UPDATE activity_log SET details = 'rewritten'`.execute(app.db)).rejects.toThrow(/permission denied/);
  });

  it('a second process of the same installation signs in with the same role, and its setup changes nothing', async () => {
    const owner = createDatabase(t.url);
    const again = await openAsAppRole({ ...owner, kind: 'external', url: t.url, close: () => owner.destroy() }, log);
    try {
      expect(again.url).toBe(app.url);
      await appendEntry();
    } finally {
      await again.close();
    }
  });

  it('an owner that may not create roles keeps working as itself, and says why', async () => {
    const probe = `app_role_probe_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await sql`CREATE ROLE ${sql.id(probe)} LOGIN NOSUPERUSER NOCREATEROLE PASSWORD ${sql.lit(password)}`.execute(t.db);
    const url = new URL(t.url);
    url.username = probe;
    url.password = password;
    let logged = '';
    const logger = createLogger({ level: 'warn', name: 'test' }, new Writable({ write: (chunk: Buffer, _e, done) => void ((logged += chunk.toString()), done()) }));
    const owner = createDatabase(url.toString());
    try {
      const opened = await openAsAppRole({ ...owner, kind: 'external', url: url.toString(), close: () => owner.destroy() }, logger);
      expect(opened.url).toBe(url.toString());
      expect(opened.owner).toBeUndefined();
      expect(logged).toMatch(/may not create or alter roles/);
      expect(logged).toMatch(/permission denied to create role/);
    } finally {
      await owner.destroy();
      await sql`DROP ROLE ${sql.id(probe)}`.execute(t.db);
    }
  });
});
