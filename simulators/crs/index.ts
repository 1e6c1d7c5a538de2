/**
 * CRS Soft simulator: the Uyumsoft platform white-labelled (providers.md §3), served by the same
 * implementation with CRS's brand and its reported quirk: a non-user VKN answers IsSucceded=true
 * with no Value. (The ArrayOfString namespace quirk is the platform's, so both brands have it.)
 */
import type { UyumsoftBrand } from '../uyumsoft/service.js';

export const crsBrand: UyumsoftBrand = { provider: 'crs', serviceName: 'CrsIntegration', domain: 'crssoft.com', nonUserHasNoValue: true };
