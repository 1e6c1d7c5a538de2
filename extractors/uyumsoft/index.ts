/** Uyumsoft e-Fatura (providers.md §2). */
import { createUyumsoftPlatformExtractor, type UyumsoftPlatformOptions } from './platform.js';

export const createUyumsoftExtractor = (options: UyumsoftPlatformOptions) => createUyumsoftPlatformExtractor('uyumsoft', options);
