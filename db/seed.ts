/**
 * The demo organization, created once. Idempotent: a second start finds it and changes nothing.
 */
import type { Kysely } from 'kysely';
import { DEMO_ORGANIZATION } from '../domain/demo.js';
import type { ProviderId } from '../domain/providers.js';
import type { Database } from './schema.js';

/** Returns the demo organization's id. */
export async function seedDemoOrganization(db: Kysely<Database>): Promise<string> {
  const existing = await db.selectFrom('organizations').select('id').where('vkn', '=', DEMO_ORGANIZATION.vkn).executeTakeFirst();
  return existing?.id ?? (await db.insertInto('organizations').values(DEMO_ORGANIZATION).returning('id').executeTakeFirstOrThrow()).id;
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
