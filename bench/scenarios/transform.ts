/**
 * Transform throughput on one core: parse + normalize + classify + calculate (transformDocument) against
 * bare fast-xml-parser parsing of the same documents (default options plus the attributes UBL needs),
 * measured side by side in the same run. Documents are the dataset generator's signed invoices of every
 * kind (electricity, gas, fuel, freight, travel, returns, USD/EUR, e-Arşiv, …). The target is ratio ≥ 0.9.
 * Our parse is a strict, validating XML 1.0 scan (transformers/ubl-tr/xml-scanner.ts); bare
 * fast-xml-parser checks far less, so the ratio is what the strictness and the whole transform cost.
 *
 * Rounds alternate between the two so that load from other processes hits both alike; each side
 * reports its best round.
 */
import { XMLParser } from 'fast-xml-parser';
import { earsivCount, invoiceDocument, type DatasetSpec } from '../../simulators/dataset/index.js';
import { parseUblTr } from '../../transformers/ubl-tr/index.js';
import { defaultTransformContext, transformDocument } from '../../transformers/index.js';
import { race } from '../support/race.js';
import { round, withBaseline, type BenchResult, type BenchScenario } from '../result.js';


function datasetDocuments(size: number): string[] {
  const spec: DatasetSpec = {
    seed: 2026,
    provider: 'edm',
    invoices: size,
    from: '2025-01-01T00:00:00Z',
    to: '2025-12-31T00:00:00Z',
    customer: { vkn: '1234567890', name: 'Bench Sanayi A.Ş.' },
  };
  const total = Math.min(size, spec.invoices + earsivCount(spec));
  return Array.from({ length: total }, (_, i) => invoiceDocument(spec, i).xml);
}

function withLargeAttachment(xml: string): string {
  const padding = 'PHhzbDp0ZW1wbGF0ZSBtYXRjaD0iLyI+PC94c2w6dGVtcGxhdGU+'.repeat(10_000); // 520 KB
  return xml.replace(/(<cbc:EmbeddedDocumentBinaryObject[^>]*>)/, `$1${padding}`);
}


export const scenario: BenchScenario = {
  name: 'transform',
  description: 'transformDocument (parse+normalize+classify+calculate) vs bare fast-xml-parser on the same generated invoices, documents/s on one core',
  defaultSize: 400,
  run: async ({ size }): Promise<BenchResult[]> => {
    const docs = datasetDocuments(size);
    const bare = new XMLParser({ ignoreAttributes: false });
    const ctx = defaultTransformContext(['1234567890']);
    const seconds = race(
      {
        bare: (xml) => bare.parse(xml),
        parse: (xml) => parseUblTr(xml),
        transform: (xml) => transformDocument(xml, ctx),
      },
      docs,
    );
    // The same documents with their display XSLT grown to ~500 KB of base64: skipped, it should cost little.
    const heavy = docs.slice(0, 40).map(withLargeAttachment);
    const heavySeconds = race({ bare: (xml) => bare.parse(xml), parse: (xml) => parseUblTr(xml) }, heavy);
    const rate = (name: string): number => docs.length / (seconds[name] ?? Infinity);
    const chars = docs.reduce((n, d) => n + d.length, 0);
    return [
      withBaseline({ scenario: 'transform', metric: 'documents_per_second', value: round(rate('transform'), 1), unit: 'documents/s', size: docs.length }, rate('bare')),
      withBaseline({ scenario: 'transform', metric: 'parse_documents_per_second', value: round(rate('parse'), 1), unit: 'documents/s', size: docs.length }, rate('bare')),
      withBaseline(
        { scenario: 'transform', metric: 'parse_with_500kb_attachment_documents_per_second', value: round(heavy.length / heavySeconds['parse']!, 1), unit: 'documents/s', size: heavy.length },
        heavy.length / heavySeconds['bare']!,
      ),
      { scenario: 'transform', metric: 'average_document_size', value: Math.round(chars / docs.length), unit: 'characters', size: docs.length },
    ];
  },
};
