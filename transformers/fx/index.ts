export { rateToTry, usPriceIndex, type TableRate, type PriceIndexPoint } from './rates.js';
