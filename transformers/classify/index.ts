export { classificationStatus, classifyLine, REVIEW_THRESHOLD, SPEND_FALLBACK_CONFIDENCE, type Classification, type ClassificationSource, type ClassifyContext, type ClassifyInput } from './classify.js';
export { OrganizationRule } from './organization-rules.js';
export { loadDefaultModel, defaultModelTraining } from './default-model.js';
export type { TextModel } from './text-model.js';
export { normalizeText } from './text.js';
