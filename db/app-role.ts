/**
 * The role the service's own SQL runs as. The database user of DATABASE_URL (or the embedded server's
 * superuser) owns the schema: it runs the migrations, and an owner can disable the Activity Log's
 * append-only triggers (`ALTER TABLE … DISABLE TRIGGER`), a superuser can even switch them off for its
 * session (`session_replication_role`). So once the schema is ready, the panel, the pipelines and the
 * CLI work through the app role: a login role that owns nothing, is no superuser, and may read and
 * write every table but only read and append to activity_log. Roles belong to the server, not to one
 * database, so the role is named after the owner (`einvoice_app_` and 8 hex digits of its name's
 * SHA-256): installations with different owners on one server never share one, nor reset its password.
 * The owner's connections are kept for what needs them (migrations, and pg-boss, which manages its own
 * schema).
 *
 * The role's password is derived from the owner's (HMAC), so every process of one installation computes
 * the same one without storing it, and no one without the owner's password can (an owner without a
 * password is on a server that trusts it, where passwords are not asked).
 * An owner that may not create roles gets a warning and keeps working as before.
 */
import { createHash, createHmac } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../domain/logging.js';
import { createDatabase, redactUrl, type DatabaseOptions } from './database.js';
import type { OpenDatabase } from './open.js';

/** The app role's name for an installation whose owner connects with `ownerUrl`. */
export function appRoleName(ownerUrl: string): string {
  const owner = decodeURIComponent(new URL(ownerUrl).username) || 'postgres';
  return `einvoice_app_${createHash('sha256').update(owner).digest('hex').slice(0, 8)}`;
}

/** Tables of the migrator, which the service never touches. */
const MIGRATOR_TABLES = ['kysely_migration', 'kysely_migration_lock'];

export class AppRoleError extends Error {
  override name = 'AppRoleError';
}

/** The app role's password for an installation whose owner connects with `ownerUrl`. */
export function appRolePassword(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  const secret = url.password ? decodeURIComponent(url.password) : url.host;
  return createHmac('sha256', secret).update(appRoleName(ownerUrl)).digest('base64url');
}

/** `ownerUrl` with the app role's user name and password. */
export function appRoleUrl(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = appRoleName(ownerUrl);
  url.password = appRolePassword(ownerUrl);
  return url.toString();
}

const PG = { duplicateObject: '42710', uniqueViolation: '23505', insufficientPrivilege: '42501', tupleConcurrentlyUpdated: 'XX000' } as const;

function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

async function canSignIn(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates the role when missing and sets its password when signing in with it fails (roles belong to
 * the server, not to one database: several databases of one server share it). Processes starting at
 * once race here; the loser's duplicate is the winner's role.
 */
async function ensureRole(owner: pg.Pool, name: string, password: string, url: string): Promise<void> {
  const role = pg.escapeIdentifier(name);
  const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT';
  const exists = (await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount === 1;
  if (!exists) {
    try {
      await owner.query(`CREATE ROLE ${role} ${attributes} PASSWORD ${pg.escapeLiteral(password)}`);
      return;
    } catch (error) {
      if (sqlState(error) !== PG.duplicateObject && sqlState(error) !== PG.uniqueViolation) throw error;
    }
  }
  if (await canSignIn(url)) return;
  for (let attempt = 0; ; attempt++) {
    try {
      await owner.query(`ALTER ROLE ${role} ${attributes} PASSWORD ${pg.escapeLiteral(password)}`);
      return;
    } catch (error) {
      if (sqlState(error) !== PG.tupleConcurrentlyUpdated || attempt >= 3) throw error;
    }
  }
}

/** Grants on this database's tables as they are now: read and write, but only read and append to the Activity Log. */
async function grant(owner: pg.Pool, name: string): Promise<void> {
  const role = pg.escapeIdentifier(name);
  const client = await owner.connect();
  try {
    await client.query('BEGIN');
    // Concurrent GRANTs on one object fail with "tuple concurrently updated": one process at a time.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('einvoice app role grants'))");
    const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${pg.escapeIdentifier(rows[0]!.name)} TO ${role}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await client.query(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON activity_log FROM ${role}`);
    await client.query(`REVOKE ALL ON ${MIGRATOR_TABLES.join(', ')} FROM ${role}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The database as the app role, over `owner` (whose schema must be ready: grants cover the tables
 * that exist). Closing it closes both. When the owner may not create or alter the role, the owner
 * itself, with a warning that the Activity Log is then protected only against UPDATE, DELETE and TRUNCATE.
 * `options` shape the app role's pool.
 */
export async function openAsAppRole(owner: OpenDatabase, log: Logger, options: DatabaseOptions = {}): Promise<OpenDatabase> {
  const role = appRoleName(owner.url);
  const url = appRoleUrl(owner.url);
  try {
    await ensureRole(owner.pool, role, appRolePassword(owner.url), url);
    await grant(owner.pool, role);
  } catch (error) {
    if (sqlState(error) !== PG.insufficientPrivilege) throw new AppRoleError(`setting up the database role ${role} on ${redactUrl(owner.url)} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    log.warn(
      { role, reason: error instanceof Error ? error.message : String(error) },
      'the database user may not create or alter roles: the service runs as the schema owner, which could disable the Activity Log\'s append-only triggers',
    );
    return owner;
  }
  const app = createDatabase(url, { onIdleError: (error) => log.warn({ err: error.message }, 'idle database connection closed'), ...options });
  try {
    await app.db.selectFrom('organizations').select('id').limit(1).execute();
  } catch (error) {
    await app.destroy();
    throw new AppRoleError(`signing in as ${role} on ${redactUrl(url)} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  log.info({ role }, 'service SQL runs as a role that may only read and append to the Activity Log');
  let closed: Promise<void> | undefined;
  return { ...app, kind: owner.kind, url, owner, close: () => (closed ??= app.destroy().then(() => owner.close())) };
}
