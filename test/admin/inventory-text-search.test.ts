/**
 * The Data Inventory's "contains" filter on a table large enough for the planner to choose: the adapter's
 * own count and list queries (captured as it sends them) use the pg_trgm index of migration 0005 for a
 * rare substring, give the exact answer in the asked order, and a common substring's count stops at PATTERN_COUNT_LIMIT.
 */
import { Filter } from 'adminjs';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema.js';
import { introspect, KyselyResource, PATTERN_COUNT_LIMIT } from '../../admin/adapter/resource.js';
import { createHarness, type Harness } from '../pipeline/harness.js';

const COPIES = 250;

let h: Harness;
let traced: Kysely<Database>;
const sent: CompiledQuery[] = [];

beforeAll(async () => {
  h = await createHarness();
  await h.startSimulator('edm', 40);
  await h.sync(await h.connect('edm'));
  // Each synced line again COPIES times under new line numbers: a table the planner does not just scan.
  await sql`
    INSERT INTO inventory_lines (organization_id, integration_id, invoice_id, line_no, description, supplier_vkn, supplier_name, document_number,
      issue_date, activity_period_start, activity_period_end, net_amount, currency, category, confidence, classification_source, status)
    SELECT organization_id, integration_id, invoice_id, line_no + 1000 * c, description, supplier_vkn, supplier_name, document_number,
      issue_date, activity_period_start, activity_period_end, net_amount, currency, category, confidence, classification_source, 'needs_review'
    FROM inventory_lines, generate_series(1, ${COPIES}) c`.execute(h.database.db);
  await sql`VACUUM ANALYZE inventory_lines`.execute(h.database.db);
  traced = new Kysely<Database>({ dialect: new PostgresDialect({ pool: h.database.pool }), log: (event) => void sent.push(event.query) });
}, 120_000);
afterAll(() => h?.close());

async function plan(query: CompiledQuery): Promise<string> {
  const { rows } = await h.database.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.sql}`, [...query.parameters]);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('the inventory\'s substring filter', () => {
  it('counts and lists a rare substring through the trigram index, exactly', async () => {
    const db = h.database.db;
    const rarest = await db.selectFrom('inventory_lines').select(['description', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('description').orderBy('n').orderBy('description').executeTakeFirstOrThrow();
    const total = Number((await db.selectFrom('inventory_lines').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect(total).toBeGreaterThan(20_000);
    expect(Number(rarest.n) / total).toBeLessThan(0.05);
    const resource = new KyselyResource(await introspect(traced, 'inventory_lines'));
    const context = { currentAdmin: { organizationId: h.organizationId } } as unknown as Parameters<KyselyResource['count']>[1];
    const filter = new Filter({ description: rarest.description }, resource);
    sent.length = 0;
    expect(await resource.count(filter, context)).toBe(Number(rarest.n));
    const records = await resource.find(filter, { limit: 25, sort: { sortBy: 'issue_date', direction: 'desc' } }, context);
    expect(records.length).toBe(Math.min(25, Number(rarest.n)));
    expect(records.every((r) => String(r.params.description).includes(rarest.description))).toBe(true);
    const dates = records.map((r) => String(r.params.issue_date));
    expect(dates).toEqual([...dates].sort().reverse());
    const count = sent[0]!;
    const list = sent.at(-1)!;
    expect(count.sql).toMatch(/ILIKE/);
    expect(await plan(count)).toContain('inventory_lines_description_trgm_idx');
    expect(list.sql).toMatch(/ORDER BY/);
    expect(await plan(list)).toContain('inventory_lines_description_trgm_idx');
  });

  it('stops counting a common substring at the limit', async () => {
    const resource = new KyselyResource(await introspect(traced, 'inventory_lines'));
    const context = { currentAdmin: { organizationId: h.organizationId } } as unknown as Parameters<KyselyResource['count']>[1];
    const supplier = (await h.database.db.selectFrom('inventory_lines').select('supplier_name').where('supplier_name', 'is not', null).executeTakeFirstOrThrow()).supplier_name!;
    // The legal-form suffix most Turkish company names share ("A.Ş.", "Ltd. Şti.") matches most lines.
    const common = supplier.slice(-4);
    const matching = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM inventory_lines WHERE supplier_name ILIKE ${'%' + common + '%'}`.execute(h.database.db)).rows[0]!.n);
    expect(matching).toBeGreaterThan(PATTERN_COUNT_LIMIT);
    expect(await resource.count(new Filter({ supplier_name: common }, resource), context)).toBe(PATTERN_COUNT_LIMIT);
    // An exact filter still counts every line.
    expect(await resource.count(new Filter({}, resource), context)).toBeGreaterThan(PATTERN_COUNT_LIMIT);
  });
});
