/** Uyumsoft simulator: the Uyumsoft platform under its own brand. */
import type { UyumsoftBrand } from './service.js';

export const uyumsoftBrand: UyumsoftBrand = { provider: 'uyumsoft', serviceName: 'Integration', domain: 'uyumsoft.com.tr', nonUserHasNoValue: false };
export { uyumsoftService, INTEGRATION_PATH, BASIC_INTEGRATION_PATH } from './service.js';
