/**
 * The ceiling every loader figure is compared with: plain COPY of generated inventory lines into
 * inventory_lines, streamed (CSV generated on the fly, never all in memory).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { withBenchDatabase } from '../database.js';
import { round, withBaseline, type BenchResult, type BenchScenario } from '../result.js';

const INVOICES = 1_000;
const columns = [
  'organization_id', 'integration_id', 'invoice_id', 'line_no', 'description', 'supplier_vkn', 'document_number', 'issue_date',
  'activity_period_start', 'activity_period_end', 'quantity', 'unit', 'unit_code', 'net_amount', 'currency', 'category',
  'scope', 'confidence', 'classification_source', 'status',
] as const;

function* lines(size: number, organizationId: string, integrationId: string, invoiceIds: string[]): Generator<(string | number)[]> {
  for (let i = 0; i < size; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    yield [
      organizationId, integrationId, invoiceIds[i % invoiceIds.length]!, Math.floor(i / invoiceIds.length) + 1,
      'Elektrik Tüketim Bedeli', '1234567890', `EDM2026${String(i).padStart(9, '0')}`, `2026-01-${day}`, '2026-01-01', '2026-01-31',
      `${100 + (i % 900)}.000`, 'kWh', 'KWH', `${(i % 5000) + 10}.25`, 'TRY', 'electricity', 2, '0.950', 'keyword_rule', 'ready_for_ef_matching',
    ];
  }
}

export const scenario: BenchScenario = {
  name: 'copy-inventory-lines',
  description: 'COPY FROM STDIN (CSV) of generated inventory lines: the loader ceiling, in rows/s',
  defaultSize: 200_000,
  run: ({ size }) =>
    withBenchDatabase(async ({ db, pool }): Promise<BenchResult[]> => {
      const { id: organizationId } = await db.insertInto('organizations').values({ name: 'Bench' }).returning('id').executeTakeFirstOrThrow();
      const { id: integrationId } = await db.insertInto('integrations').values({ organization_id: organizationId, provider: 'edm' }).returning('id').executeTakeFirstOrThrow();
      const { id: documentId } = await db.insertInto('source_documents').values({
        organization_id: organizationId, integration_id: integrationId, provider: 'edm', ettn: 'bench', sha256: '0'.repeat(64), xml: '<Invoice/>', received_at: '2026-01-01T00:00:00Z',
      }).returning('id').executeTakeFirstOrThrow();
      const { rows } = await sql<{ id: string }>`
        INSERT INTO invoices (organization_id, integration_id, source_document_id, ettn, number, profile, type, direction, issue_date,
          supplier_vkn, currency, line_extension, tax_exclusive, tax_inclusive, payable)
        SELECT ${organizationId}, ${integrationId}, ${documentId}, 'E' || g, 'N' || g, 'TICARIFATURA', 'SATIS', 'incoming', '2026-01-01',
          '1234567890', 'TRY', 0, 0, 0, 0 FROM generate_series(1, ${INVOICES}) g RETURNING id`.execute(db);
      const invoiceIds = rows.map((r) => r.id);

      // Baseline in the same run: the same rows into a bare copy of the table (no keys, indexes or
      // checks), so the ratio shows what the constraints that protect the inventory cost.
      await sql`CREATE UNLOGGED TABLE bare_inventory_lines (LIKE inventory_lines INCLUDING DEFAULTS)`.execute(db);
      const bare = await timedCopy('bare_inventory_lines');
      const real = await timedCopy('inventory_lines');
      const { count } = await db.selectFrom('inventory_lines').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      if (count !== size) throw new Error(`COPY loaded ${count} rows, expected ${size}`);
      return [
        withBaseline({ scenario: 'copy-inventory-lines', metric: 'rows_per_second', value: round(size / real.seconds, 0), unit: 'rows/s', size }, size / bare.seconds),
        { scenario: 'copy-inventory-lines', metric: 'peak_rss', value: round(real.peakRss / 2 ** 20, 1), unit: 'MiB', size },
      ];

      async function timedCopy(table: string): Promise<{ seconds: number; peakRss: number }> {
        const client = await pool.connect();
        let peakRss = process.memoryUsage().rss;
        const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
        const started = performance.now();
        try {
          await pipeline(
            Readable.from(lines(size, organizationId, integrationId, invoiceIds)),
            stringify(),
            client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`)),
          );
        } finally {
          clearInterval(sampler);
          client.release();
        }
        return { seconds: (performance.now() - started) / 1000, peakRss };
      }
    }),
};
