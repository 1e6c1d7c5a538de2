import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { categoryKeys } from '../../domain/categories.js';
import { classifyLine, defaultModelTraining, loadDefaultModel } from './index.js';
import { isHeldOut, parseLabelledSet } from './labelled-set.js';
import { predictText } from './text-model.js';
import { trainingData } from '../../scripts/classifier-training-data.js';
import { trainClassifier } from './train-classifier.js';
import { accuracy, modelFileJson } from './train-model.js';

const bytes = readFileSync(new URL('./data/labelled-lines.tsv', import.meta.url));
const lines = parseLabelledSet(bytes.toString('utf8'));
const heldOut = lines.filter(isHeldOut);
const model = loadDefaultModel();

describe('classification accuracy on the held-out part of the labelled set', () => {
  it('covers every category on both sides of the split', () => {
    for (const key of categoryKeys) {
      expect(lines.filter((l) => l.category === key && !isHeldOut(l)).length, key).toBeGreaterThanOrEqual(10);
    }
    expect(heldOut.length).toBeGreaterThan(100);
  });

  it('text model alone ≥ 0.85 and the cascade ≥ 0.88 (measured: see output)', () => {
    const modelOnly = accuracy(heldOut, (l) => predictText(model, l).category);
    const cascade = accuracy(heldOut, (l) => classifyLine(l, { rules: [], model }).category);
    console.log(`held-out (${heldOut.length} of ${lines.length} lines): text model ${modelOnly.toFixed(4)}, cascade ${cascade.toFixed(4)}`);
    expect(modelOnly).toBeGreaterThanOrEqual(0.85);
    expect(cascade).toBeGreaterThanOrEqual(0.88);
    expect(defaultModelTraining().heldOut).toMatchObject({ examples: heldOut.length, modelAccuracy: Number(modelOnly.toFixed(4)) });
  });

  it('lines auto-accepted (confidence ≥ 0.9) are right at least 97 % of the time', () => {
    const ready = heldOut.map((l) => ({ l, c: classifyLine(l, { rules: [], model }) })).filter((r) => r.c.status === 'ready_for_ef_matching');
    const precision = ready.filter((r) => r.c.category === r.l.category).length / ready.length;
    console.log(`held-out auto-accepted: ${ready.length} of ${heldOut.length}, precision ${precision.toFixed(4)}`);
    expect(ready.length).toBeGreaterThan(heldOut.length / 2);
    expect(precision).toBeGreaterThanOrEqual(0.97);
  });

  it('the committed model is exactly what scripts/train-classifier.ts trains from the committed data', () => {
    const data = trainingData();
    const retrained = modelFileJson(trainClassifier(data.labelled, data.independent, data.sha256).file);
    expect(retrained === readFileSync(new URL('./model/text-model.json', import.meta.url), 'utf8')).toBe(true);
  }, 600_000);
});
