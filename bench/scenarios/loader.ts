/**
 * The page loader alone (source documents, invoice upsert, lines through COPY + merge, quarantine,
 * counters, checkpoint — one transaction per 100-document page) against a plain COPY of the same line
 * rows into the same table, measured in the same run, in lines/s. Target ratio ≥ 0.7. Documents are
 * the dataset's signed invoices, transformed before the clock starts.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { DEMO_ORGANIZATION } from '../../domain/demo.js';
import { lineColumns } from '../../loaders/rows.js';
import { loadPage, type LoadedDocument } from '../../loaders/page.js';
import { factorIdsByKey } from '../../pipelines/dependencies.js';
import { preparePage } from '../../pipelines/prepare-page.js';
import { prepareDatabase } from '../../pipelines/setup.js';
import { invoiceDocument, invoiceHeader, type DatasetSpec } from '../../simulators/dataset/index.js';
import { sha256Hex } from '../../loaders/ids.js';
import { defaultTransformContext } from '../../transformers/transform.js';
import { withBenchDatabase } from '../database.js';
import { round, withBaseline, type BenchResult, type BenchScenario } from '../result.js';

const PAGE = 100;

export const scenario: BenchScenario = {
  name: 'loader',
  description: 'loadPage (one transaction per 100 documents, lines by COPY + merge) vs plain COPY of the same line rows, lines/s',
  defaultSize: 20_000,
  run: ({ size }) =>
    withBenchDatabase(async (database): Promise<BenchResult[]> => {
      const { db, pool } = database;
      const { demoOrganizationId } = await prepareDatabase(db);
      const integration = await db.insertInto('integrations').values({ organization_id: demoOrganizationId, provider: 'qnb' }).returning('id').executeTakeFirstOrThrow();
      const run = await db.insertInto('sync_runs').values({ organization_id: demoOrganizationId, integration_id: integration.id, trigger: 'backfill', status: 'running', performed_by: 'bench' }).returning('id').executeTakeFirstOrThrow();
      const spec: DatasetSpec = { seed: 2026, provider: 'qnb', invoices: 1_000_000, from: '2025-01-01T00:00:00Z', to: '2025-12-31T00:00:00Z', customer: { vkn: DEMO_ORGANIZATION.vkn, name: DEMO_ORGANIZATION.name } };
      const context = { organizationId: demoOrganizationId, integrationId: integration.id, transform: defaultTransformContext([DEMO_ORGANIZATION.vkn]), factorIds: await factorIdsByKey(db), stored: new Set<string>() };
      const documents: LoadedDocument[] = [];
      let lines = 0;
      for (let index = 0; lines < size; index++) {
        const header = invoiceHeader(spec, index);
        const { xml } = invoiceDocument(spec, index);
        const prepared = preparePage([{ document: { ettn: header.ettn, receivedAt: header.arrivedAt, xml, providerRef: {} }, sha256: sha256Hex(xml) }], [], context);
        for (const document of prepared.documents) {
          documents.push(document);
          lines += document.lines.length;
        }
      }
      const client = await pool.connect();
      try {
        const loaderStarted = performance.now();
        for (let offset = 0; offset < documents.length; offset += PAGE) {
          await loadPage(client, { organizationId: demoOrganizationId, integrationId: integration.id, provider: 'qnb', runId: run.id, documents: documents.slice(offset, offset + PAGE), quarantined: [], unchanged: 0, syncState: { offset }, progress: { offset } });
        }
        const loaderSeconds = (performance.now() - loaderStarted) / 1000;
        const { count } = await db.selectFrom('inventory_lines').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
        if (count !== lines) throw new Error(`loader wrote ${count} lines, expected ${lines}`);

        // Baseline: the very same line rows, COPYed into the same (emptied) table.
        await sql`TRUNCATE inventory_lines`.execute(db);
        const rows = documents.flatMap((d) => d.lines);
        const copyStarted = performance.now();
        await pipeline(
          Readable.from(rows.map((row) => lineColumns.map((c) => row[c]))),
          stringify({ quoted_string: true }),
          client.query(copyFrom(`COPY inventory_lines (${lineColumns.join(', ')}) FROM STDIN WITH (FORMAT csv)`)),
        );
        const copySeconds = (performance.now() - copyStarted) / 1000;
        return [withBaseline({ scenario: 'loader', metric: 'lines_per_second', value: round(lines / loaderSeconds, 0), unit: 'lines/s', size: lines }, lines / copySeconds)];
      } finally {
        client.release();
      }
    }),
};
