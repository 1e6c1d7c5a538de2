/**
 * CSV export of the Data Inventory (server-side cursor → csv-stringify, formula neutralization) against
 * `COPY (SELECT …) TO STDOUT WITH CSV` of the same query in the same run, in rows/s, both into a sink
 * that only counts bytes. Target ratio ≥ 0.5; peak RSS should stay flat as `--size` (rows) grows.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { to as copyTo } from 'pg-copy-streams';
import { exportInventoryCsv, exportQuery } from '../../pipelines/export-csv.js';
import { prepareDatabase } from '../../pipelines/setup.js';
import { withBenchDatabase } from '../database.js';
import { withPeakRss } from '../pipeline.js';
import { round, withBaseline, type BenchResult, type BenchScenario } from '../result.js';

const LINES_PER_INVOICE = 10;

function byteCounter(): Writable & { bytes: number } {
  const sink = new Writable({ write(chunk: Buffer, _encoding, done) { sink.bytes += chunk.length; done(); } }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

export const scenario: BenchScenario = {
  name: 'export-csv',
  description: 'etl export csv (cursor + csv-stringify) vs COPY (SELECT …) TO STDOUT of the same rows, rows/s; peak RSS',
  defaultSize: 100_000,
  run: ({ size }) =>
    withBenchDatabase(async (database): Promise<BenchResult[]> => {
      const { db, pool } = database;
      const { demoOrganizationId: org } = await prepareDatabase(db);
      const integration = await db.insertInto('integrations').values({ organization_id: org, provider: 'edm' }).returning('id').executeTakeFirstOrThrow();
      const invoices = Math.ceil(size / LINES_PER_INVOICE);
      // Rows made in the database (fast); descriptions with Turkish letters and a formula-looking one now and then.
      await sql`INSERT INTO source_documents (id, organization_id, integration_id, provider, ettn, sha256, xml, received_at)
        SELECT gen_random_uuid(), ${org}, ${integration.id}, 'edm', 'e' || g, repeat('0', 64), '<Invoice/>', now() FROM generate_series(1, ${invoices}) g`.execute(db);
      await sql`INSERT INTO invoices (organization_id, integration_id, source_document_id, ettn, number, direction, issue_date, supplier_vkn, currency, line_extension, tax_exclusive, tax_inclusive, payable)
        SELECT ${org}, ${integration.id}, s.id, s.ettn, 'EDM2025' || lpad(s.ettn, 9, '0'), 'incoming', date '2025-01-01' + (random() * 360)::int, '1234567890', 'TRY', 100, 100, 120, 120
        FROM source_documents s WHERE s.integration_id = ${integration.id}`.execute(db);
      await sql`INSERT INTO inventory_lines (organization_id, integration_id, invoice_id, line_no, description, supplier_vkn, supplier_name, document_number, issue_date,
          activity_period_start, activity_period_end, quantity, unit, unit_code, net_amount, currency, amount_try, category, scope, confidence, classification_source, status)
        SELECT ${org}, ${integration.id}, i.id, n, CASE WHEN n = 7 THEN '=SUM(A1:A9) Şişe' ELSE 'Elektrik Tüketim Bedeli ğüşıöç ' || n END, '1234567890', 'Örnek Enerji A.Ş.', i.number, i.issue_date,
          i.issue_date, i.issue_date, 100.5 + n, 'kWh', 'KWH', -12.34 * n, 'TRY', -12.34 * n, 'electricity', 2, 0.95, 'keyword_rule', 'ready_for_ef_matching'
        FROM invoices i CROSS JOIN generate_series(1, ${LINES_PER_INVOICE}) n WHERE i.integration_id = ${integration.id}`.execute(db);
      const rows = invoices * LINES_PER_INVOICE;
      await sql`ANALYZE inventory_lines`.execute(db);

      const request = { organizationId: org, filters: {}, excel: false, performedBy: 'bench' };
      const exported = await withPeakRss(() => exportInventoryCsv({ db, pool }, request, byteCounter()));
      if (exported.result.rows !== rows) throw new Error(`exported ${exported.result.rows} rows, expected ${rows}`);

      const { text, values } = exportQuery(request);
      const literal = values.map((v) => `'${String(v).replaceAll("'", "''")}'`);
      const copyText = text.replace(/\$(\d+)/g, (_, n: string) => literal[Number(n) - 1] ?? 'NULL');
      const client = await pool.connect();
      const started = performance.now();
      try {
        await pipeline(client.query(copyTo(`COPY (${copyText}) TO STDOUT WITH (FORMAT csv, HEADER)`)), byteCounter());
      } finally {
        client.release();
      }
      const copySeconds = (performance.now() - started) / 1000;
      return [
        withBaseline({ scenario: 'export-csv', metric: 'rows_per_second', value: round(rows / exported.seconds, 0), unit: 'rows/s', size: rows }, rows / copySeconds),
        { scenario: 'export-csv', metric: 'peak_rss', value: round(exported.peakRss / 2 ** 20, 1), unit: 'MiB', size: rows },
      ];
    }),
};
