/**
 * The committed text model (model/text-model.json, written by train.ts), validated and compiled once. Read as a file
 * rather than imported as a JSON module: a module keeps its parsed JSON alive for the life of the process (24 MiB of
 * heap since round 5, beside the 28 MiB compiled model), while read here it is garbage once compiled.
 */
import { readFileSync } from 'node:fs';
import { compileTextModel, TextModelFile, type TextModel } from './text-model.js';

let cached: { model: TextModel; training: TextModelFile['training'] } | undefined;

function load(): NonNullable<typeof cached> {
  if (!cached) {
    const file = TextModelFile.parse(JSON.parse(readFileSync(new URL('./model/text-model.json', import.meta.url), 'utf8')));
    cached = { model: compileTextModel(file), training: file.training };
  }
  return cached;
}

export function loadDefaultModel(): TextModel {
  return load().model;
}

/** Training figures recorded in the committed model file (held-out accuracy etc.). */
export const defaultModelTraining = (): TextModelFile['training'] => load().training;
