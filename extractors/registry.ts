/** Every extractor by provider id, so callers (the CLI, the pipeline) pick one without a switch. */
import type { ProviderId } from '../domain/providers.js';
import type { Extractor } from './contract.js';
import { createCrsExtractor } from './crs/index.js';
import { createEdmExtractor } from './edm/index.js';
import { createIsnetExtractor } from './isnet/index.js';
import type { ExtractorOptions } from './options.js';
import { createQnbExtractor } from './qnb/index.js';
import { createUyumsoftExtractor } from './uyumsoft/index.js';

export const extractorFactories: Record<ProviderId, (options: ExtractorOptions) => Extractor<unknown>> = {
  edm: createEdmExtractor as (options: ExtractorOptions) => Extractor<unknown>,
  qnb: createQnbExtractor as (options: ExtractorOptions) => Extractor<unknown>,
  uyumsoft: createUyumsoftExtractor as (options: ExtractorOptions) => Extractor<unknown>,
  crs: createCrsExtractor as (options: ExtractorOptions) => Extractor<unknown>,
  isnet: createIsnetExtractor as (options: ExtractorOptions) => Extractor<unknown>,
};
