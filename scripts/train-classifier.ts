/**
 * Trains the classifier from transformers/classify/data/labelled-lines.tsv (its held-out part only measured) and all of
 * data/independent-lines.tsv, -2.tsv and -3.tsv — the text model, and the calibration of its decisions on out-of-fold decisions over the
 * independent sets — and writes transformers/classify/model/text-model.json (run: npx tsx scripts/train-classifier.ts).
 * Deterministic: same data, same model file.
 */
import { writeFileSync } from 'node:fs';
import { trainClassifier } from '../transformers/classify/train-classifier.js';
import { modelFileJson } from '../transformers/classify/train-model.js';
import { trainingData } from './classifier-training-data.js';

const { labelled, independent, sha256 } = trainingData();
const report = trainClassifier(labelled, independent, sha256);
const json = modelFileJson(report.file);
writeFileSync(new URL('../transformers/classify/model/text-model.json', import.meta.url), json);
const h = report.file.training.heldOut;
const curves = Object.entries(report.file.calibration?.curves ?? {}).map(([kind, c]) => `  ${kind}: ${c.from.map((f, i) => `≥${f}→${c.probability[i]}`).join(' ')}`);
process.stdout.write([
  `labelled lines: ${labelled.length} + independent lines ${independent.length} (train ${report.file.training.examples}, labelled held out ${h.examples})`,
  `chosen on calibration fold: alpha ${report.alpha}, temperature ${report.temperature} (calibration accuracy ${report.calibrationAccuracy.toFixed(3)})`,
  `held-out accuracy (project set): text model alone ${h.modelAccuracy}, full cascade without organization rules ${h.cascadeAccuracy}`,
  `calibration (Wilson z ${report.file.calibration?.wilsonZ}) on ${report.outOfFold.length} out-of-fold decisions:`, ...curves,
  `vocabulary ${report.file.vocabularySize} features, model file ${(json.length / 1024).toFixed(0)} KiB`,
].join('\n') + '\n');
