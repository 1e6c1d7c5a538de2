/**
 * Trains the text model from data/labelled-lines.tsv and writes model/text-model.json
 * (run: npx tsx transformers/classify/train.ts). Deterministic: same data, same model file.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseLabelledSet } from './labelled-set.js';
import { modelFileJson, trainTextModel } from './train-model.js';

const bytes = readFileSync(new URL('./data/labelled-lines.tsv', import.meta.url));
const lines = parseLabelledSet(bytes.toString('utf8'));
const report = trainTextModel(lines, createHash('sha256').update(bytes).digest('hex'));
const json = modelFileJson(report.file);
writeFileSync(new URL('./model/text-model.json', import.meta.url), json);
const h = report.file.training.heldOut;
process.stdout.write([
  `labelled lines: ${lines.length} (train ${report.file.training.examples}, held out ${h.examples})`,
  `chosen on calibration fold: alpha ${report.alpha}, temperature ${report.temperature} (calibration accuracy ${report.calibrationAccuracy.toFixed(3)})`,
  `held-out accuracy: text model alone ${h.modelAccuracy}, full cascade without organization rules ${h.cascadeAccuracy}`,
  `vocabulary ${report.file.vocabularySize} features, model file ${(json.length / 1024).toFixed(0)} KiB`,
].join('\n') + '\n');
