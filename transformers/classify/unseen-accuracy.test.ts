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
 * .md beside each), never trained, tuned or calibrated on, evaluated once with the round-4 classifier of issue 14 (the sets of round 3's evaluation are now
 * training sets 4 and 5).
 * Targets of issue 14: category ≥ 0.95, scope ≥ 0.98, accepted ≥ 0.75 with ≥ 0.99 of them right. The bounds are the
 * levels reached at that one evaluation (truncated to 4 digits), so a change that makes new lines worse fails here.
 */
const UNSEEN: readonly UnseenSet[] = [
  { file: 'unseen-lines-7.tsv', sha256: '1e1c644c40d5c9d5bc8a8876465ee256e30594ddb5646caf2dbedc4e2c5ccd75', alsoInTraining: [], reached: { category: 0.9025, scope: 0.985, accepted: 0.835, acceptedRight: 0.988 } },
  { file: 'unseen-lines-8.tsv', sha256: '643c4602eddd78ddb4870d6e12b6b370e4511a0ebb09669f8c29aac88fc735ec', alsoInTraining: [], reached: { category: 0.92, scope: 0.9825, accepted: 0.8125, acceptedRight: 0.9907 } },
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
