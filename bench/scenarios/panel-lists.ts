/**
 * The panel's list pages with `size` inventory lines loaded (default 1,000,000): Data Inventory without
 * and with filters, Activity Log, Runs, and the Integrations page, each requested repeatedly over HTTP
 * as a signed-in admin; p95 in ms. Targets: lists under 300 ms, Integrations under 200 ms. The baseline,
 * measured in the same run, is /healthz (one trivial query over the same server and pool).
 * Lines are real synced lines copied with shifted dates and new line numbers.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { createApp } from '../../admin/app.js';
import { hashPassword } from '../../admin/passwords.js';
import { panelRouter } from '../../admin/panel.js';
import { createLifecycle } from '../../pipelines/lifecycle.js';
import { withBenchDatabase } from '../database.js';
import { withBackfill } from '../pipeline.js';
import { round, withBaseline, type BenchResult, type BenchScenario } from '../result.js';

const REPEATS = 30;
const CHUNK = 100_000;
const SEED_LINES = 2_000;

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

const copyColumns = ['organization_id', 'integration_id', 'invoice_id', 'line_ref', 'description', 'supplier_vkn', 'supplier_name', 'document_number', 'facility', 'region', 'quantity', 'unit', 'unit_code',
  'net_amount', 'currency', 'amount_try', 'method', 'category', 'scope', 'scope3_category', 'factor_id', 'kg_co2e', 'confidence', 'classification_source', 'status', 'calculation', 'source_document_id'];

export const scenario: BenchScenario = {
  name: 'panel-lists',
  description: 'panel list pages (inventory with and without filters, activity log, runs) and the Integrations page, p95 ms over HTTP with `size` inventory lines; targets 300 / 200 ms; baseline /healthz',
  defaultSize: 1_000_000,
  run: ({ size }) =>
    withBenchDatabase((database) =>
      withBackfill(database, 'edm', SEED_LINES, async ({ deps, integrationId }): Promise<BenchResult[]> => {
        const { db } = database;
        const seedCount = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM inventory_lines`.execute(db)).rows[0]!.n);
        const columns = sql.join(copyColumns.map((c) => sql.ref(c)));
        const from = sql.join(copyColumns.map((c) => sql.ref(`t.${c}`)));
        for (let start = 0; start < size - seedCount; start += CHUNK) {
          const end = Math.min(size - seedCount, start + CHUNK);
          await sql`
            INSERT INTO inventory_lines (${columns}, line_no, issue_date, activity_period_start, activity_period_end)
            SELECT ${from}, 100000 + g, t.issue_date - (g % 700), t.activity_period_start - (g % 700), t.activity_period_end - (g % 700)
            FROM generate_series(${start + 1}::int, ${end}::int) g
            JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, * FROM inventory_lines WHERE line_no < 100000) t ON t.k = g % ${seedCount}`.execute(db);
        }
        // The steady state autovacuum reaches: statistics and the visibility map (index-only counts).
        await sql`VACUUM ANALYZE inventory_lines`.execute(db);
        const organizationId = (await db.selectFrom('integrations').select('organization_id').where('id', '=', integrationId).executeTakeFirstOrThrow()).organization_id;
        await db.insertInto('admin_users').values({ organization_id: organizationId, email: 'bench@example.com', role: 'admin', password_hash: await hashPassword('bench password') }).execute();
        const lifecycle = createLifecycle({ db, vault: deps.vault, logger: deps.logger, engine: { enqueue: async () => null, cancel: async () => {} } });
        const panel = await panelRouter({ db, pool: database.pool, lifecycle, sessionSecret: 'bench' });
        const server = createApp({ db, databaseKind: 'external', panel: panel.router }).listen(0, '127.0.0.1');
        await new Promise((resolve) => server.once('listening', resolve));
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        try {
          const login = await fetch(`${url}/admin/login`, { method: 'POST', body: new URLSearchParams({ email: 'bench@example.com', password: 'bench password' }), redirect: 'manual' });
          const cookie = login.headers.get('set-cookie')?.split(';')[0];
          if (!cookie) throw new Error('bench: sign-in failed');
          const measure = async (path: string) => {
            const samples: number[] = [];
            for (let i = 0; i < REPEATS + 2; i++) {
              const started = performance.now();
              const response = await fetch(`${url}${path}`, { headers: { cookie } });
              if (!response.ok) throw new Error(`bench: ${path} answered ${response.status}`);
              await response.arrayBuffer();
              if (i >= 2) samples.push(performance.now() - started);
            }
            return p95(samples);
          };
          const baseline = await measure('/healthz');
          const list = (resource: string, query = '') => `/admin/api/resources/${resource}/actions/list${query}`;
          const pages: [string, string][] = [
            ['inventory_p95', list('inventory_lines')],
            ['inventory_filtered_p95', list('inventory_lines', '?filters.category=electricity&filters.issue_date~~from=2025-03-01&filters.issue_date~~to=2025-06-30')],
            ['inventory_text_filter_p95', list('inventory_lines', '?filters.description=Bedeli')],
            // A rarer substring (0.5 % of lines, none among the newest) and a supplier one.
            ['inventory_rare_text_filter_p95', list('inventory_lines', '?filters.description=Clio')],
            ['inventory_supplier_filter_p95', list('inventory_lines', '?filters.supplier_name=Nakliyat')],
            ['inventory_page_200_p95', list('inventory_lines', '?page=200')],
            ['activity_log_p95', list('activity_log')],
            ['runs_p95', list('sync_runs')],
            ['integrations_page_p95', '/admin/api/pages/integrations'],
          ];
          const lines = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM inventory_lines`.execute(db)).rows[0]!.n);
          const results: BenchResult[] = [];
          for (const [metric, path] of pages) results.push(withBaseline({ scenario: 'panel-lists', metric, value: round(await measure(path), 1), unit: 'ms', size: lines }, baseline));
          return results;
        } finally {
          server.closeAllConnections();
          await new Promise((resolve) => server.close(resolve));
          await panel.close();
        }
      }),
    ),
};
