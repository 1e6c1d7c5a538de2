/**
 * A whole backfill: QNB invoices (signed UBL-TR of every kind, content inline in the list reply) from
 * the simulator running in another process, through extract → transform → load into PostgreSQL, in
 * lines/s. Baseline in the same run: bare single-core fast-xml-parser parsing of the very documents
 * loaded (read back from source_documents), in lines/s of those documents. Target ratio ≥ 0.8. Also the
 * peak RSS of the backfill (`--size` = lines).
 */
import { XMLParser } from 'fast-xml-parser';
import { withBenchDatabase } from '../database.js';
import { withBackfill } from '../pipeline.js';
import { round, withBaseline, type BenchResult, type BenchScenario } from '../result.js';

export const scenario: BenchScenario = {
  name: 'e2e-backfill',
  description: 'backfill from a simulator in another process into PostgreSQL, lines/s vs bare fast-xml-parser on the same documents; peak RSS',
  defaultSize: 20_000,
  run: ({ size }) =>
    withBenchDatabase((database) =>
      withBackfill(database, 'qnb', size, async (backfill): Promise<BenchResult[]> => {
        const { totals, integrationId } = backfill;
        const lines = totals.linesNew;
        // The baseline parses the same XML, streamed back in batches so it never all sits in memory.
        const parser = new XMLParser({ ignoreAttributes: false });
        let parseSeconds = 0;
        let parsedLines = 0;
        for (let offset = 0; ; offset += 500) {
          const batch = await database.db.selectFrom('source_documents').select(['xml']).where('integration_id', '=', integrationId).orderBy('id').offset(offset).limit(500).execute();
          if (batch.length === 0) break;
          const started = performance.now();
          for (const { xml } of batch) {
            const parsed = parser.parse(xml) as { Invoice?: { 'cac:InvoiceLine'?: unknown } };
            const invoiceLines = parsed.Invoice?.['cac:InvoiceLine'];
            parsedLines += Array.isArray(invoiceLines) ? invoiceLines.length : invoiceLines ? 1 : 0;
          }
          parseSeconds += (performance.now() - started) / 1000;
        }
        if (parsedLines !== lines) throw new Error(`fast-xml-parser counted ${parsedLines} lines, the inventory holds ${lines}`);
        return [
          withBaseline({ scenario: 'e2e-backfill', metric: 'lines_per_second', value: round(lines / backfill.seconds, 0), unit: 'lines/s', size: lines }, parsedLines / parseSeconds),
          { scenario: 'e2e-backfill', metric: 'documents_per_second', value: round(totals.documents / backfill.seconds, 0), unit: 'documents/s', size: lines },
          { scenario: 'e2e-backfill', metric: 'peak_rss', value: round(backfill.peakRss / 2 ** 20, 1), unit: 'MiB', size: lines },
          { scenario: 'e2e-backfill', metric: 'seconds', value: round(backfill.seconds, 2), unit: 's', size: lines },
        ];
      }),
    ),
};
