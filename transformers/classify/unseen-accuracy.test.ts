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
 * .md beside each), never trained, tuned or calibrated on, evaluated once with the round-3 classifier of issue 14.
 * Targets of issue 14: category ≥ 0.95, scope ≥ 0.98, accepted ≥ 0.75 with ≥ 0.99 of them right. The bounds are the
 * levels reached at that one evaluation (truncated to 4 digits), so a change that makes new lines worse fails here.
 */
const UNSEEN: readonly UnseenSet[] = [
  { file: 'unseen-lines-5.tsv', sha256: 'f99cc40608725f7d69e0a44bfa60076337f6a88d4c39bdea5a5c47f26d78edee', alsoInTraining: ['H0041', 'H0191'], reached: { category: 0.9476, scope: 0.9904, accepted: 0.8452, acceptedRight: 0.9971 } },
  { file: 'unseen-lines-6.tsv', sha256: '0ced568b42776abc9fe29413196df7c0f76ff948feb9fd6fb3e872eb1b6d0181', alsoInTraining: ['P0144', 'P0348'], reached: { category: 0.919, scope: 0.9809, accepted: 0.8142, acceptedRight: 0.9766 } },
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
    expect(unseen).toHaveLength(420);
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
