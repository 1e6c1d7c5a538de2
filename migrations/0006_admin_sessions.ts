/**
 * The panel's sessions table (connect-pg-simple's own schema) made by the migrations: the panel's store
 * used to create it on first use, which the service's role (db/app-role.ts) may not do — it creates
 * nothing. An installation whose store made it already keeps it as it is.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS admin_sessions (
    sid varchar NOT NULL COLLATE "default" PRIMARY KEY,
    sess json NOT NULL,
    expire timestamp(6) NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS "IDX_admin_sessions_expire" ON admin_sessions (expire)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS admin_sessions`.execute(db);
}
