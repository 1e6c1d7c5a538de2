/**
 * The panel's language belongs to the user's account, not to a browser: every sign-in, on any browser,
 * opens the panel in the language the user chose last (English unless chosen otherwise).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE admin_users ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'tr'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE admin_users DROP COLUMN language`.execute(db);
}
