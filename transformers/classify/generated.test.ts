/**
 * The cascade on generated invoices: each document of a deterministic dataset sample goes through the real
 * transform (parse → normalize → classify), and every line's category is compared with the category the
 * generator wrote into its manifest. Prints per-category agreement and the confusion pairs.
 */
import { describe, expect, it } from 'vitest';
import type { CategoryKey } from '../../domain/categories.js';
import { earsivCount, invoiceDocument, type DatasetSpec } from '../../simulators/dataset/index.js';
import { defaultTransformContext, transformDocument, type TransformedLine } from '../index.js';

const ORG = '1234567890';
const ctx = defaultTransformContext([ORG]);

interface Outcome { expected: CategoryKey; line: TransformedLine; supplier: string; unitCode: string }

/** Two streams other than the one transform.test.ts checks (seed 11, uyumsoft), so this is a second sample. */
const specs: DatasetSpec[] = [
  { seed: 29, provider: 'edm', invoices: 300, from: '2025-01-01T00:00:00Z', to: '2025-12-31T00:00:00Z', customer: { vkn: ORG, name: 'Örnek Sanayi A.Ş.' } },
  { seed: 47, provider: 'qnb', invoices: 300, from: '2024-01-01T00:00:00Z', to: '2024-12-31T00:00:00Z', customer: { vkn: ORG, name: 'Örnek Sanayi A.Ş.' } },
];

const outcomes: Outcome[] = [];
for (const spec of specs) {
  for (let i = 0; i < spec.invoices + earsivCount(spec); i++) {
    const { xml, manifest } = invoiceDocument(spec, i);
    const doc = transformDocument(xml, ctx);
    manifest.lines.forEach((ml, k) => {
      const line = doc.lines[k];
      if (!line) throw new Error(`${manifest.ettn}: line ${ml.lineNo} missing from the transform`);
      outcomes.push({ expected: ml.category, line, supplier: manifest.supplier.name, unitCode: ml.unitCode });
    });
  }
}

const agreement = (list: readonly Outcome[]): number => list.filter((o) => o.line.classification.category === o.expected).length / Math.max(list.length, 1);

function report(): string {
  const byCategory = new Map<CategoryKey, Outcome[]>();
  for (const o of outcomes) byCategory.set(o.expected, [...(byCategory.get(o.expected) ?? []), o]);
  const rows = [...byCategory].sort(([a], [b]) => a.localeCompare(b)).map(([c, list]) => `  ${c.padEnd(24)} ${agreement(list).toFixed(3)} of ${list.length}`);
  const pairs = new Map<string, { count: number; example: string }>();
  for (const o of outcomes) {
    const got = o.line.classification.category;
    if (got === o.expected) continue;
    const key = `${o.expected} → ${got}`;
    const entry = pairs.get(key) ?? { count: 0, example: `"${o.line.description}" [${o.unitCode}] from ${o.supplier} (${o.line.classification.source})` };
    entry.count++;
    pairs.set(key, entry);
  }
  const confusions = [...pairs].sort((a, b) => b[1].count - a[1].count).map(([k, v]) => `  ${String(v.count).padStart(4)}  ${k}: e.g. ${v.example}`);
  return [`generated lines: ${outcomes.length}, agreement ${agreement(outcomes).toFixed(4)}`, ...rows, 'confusions:', ...confusions].join('\n');
}

describe('classification of generated invoice lines against the manifest', () => {
  // Measured 0.989 before the third independent set joined training, 0.974 after: most of the rest are the
  // generator's labels where the independent sets' conventions differ (parking on a taxi invoice is a service there,
  // food and drink on a hotel bill is the stay, a meter-reading fee is a service).
  it('agrees with the manifest on ≥ 97.4 % of lines (see output)', () => {
    console.log(report());
    expect(outcomes.length).toBeGreaterThan(1500);
    expect(agreement(outcomes)).toBeGreaterThanOrEqual(0.974);
  });

  it('never confuses electricity and natural gas, the two kWh commodities', () => {
    const energy = outcomes.filter((o) => o.expected === 'electricity' || o.expected === 'natural_gas');
    expect(energy.filter((o) => o.expected === 'natural_gas' && o.unitCode === 'KWH').length).toBeGreaterThan(20);
    const swapped = energy.filter((o) => o.line.classification.category === (o.expected === 'electricity' ? 'natural_gas' : 'electricity'));
    expect(swapped.map((o) => `${o.line.description} (${o.supplier}): ${o.line.classification.category}`)).toEqual([]);
    // The second independent set calls a meter-reading fee a service where the simulator bills it as electricity: such
    // a line may go to review under another category, but no energy line is accepted under the wrong one.
    const wrongAccepted = energy.filter((o) => o.line.classification.category !== o.expected && o.line.classification.status === 'ready_for_ef_matching');
    expect(wrongAccepted.map((o) => `${o.line.description} (${o.supplier}): ${o.line.classification.category}`)).toEqual([]);
  });

  it('counts a gas or electricity bill\'s quantity once: network lines are classified as not counting', () => {
    const network = outcomes.filter((o) => /Dağıtım|İletim|Sistem Kullanım/.test(o.line.description) && (o.expected === 'electricity' || o.expected === 'natural_gas'));
    expect(network.some((o) => o.expected === 'natural_gas')).toBe(true);
    for (const o of network) expect(o.line.classification, o.line.description).toMatchObject({ category: o.expected, countsActivity: false });
    const consumption = outcomes.filter((o) => /Tüketim/.test(o.line.description) && (o.expected === 'electricity' || o.expected === 'natural_gas'));
    for (const o of consumption) expect(o.line.classification.countsActivity, o.line.description).toBe(true);
  });

  it('agrees on ≥ 97 % of the telecom, energy and fuel lines where the cascade has supplier and unit evidence', () => {
    const evidence = outcomes.filter((o) => ['electricity', 'natural_gas', 'diesel', 'petrol', 'lpg', 'fuel_oil', 'water'].includes(o.expected) || /Telekom|İletişim/.test(o.supplier));
    expect(evidence.length).toBeGreaterThan(500);
    expect(agreement(evidence)).toBeGreaterThanOrEqual(0.97);
  });
});
