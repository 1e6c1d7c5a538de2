/**
 * Offline training of the whole classifier: the text model (train-model.ts) plus the calibration of its decisions
 * (calibration.ts), fitted on out-of-fold decisions over the independent set: each fold's lines are classified by a
 * text model trained without that fold, so the calibration sees how sure each kind of decision may be on unseen lines.
 */
import { fitCalibration, type ScoredDecision } from './calibration.js';
import { classifyWithEvidence } from './classify.js';
import type { IndependentLine } from './independent-set.js';
import { fnv1a, type LabelledLine } from './labelled-set.js';
import { compileTextModel, type TextModelFile } from './text-model.js';
import { trainTextModel, type TrainingReport } from './train-model.js';

export const CV_FOLDS = 5;
/**
 * z of the Wilson lower bound on each calibration block. Chosen by cross-validation (cross-validation.ts): z 0 / 0.5 /
 * 1 / 1.5 / 2 accepted 0.905 / 0.851 / 0.821 / 0.821 / 0.736 of the lines with 0.986 / 0.993 / 0.994 / 0.994 / 0.994 of
 * them right; 1.5, the more cautious of the two best, since unseen lines will be harder than these.
 */
export const WILSON_Z = 1.5;

export interface ClassifierTraining extends TrainingReport { outOfFold: ScoredDecision[] }

/** The fold of an independent line: FNV-1a of its row id, a split that does not depend on row order. */
export const foldOf = (line: Pick<IndependentLine, 'id'>): number => fnv1a(line.id) % CV_FOLDS;

/** Each independent line decided by a text model trained without its fold (the folds present in `independent`). */
export function outOfFoldDecisions(labelled: readonly LabelledLine[], independent: readonly IndependentLine[], datasetSha256: string): ScoredDecision[] {
  const out: ScoredDecision[] = [];
  for (const k of [...new Set(independent.map(foldOf))].sort((a, b) => a - b)) {
    const model = compileTextModel(trainTextModel(labelled, datasetSha256, independent.filter((l) => foldOf(l) !== k)).file);
    for (const line of independent.filter((l) => foldOf(l) === k)) {
      const { classification, evidence } = classifyWithEvidence(line, { rules: [], model });
      if (evidence) out.push({ ...evidence, right: classification.category === line.category });
    }
  }
  return out;
}

/** The text model on all the lines, with the calibration fitted on their out-of-fold decisions. */
export function trainClassifier(labelled: readonly LabelledLine[], independent: readonly IndependentLine[], datasetSha256: string, wilsonZ: number = WILSON_Z): ClassifierTraining {
  const outOfFold = outOfFoldDecisions(labelled, independent, datasetSha256);
  const report = trainTextModel(labelled, datasetSha256, independent, true);
  const file: TextModelFile = { ...report.file, calibration: fitCalibration(outOfFold, wilsonZ) };
  return { ...report, file, outOfFold };
}
