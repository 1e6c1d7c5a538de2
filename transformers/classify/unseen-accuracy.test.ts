import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trainingData } from '../../scripts/classifier-training-data.js';
import { figuresOf, formatFigures, type ClassifierFigures } from './cross-validation.js';
import { parseIndependentSet } from './independent-set.js';
import { classifyLine, loadDefaultModel } from './index.js';
import { normalizeText } from './text.js';

interface UnseenSet {
  file: string;
  sha256: string;
  /** Lines another author happened to write alike (same folded description and supplier): generic lines such as a printer's roll-up banner. */
  alsoInTraining: readonly string[];
  reached: Omit<ClassifierFigures, 'lines'>;
}

/**
 * Sets written by helpers that had read neither the classifier, the project nor any other set (provenance in the
 * .md beside each), never trained, tuned or calibrated on, evaluated once with the round-5 classifier of issue 14 (the
 * sets of round 4's evaluation are now training sets 6 and 7).
 * Targets of issue 14: category ≥ 0.95, scope ≥ 0.98, accepted ≥ 0.75 with ≥ 0.99 of them right. The bounds are the
 * levels reached at that one evaluation (truncated to 4 digits), so a change that makes new lines worse fails here.
 */
const UNSEEN: readonly UnseenSet[] = [
  { file: 'unseen-lines-9.tsv', sha256: 'b247e0af2f6fa4f4c5f08a9c2faff9029d5a18ba327e5dd786621f27d5f5db7d', alsoInTraining: [], reached: { category: 0.9525, scope: 0.99, accepted: 0.8475, acceptedRight: 1 } },
  { file: 'unseen-lines-10.tsv', sha256: 'e61e980412939597320f65ecdf6aab4fba811690528c2b756b10134165675f01', alsoInTraining: ['C0228', 'C0396'], reached: { category: 0.9525, scope: 0.9875, accepted: 0.8725, acceptedRight: 0.9885 } },
];

const trainingKeys = (): Set<string> => {
  const data = trainingData();
  return new Set([...data.labelled, ...data.independent].map((l) => `${normalizeText(l.description).ascii}\t${l.supplierName ?? ''}`));
};

describe.each(UNSEEN)('classification on the unseen labelled set $file', ({ file, sha256, alsoInTraining, reached }) => {
  const bytes = readFileSync(new URL(`./data/${file}`, import.meta.url));
  const unseen = parseIndependentSet(bytes.toString('utf8'));

  it('is the file that was evaluated, and its lines are not the training data’s (but for the few written alike by chance)', () => {
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    expect(unseen).toHaveLength(400);
    const trained = trainingKeys();
    expect(unseen.filter((l) => trained.has(`${normalizeText(l.description).ascii}\t${l.supplierName ?? ''}`)).map((l) => l.id)).toEqual(alsoInTraining);
  });

  it('category, scope, share accepted and accuracy of accepted lines at the reached levels (see output)', () => {
    const model = loadDefaultModel();
    const f = figuresOf(unseen.map((line) => ({ line, classification: classifyLine(line, { rules: [], model }) })));
    console.log(`${file}: ${formatFigures(f)}`);
    for (const key of ['category', 'scope', 'accepted', 'acceptedRight'] as const) expect(f[key], key).toBeGreaterThanOrEqual(reached[key]);
  });
});
