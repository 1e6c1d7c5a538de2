/**
 * kg CO2e for one classified line: activity-based when its quantity reaches a factor's unit, spend-based
 * (net amount → USD at the activity date → 2022 USD by US CPI → EPA v1.3 factor) otherwise, and no
 * result with a reason where neither is allowed. Every step lands in the audit record so the result can
 * be re-performed by hand.
 *
 * Rounding: all intermediate values are exact quotients of decimals; kgCO2e is rounded once, half away from zero,
 * to 3 decimals (1 g). Audit values are printed exact when they terminate within 9 decimals, else rounded to 9.
 */
import type { CategoryKey } from '../../domain/categories.js';
import type { CanonicalUnit } from '../../domain/units.js';
import { rateToTry, usPriceIndex } from '../fx/index.js';
import { categoryFactors } from './category-factors.js';
import { conversionPath, type UnitConversion } from './conversions.js';
import { dec, DecimalFormatError, mulDivExact, ONE, quotient, roundQuotient, toPlainText, toText, type Decimal, type Quotient } from '../decimal/index.js';
import type { EmissionFactor } from './factor.js';
import type { FactorLibrary } from './library.js';

export interface CalculationInput {
  category: CategoryKey;
  /** Signed physical quantity (a return is negative), decimal string. */
  quantity?: string;
  unit?: CanonicalUnit;
  /** Signed net line amount without KDV, in `currency`. */
  netAmount: string;
  currency: string;
  /** TRY per unit of `currency` from the invoice itself (PricingExchangeRate); else the fx table is used. */
  exchangeRateToTry?: string;
  /** Where exchangeRateToTry comes from when it is not the invoice's own PricingExchangeRate. */
  exchangeRateSource?: string | undefined;
  activityDate: string;
  /** false for lines whose quantity is counted on another line (electricity distribution/transmission). */
  countsActivity?: boolean;
}

export interface AuditStep {
  step: 'unit_conversion' | 'currency_conversion' | 'deflation' | 'emission_factor';
  from: { value: string; unit: string };
  to: { value: string; unit: string };
  /** to = from × multiplier ÷ divisor */
  multiplier: string;
  divisor: string;
  basis: string;
}

export interface CalculationAudit {
  factorSetVersion: string;
  input: CalculationInput;
  steps: AuditStep[];
  factor: Pick<EmissionFactor, 'key' | 'edition' | 'value' | 'unit' | 'currencyYear' | 'tag' | 'source' | 'sourceRow' | 'sourceSha256'> | null;
  /** The result before rounding (exact, or 9 decimals). */
  unroundedKgCO2e: string | null;
  rounding: string;
  /** Table fallbacks used (fx table rate, carried-forward rate or price index), for flagging the line. */
  flags: string[];
}

export type CalculationReason =
  | 'not_emission' | 'counted_on_another_line' | 'no_factor_for_category' | 'invalid_number' | 'no_exchange_rate' | 'no_price_index';

export interface Calculation {
  method: 'activity' | 'spend' | null;
  activityAmount: string | null;
  activityUnit: string | null;
  factorKey: string | null;
  factorEdition: string | null;
  kgCO2e: string | null;
  audit: CalculationAudit;
  reason?: string;
  reasonCode?: CalculationReason;
}

const ROUNDING = 'kgCO2e rounded once, half away from zero, to 3 decimals; intermediate values exact';
const AUDIT_SCALE = 9;

class CalculationRefused extends Error {
  constructor(readonly code: CalculationReason, message: string) { super(message); }
}

interface Working { audit: CalculationAudit }

/** Exact when the value terminates within `scale` decimals, else rounded to `scale`. */
function auditText(q: Quotient, scale = AUDIT_SCALE): string {
  return toPlainText(roundQuotient(q, scale));
}

function step(w: Working, kind: AuditStep['step'], from: Quotient, fromUnit: string, multiplier: Decimal, divisor: Decimal, toUnit: string, basis: string): Quotient {
  const to = mulDivExact(from, multiplier, divisor);
  w.audit.steps.push({
    step: kind, from: { value: auditText(from), unit: fromUnit }, to: { value: auditText(to), unit: toUnit },
    multiplier: toPlainText(multiplier, AUDIT_SCALE), divisor: toPlainText(divisor, AUDIT_SCALE), basis,
  });
  return to;
}

function factorOf(library: FactorLibrary, key: string): EmissionFactor {
  const factor = library.byKey.get(key);
  if (!factor) throw new CalculationRefused('no_factor_for_category', `factor ${key} is missing from factor set ${library.setVersion}`);
  return factor;
}

/** The first activity factor the quantity's unit reaches, preferring direct matches over conversions. */
function activityRoute(input: CalculationInput, library: FactorLibrary): { factor: EmissionFactor; path: UnitConversion[] } | null {
  const unit = input.unit;
  if (input.quantity === undefined || unit === undefined) return null;
  const routes = categoryFactors[input.category].activity
    .flatMap((key) => {
      // A library without one of the preferred factors (a subset, an older set) just offers fewer routes.
      const factor = library.byKey.get(key);
      if (!factor || factor.unit === 'USD') return [];
      const path = conversionPath(input.category, unit, factor.unit);
      return path ? [{ factor, path }] : [];
    });
  return routes.sort((a, b) => a.path.length - b.path.length)[0] ?? null;
}

function finish(w: Working, method: 'activity' | 'spend', amount: Quotient, amountUnit: string, factor: EmissionFactor): Calculation {
  const kg = step(w, 'emission_factor', amount, amountUnit, dec(factor.value), ONE, 'kg CO2e', `${factor.key} (${factor.edition}) ${factor.tag}`);
  w.audit.factor = {
    key: factor.key, edition: factor.edition, value: factor.value, unit: factor.unit, currencyYear: factor.currencyYear,
    tag: factor.tag, source: factor.source, sourceRow: factor.sourceRow, sourceSha256: factor.sourceSha256,
  };
  w.audit.unroundedKgCO2e = auditText(kg);
  return {
    method, activityAmount: auditText(amount, 6), activityUnit: amountUnit, factorKey: factor.key, factorEdition: factor.edition,
    kgCO2e: toText(roundQuotient(kg, 3)), audit: w.audit,
  };
}

function activity(w: Working, input: CalculationInput, route: { factor: EmissionFactor; path: UnitConversion[] }): Calculation {
  let amount = quotient(dec(input.quantity ?? '', 'quantity'));
  let unit: string = input.unit ?? '';
  for (const c of route.path) {
    amount = step(w, 'unit_conversion', amount, unit, dec(c.multiplier), dec(c.divisor), c.to, c.basis);
    unit = c.to;
  }
  return finish(w, 'activity', amount, unit, route.factor);
}

/** TRY per unit of the line currency: the invoice's own rate, else the fx table (flagged). */
function tryRate(w: Working, input: CalculationInput, currency: string): { rate: Decimal; source: string } {
  if (input.exchangeRateToTry !== undefined) {
    return { rate: dec(input.exchangeRateToTry, 'exchangeRateToTry'), source: input.exchangeRateSource ?? `invoice PricingExchangeRate ${currency}/TRY` };
  }
  const table = rateToTry(currency, input.activityDate);
  if (!table) throw new CalculationRefused('no_exchange_rate', `no ${currency}/TRY rate for ${input.activityDate}`);
  w.audit.flags.push(table.carriedForward ? 'fx_rate_carried_forward' : 'fx_rate_from_table');
  return { rate: dec(table.rate), source: table.source };
}

function spend(w: Working, input: CalculationInput, factor: EmissionFactor): Calculation {
  const currency = input.currency.trim().toUpperCase();
  let usd = quotient(dec(input.netAmount, 'netAmount'));
  if (currency !== 'USD') {
    let amountTry = usd;
    if (currency !== 'TRY') {
      const toTry = tryRate(w, input, currency);
      amountTry = step(w, 'currency_conversion', usd, currency, toTry.rate, ONE, 'TRY', toTry.source);
    }
    const usdRate = rateToTry('USD', input.activityDate);
    if (!usdRate) throw new CalculationRefused('no_exchange_rate', `no USD/TRY rate for ${input.activityDate}`);
    // The table is the intended source for USD/TRY (carbon.md §5.4); only a carried-forward rate is a fallback.
    if (usdRate.carriedForward) w.audit.flags.push('fx_rate_carried_forward');
    usd = step(w, 'currency_conversion', amountTry, 'TRY', ONE, dec(usdRate.rate), 'USD', usdRate.source);
  }
  const year = input.activityDate.slice(0, 4);
  const base = factor.currencyYear ?? year;
  const pYear = usPriceIndex(year);
  const pBase = usPriceIndex(base);
  if (!pYear || !pBase) throw new CalculationRefused('no_price_index', `no US price index for ${year} or ${base}`);
  if (pYear.estimate) w.audit.flags.push('price_index_estimated');
  // USD_base = USD_year × P_base / P_year: deflating a later year's dollars makes the amount smaller.
  const real = step(w, 'deflation', usd, `USD ${year}`, dec(pBase.value), dec(pYear.value), `USD ${base}`,
    `US CPI-U ${base} / ${pYear.year === year ? year : `${pYear.year} (for ${year})`}: ${pBase.source}; ${pYear.source}`);
  return finish(w, 'spend', real, `USD ${base}`, factor);
}

function refused(audit: CalculationAudit, code: CalculationReason, reason: string): Calculation {
  return { method: null, activityAmount: null, activityUnit: null, factorKey: null, factorEdition: null, kgCO2e: null, audit, reason, reasonCode: code };
}

export function calculate(input: CalculationInput, library: FactorLibrary): Calculation {
  const w: Working = { audit: { factorSetVersion: library.setVersion, input, steps: [], factor: null, unroundedKgCO2e: null, rounding: ROUNDING, flags: [] } };
  const choice = categoryFactors[input.category];
  if (input.category === 'not_emission') return refused(w.audit, 'not_emission', choice.noSpendReason ?? 'not an emission line');
  if (input.countsActivity === false) return refused(w.audit, 'counted_on_another_line', 'quantity already counted on the consumption line (distribution, transmission, reactive or power charge)');
  try {
    const route = activityRoute(input, library);
    if (route) return activity(w, input, route);
    if (choice.spend) return spend(w, input, factorOf(library, choice.spend));
    const got = input.quantity !== undefined && input.unit ? ` (line has ${input.quantity} ${input.unit})` : ' (line has no quantity)';
    return refused(w.audit, 'no_factor_for_category', `${choice.noSpendReason ?? `no factor for ${input.category}`}${got}`);
  } catch (error) {
    if (error instanceof CalculationRefused) return refused({ ...w.audit, steps: [] }, error.code, error.message);
    if (error instanceof DecimalFormatError) return refused({ ...w.audit, steps: [] }, 'invalid_number', error.message);
    throw error;
  }
}
