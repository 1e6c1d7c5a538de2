/**
 * Organization isolation through the panel: an admin of another organization (every role check passes)
 * knows, or guesses, the demo organization's ids and tries each read, write, custom action, page action,
 * rendering and export on them. Each answers not found or nothing, and no row of the demo organization
 * changes. Writes that name an organization land in the writer's own.
 */
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { PanelServer, SignedIn } from '../admin/panel-server.js';
import type { Fixtures } from './panel-actions.js';
import { resourceIds, type ResourceId } from './panel-access-table.js';

type Json = Record<string, unknown>;
export type Check = [name: string, run: () => Promise<void>];

/** The resources with an organization: every one but the shared emission factors. */
export const scopedResources = resourceIds.filter((r) => r !== 'emission_factors');

export interface IsolationContext {
  p: PanelServer;
  f: Fixtures;
  /** An admin of the other organization. */
  other: SignedIn;
  /** An admin of the demo organization. */
  admin: SignedIn;
}

/** The checks, named before the fixtures exist; each reads them from `context` when it runs. */
export function isolationChecks(context: () => IsolationContext): Check[] {
  const other = () => context().other;
  const ids = () => context().f.ids;
  const row = async (resource: ResourceId, id: string) => (await sql<Json>`SELECT * FROM ${sql.table(resource)} WHERE id::text = ${id}`.execute(context().p.h.database.db)).rows[0] ?? null;
  const json = async (response: Promise<Response>) => JSON.parse(await (await response).text()) as Json;
  const notFound = (body: Json) => expect(String((body.notice as Json | undefined)?.message)).toMatch(/cannot be found/);
  /** The demo organization's row is as it was after `run`. */
  const unchanged = async (resource: ResourceId, id: string, run: () => Promise<void>) => {
    const before = await row(resource, id);
    await run();
    expect(isDeepStrictEqual(await row(resource, id), before), `${resource} ${id} changed`).toBe(true);
  };
  const api = (resource: ResourceId) => `/admin/api/resources/${resource}`;
  const perResource = scopedResources.flatMap((resource): Check[] => {
    const id = () => ids()[resource];
    const hidden = async (action: string) => expect(((await json(other().get(`${api(resource)}/actions/${action}?filters.id=${id()}`))).records as { id: unknown }[]).map((r) => String(r.id))).not.toContain(id());
    return [
      [`${resource}: list filtered by a guessed id shows nothing`, () => hidden('list')],
      [`${resource}: search by a guessed id shows nothing`, () => hidden('search')],
      [`${resource}: show of a guessed id is not found`, async () => {
        const body = await json(other().get(`${api(resource)}/records/${id()}/show`));
        notFound(body);
        expect(body.record).toMatchObject({ params: {}, populated: {} });
      }],
      [`${resource}: edit of a guessed id is not found and changes nothing`, () => unchanged(resource, id(), async () => notFound(await json(other().post(`${api(resource)}/records/${id()}/edit`, { organization_id: context().p.otherOrganizationId }))))],
      [`${resource}: delete of a guessed id is not found and deletes nothing`, () => unchanged(resource, id(), async () => notFound(await json(other().post(`${api(resource)}/records/${id()}/delete`, {}))))],
      [`${resource}: bulk delete of a guessed id is not found and deletes nothing`, () => unchanged(resource, id(), async () => expect((await other().post(`${api(resource)}/bulk/bulkDelete?recordIds=${id()}`, {})).status).toBe(404))],
    ];
  });
  const pageAction = (action: string, body: Json = {}): Check => [`Integrations page: ${action} of a guessed integration id is not found`, () => unchanged('integrations', context().f.integrationId, async () => {
    expect(String((await json(other().post('/admin/api/pages/integrations', { action, integrationId: context().f.integrationId, ...body }))).error)).toMatch(/not found/i);
  })];
  const queued = () => context().p.h.engine.queued.filter((job) => job.integrationId === context().f.integrationId).length;
  return [
    ...perResource,
    ['quarantine: replay of a guessed id is not found', () => unchanged('quarantined_documents', context().f.quarantineId, async () => notFound(await json(other().post(`${api('quarantined_documents')}/records/${context().f.quarantineId}/replay`, {}))))],
    ['inventory: review of a guessed line is not found', () => unchanged('inventory_lines', context().f.lineId, async () => notFound(await json(other().post(`${api('inventory_lines')}/records/${context().f.lineId}/review`, { category: 'waste', createRule: 'true' }))))],
    ['inventory: the origin of a guessed line is not found', async () => notFound(await json(other().get(`${api('inventory_lines')}/records/${context().f.lineId}/drillDown`)))],
    ...['pause', 'resume', 'testConnection', 'disconnect'].map((action) => pageAction(action)),
    pageAction('edit', { startDate: '2025-02-01' }),
    ['Integrations page: sync now of a guessed integration id is not found and queues nothing', async () => {
      const before = queued();
      expect(String((await json(other().post('/admin/api/pages/integrations', { action: 'syncNow', integrationId: context().f.integrationId }))).error)).toMatch(/not found/i);
      expect(queued()).toBe(before);
    }],
    ['Integrations page: the other organization sees none of the demo organization’s cards', async () => expect(JSON.stringify((await json(other().get('/admin/api/pages/integrations'))).cards)).not.toContain(context().f.integrationId)],
    ['the rendered invoice of a guessed line is not found', async () => expect((await other().get(`/admin/invoice/${context().f.lineId}/rendered`)).status).toBe(404)],
    ['the CSV export holds no line of the demo organization', async () => expect((await (await other().get('/admin/export/inventory.csv')).text()).trim().split('\n')).toHaveLength(1)],
    ['the dashboard counts no line of the demo organization', async () => expect(((await json(other().get('/admin/api/dashboard'))).counters as Json).lines).toBe(0)],
    ['a user created naming the demo organization lands in the creator’s own', async () => {
      const body = await json(other().post(`${api('admin_users')}/actions/new`, { email: 'planted@other.test', role: 'admin', password: 'planted password', organization_id: context().p.h.organizationId }));
      expect((body.notice as Json).type).toBe('success');
      expect((await context().p.h.database.db.selectFrom('admin_users').select('organization_id').where('email', '=', 'planted@other.test').executeTakeFirstOrThrow()).organization_id).toBe(context().p.otherOrganizationId);
    }],
    ['a rule created naming the demo organization lands in the creator’s own', async () => {
      const body = await json(other().post(`${api('classification_rules')}/actions/new`, { supplier_vkn: '7777777777', category: 'waste', created_by: 'x', organization_id: context().p.h.organizationId }));
      expect((body.notice as Json).type).toBe('success');
      expect((await context().p.h.database.db.selectFrom('classification_rules').select('organization_id').where('supplier_vkn', '=', '7777777777').executeTakeFirstOrThrow()).organization_id).toBe(context().p.otherOrganizationId);
    }],
    ['an admin cannot move one of the organization’s users into another organization', async () => {
      const body = await json(context().admin.post(`${api('admin_users')}/records/${ids().admin_users}/edit`, { name: 'moved', organization_id: context().p.otherOrganizationId }));
      expect((body.notice as Json).type).toBe('success');
      expect(await row('admin_users', ids().admin_users)).toMatchObject({ name: 'moved', organization_id: context().p.h.organizationId });
    }],
  ];
}
