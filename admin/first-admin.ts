/**
 * The first admin user, created at the first start with a generated password that `npm start` prints
 * once. Idempotent: when the user exists nothing changes and no password is shown again.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { generatePassword, hashPassword } from './passwords.js';

export interface FirstAdmin {
  email: string;
  /** Present only when this call created the user. */
  generatedPassword?: string;
}

export async function ensureFirstAdmin(db: Kysely<Database>, organizationId: string, email: string): Promise<FirstAdmin> {
  const existing = await db.selectFrom('admin_users').select('email').where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();
  if (existing) return { email: existing.email };
  const generatedPassword = generatePassword();
  await db
    .insertInto('admin_users')
    .values({ organization_id: organizationId, email, name: 'Administrator', role: 'admin', password_hash: await hashPassword(generatedPassword) })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return { email, generatedPassword };
}
