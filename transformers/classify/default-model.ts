/** The committed text model (model/text-model.json, written by train.ts), validated and compiled once. */
import modelJson from './model/text-model.json' with { type: 'json' };
import { compileTextModel, TextModelFile, type TextModel } from './text-model.js';

let cached: TextModel | undefined;

export function loadDefaultModel(): TextModel {
  cached ??= compileTextModel(TextModelFile.parse(modelJson));
  return cached;
}

/** Training figures recorded in the committed model file (held-out accuracy etc.). */
export const defaultModelTraining = (): TextModelFile['training'] => TextModelFile.shape.training.parse(modelJson.training);
