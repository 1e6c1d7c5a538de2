/**
 * The results dashboard: t CO2e by scope and by category per month (activity period), the share of
 * spend-based vs activity-based results, lines awaiting review, and the overview counters — all for the
 * signed-in user's organization.
 */
import type { PageHandler } from 'adminjs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { userOf } from './roles.js';

interface MonthRow { month: string; key: string; kg: string }

export async function dashboardData(db: Kysely<Database>, organizationId: string) {
  const byMonth = (column: 'scope' | 'category') => sql<MonthRow>`
    SELECT to_char(date_trunc('month', activity_period_start), 'YYYY-MM') AS month, coalesce(${sql.ref(column)}::text, 'none') AS key, sum(kg_co2e)::text AS kg
    FROM inventory_lines WHERE organization_id = ${organizationId} AND status = 'calculated'
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  const [scopes, categories, methods, counters] = await Promise.all([
    byMonth('scope'),
    byMonth('category'),
    sql<{ method: string; kg: string; lines: string }>`
      SELECT method, sum(kg_co2e)::text AS kg, count(*)::text AS lines FROM inventory_lines
      WHERE organization_id = ${organizationId} AND status = 'calculated' GROUP BY method ORDER BY method`.execute(db),
    sql<{ lines: string; awaiting: string; kg: string; integrations: string }>`
      SELECT (SELECT count(*) FROM inventory_lines WHERE organization_id = ${organizationId})::text AS lines,
             (SELECT count(*) FROM inventory_lines WHERE organization_id = ${organizationId} AND status = 'needs_review')::text AS awaiting,
             (SELECT coalesce(sum(kg_co2e), 0) FROM inventory_lines WHERE organization_id = ${organizationId} AND status = 'calculated')::text AS kg,
             (SELECT count(*) FROM integrations WHERE organization_id = ${organizationId} AND status IN ('connected', 'syncing', 'paused', 'error'))::text AS integrations`.execute(db),
  ]);
  const tonnes = (kg: string) => Number(kg) / 1000;
  const series = (rows: MonthRow[]) => rows.map((r) => ({ month: r.month, key: r.key, t: tonnes(r.kg) }));
  const c = counters.rows[0]!;
  return {
    counters: { integrations: Number(c.integrations), lines: Number(c.lines), awaitingReview: Number(c.awaiting), t: tonnes(c.kg) },
    byScope: series(scopes.rows),
    byCategory: series(categories.rows),
    methods: methods.rows.map((m) => ({ method: m.method, t: tonnes(m.kg), lines: Number(m.lines) })),
  };
}

export function dashboardHandler(db: Kysely<Database>): PageHandler {
  return async (_request, _response, context) => {
    const user = userOf(context);
    return user ? dashboardData(db, user.organizationId) : { error: 'not signed in' };
  };
}
