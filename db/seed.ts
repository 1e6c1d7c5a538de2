/**
 * The demo organization and the first admin user, created once. Idempotent: a second start finds them
 * and changes nothing (the admin's password is generated and shown only when the user is created).
 */
import type { Kysely } from 'kysely';
import { generatePassword, hashPassword } from '../admin/passwords.js';
import { DEMO_ORGANIZATION } from '../domain/demo.js';
import type { ProviderId } from '../domain/providers.js';
import type { Database } from './schema.js';


export interface SeedResult {
  organizationId: string;
  adminEmail: string;
  /** Present only when this call created the admin user. */
  generatedPassword?: string;
}

export async function seedDemo(db: Kysely<Database>, adminEmail: string): Promise<SeedResult> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('organizations').select('id').where('vkn', '=', DEMO_ORGANIZATION.vkn).executeTakeFirst();
    const organizationId =
      existing?.id ??
      (await trx.insertInto('organizations').values(DEMO_ORGANIZATION).returning('id').executeTakeFirstOrThrow()).id;

    const admin = await trx.selectFrom('admin_users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', adminEmail.toLowerCase())).executeTakeFirst();
    if (admin) return { organizationId, adminEmail };
    const generatedPassword = generatePassword();
    await trx
      .insertInto('admin_users')
      .values({ organization_id: organizationId, email: adminEmail, name: 'Administrator', role: 'admin', password_hash: await hashPassword(generatedPassword) })
      .execute();
    return { organizationId, adminEmail, generatedPassword };
  });
}

/**
 * Points the demo organization's integration of each provider at its local simulator. The simulators
 * listen on fresh ports every start, so the endpoint is refreshed; status, credentials and checkpoint
 * are left as they are (connecting is the admin's act).
 */
export async function wireDemoIntegrations(db: Kysely<Database>, organizationId: string, endpoints: readonly { provider: ProviderId; url: string }[]): Promise<void> {
  if (endpoints.length === 0) return;
  await db
    .insertInto('integrations')
    .values(endpoints.map(({ provider, url }) => ({ organization_id: organizationId, provider, endpoint_url: url, updated_by: 'system' })))
    .onConflict((oc) => oc.columns(['organization_id', 'provider']).doUpdateSet((eb) => ({ endpoint_url: eb.ref('excluded.endpoint_url'), updated_at: new Date() })))
    .execute();
}
