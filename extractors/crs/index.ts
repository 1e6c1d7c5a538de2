/** CRS Soft: the Uyumsoft platform white-labelled on CRS hosts (providers.md §3); same client, own provider id. */
import { createUyumsoftPlatformExtractor, type UyumsoftPlatformOptions } from '../uyumsoft/platform.js';

export const createCrsExtractor = (options: UyumsoftPlatformOptions) => createUyumsoftPlatformExtractor('crs', options);
