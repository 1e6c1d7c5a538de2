/**
 * Trains the text model from transformers/classify/data/labelled-lines.tsv and the tuning part of
 * data/independent-lines.tsv (never its held-out part) and writes transformers/classify/model/text-model.json
 * (run: npx tsx scripts/train-classifier.ts).
 * Deterministic: same data, same model file.
 */
import { writeFileSync } from 'node:fs';
import { modelFileJson, trainTextModel } from '../transformers/classify/train-model.js';
import { trainingData } from './classifier-training-data.js';

const { labelled, tuning, sha256 } = trainingData();
const report = trainTextModel(labelled, sha256, tuning);
const json = modelFileJson(report.file);
writeFileSync(new URL('../transformers/classify/model/text-model.json', import.meta.url), json);
const h = report.file.training.heldOut;
process.stdout.write([
  `labelled lines: ${labelled.length} + independent tuning lines ${tuning.length} (train ${report.file.training.examples}, labelled held out ${h.examples})`,
  `chosen on calibration fold: alpha ${report.alpha}, temperature ${report.temperature} (calibration accuracy ${report.calibrationAccuracy.toFixed(3)})`,
  `held-out accuracy (project set): text model alone ${h.modelAccuracy}, full cascade without organization rules ${h.cascadeAccuracy}`,
  `vocabulary ${report.file.vocabularySize} features, model file ${(json.length / 1024).toFixed(0)} KiB`,
].join('\n') + '\n');
