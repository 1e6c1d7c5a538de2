/**
 * The spend chain of carbon.md §5: net amount → TRY (the invoice's own rate, else the ECB monthly mean of the
 * issue month) → USD at the issue month's mean → 2022 USD by US CPI-U (2022 average ÷ the issue month's index).
 */
import { dec, ONE, quotient, type Decimal, type Quotient } from '../decimal/index.js';
import { priceIndexBase, rateToTry, usPriceIndex } from '../fx/index.js';
import { CalculationRefused, step, type CalculationAudit } from './audit.js';
import type { CalculationInput } from './calculate.js';
import type { EmissionFactor } from './factor.js';

/** TRY per unit of the line currency: the invoice's own rate, else the monthly table. */
function tryRate(audit: CalculationAudit, input: CalculationInput, currency: string): { rate: Decimal; source: string } {
  if (input.exchangeRateToTry !== undefined) {
    if (input.exchangeRateCarriedForward) audit.flags.push('fx_rate_carried_forward');
    return { rate: dec(input.exchangeRateToTry, 'exchangeRateToTry'), source: input.exchangeRateSource ?? `invoice PricingExchangeRate ${currency}/TRY` };
  }
  const table = rateToTry(currency, input.activityDate);
  if (!table) throw new CalculationRefused('no_exchange_rate', `no ${currency}/TRY rate for ${input.activityDate}`);
  if (table.carriedForward) audit.flags.push('fx_rate_carried_forward');
  return { rate: dec(table.rate), source: table.source };
}

/** The net amount in the factor's dollars (`USD 2022`), every conversion recorded. */
export function spendInFactorDollars(audit: CalculationAudit, input: CalculationInput, factor: EmissionFactor): { amount: Quotient; unit: string } {
  const currency = input.currency.trim().toUpperCase();
  const month = input.activityDate.slice(0, 7);
  let usd = quotient(dec(input.netAmount, 'netAmount'));
  if (currency !== 'USD') {
    let amountTry = usd;
    if (currency !== 'TRY') {
      const toTry = tryRate(audit, input, currency);
      amountTry = step(audit, 'currency_conversion', usd, currency, toTry.rate, ONE, 'TRY', toTry.source);
    }
    const usdRate = rateToTry('USD', input.activityDate);
    if (!usdRate) throw new CalculationRefused('no_exchange_rate', `no USD/TRY rate for ${input.activityDate}`);
    if (usdRate.carriedForward && !audit.flags.includes('fx_rate_carried_forward')) audit.flags.push('fx_rate_carried_forward');
    usd = step(audit, 'currency_conversion', amountTry, 'TRY', ONE, dec(usdRate.rate), 'USD', usdRate.source);
  }
  const base = priceIndexBase();
  if (factor.currencyYear !== base.year) throw new CalculationRefused('no_price_index', `factor ${factor.key} is in ${factor.currencyYear ?? '?'} dollars; the price index has the ${base.year} base only`);
  const index = usPriceIndex(month);
  if (!index) throw new CalculationRefused('no_price_index', `no US CPI-U for ${month}`);
  if (index.flag) audit.flags.push(`price_index_${index.flag}`);
  // USD_2022 = USD_month × CPI_2022 / CPI_month: deflating later dollars makes the amount smaller.
  const real = step(audit, 'deflation', usd, `USD ${month}`, dec(base.value), dec(index.value), `USD ${base.year}`,
    `US CPI-U ${base.year} average ${base.value} / ${month} ${index.value}: ${base.source}; ${index.source}`);
  return { amount: real, unit: `USD ${base.year}` };
}
