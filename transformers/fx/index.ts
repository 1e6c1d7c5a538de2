export { CARRY_FORWARD_MONTHS, priceIndexBase, rateToTry, usPriceIndex, type MonthlyRate, type PriceIndexPoint, type SeriesFlag } from './rates.js';
