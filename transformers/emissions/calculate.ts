/**
 * kg CO2e for one classified line: activity-based when its quantity reaches a factor's unit, spend-based
 * (spend.ts: net amount → USD at the issue month → 2022 USD by US CPI-U → EPA v1.3 factor) otherwise, and
 * no result with a reason where neither is allowed. Refrigerants: kg of the named gas × its GWP on the
 * selected basis (AR5 by default). Every step lands in the audit record (audit.ts) so the result can be
 * re-performed by hand.
 *
 * Rounding: all intermediate values are exact quotients of decimals; kgCO2e is rounded once, half away from zero,
 * to 3 decimals (1 g). Audit values are printed exact when they terminate within 9 decimals, else rounded to 9.
 */
import type { CategoryKey } from '../../domain/categories.js';
import type { CanonicalUnit } from '../../domain/units.js';
import { dec, DecimalFormatError, ONE, quotient, roundQuotient, toText, type Quotient } from '../decimal/index.js';
import { auditedFactor, auditText, CalculationRefused, ROUNDING, step, type CalculationAudit, type CalculationReason } from './audit.js';
import { factorChoice } from './category-factors.js';
import { conversionPath, type UnitConversion } from './conversions.js';
import { DEFAULT_GWP_BASIS, refrigerantFactorKey, type EmissionFactor, type GwpBasis } from './factor.js';
import type { FactorLibrary } from './library.js';
import { spendInFactorDollars } from './spend.js';

export type { AuditStep, CalculationAudit, CalculationReason } from './audit.js';

export interface CalculationInput {
  category: CategoryKey;
  /** The classifier's sub-category (kind of spend, or `refrigerant.R-410A`); picks a closer factor. */
  subcategory?: string | null;
  /** Signed physical quantity (a return is negative), decimal string. */
  quantity?: string;
  unit?: CanonicalUnit;
  /** Signed net line amount without KDV, in `currency`. */
  netAmount: string;
  currency: string;
  /** TRY per unit of `currency` from the invoice itself (PricingExchangeRate); else the monthly table is used. */
  exchangeRateToTry?: string;
  /** Where exchangeRateToTry comes from when it is not the invoice's own PricingExchangeRate. */
  exchangeRateSource?: string | undefined;
  /** exchangeRateToTry is a table rate carried forward past the end of the data. */
  exchangeRateCarriedForward?: boolean;
  /** The invoice's issue date: its month picks the exchange rate and the price index. */
  activityDate: string;
  /** false for lines whose quantity is counted on another line (electricity distribution/transmission). */
  countsActivity?: boolean;
}

export interface CalculationOptions {
  /** GWP basis of refrigerant results (default AR5, DESNZ's; AR6 for IFRS S2). */
  gwpBasis?: GwpBasis;
}

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

interface Route { factor: EmissionFactor; path: UnitConversion[] }

/** The first activity factor the quantity's unit reaches, preferring direct matches over conversions. */
function activityRoute(input: CalculationInput, keys: readonly string[], library: FactorLibrary): Route | null {
  const unit = input.unit;
  if (input.quantity === undefined || unit === undefined) return null;
  const routes = keys.flatMap((key) => {
    // A library without one of the preferred factors (a subset, an older set) just offers fewer routes.
    const factor = library.byKey.get(key);
    if (!factor || factor.unit === 'USD') return [];
    const path = conversionPath(input.category, unit, factor.unit);
    return path ? [{ factor, path }] : [];
  });
  return routes.sort((a, b) => a.path.length - b.path.length)[0] ?? null;
}

function finish(audit: CalculationAudit, method: 'activity' | 'spend', amount: Quotient, amountUnit: string, factor: EmissionFactor): Calculation {
  const kg = step(audit, 'emission_factor', amount, amountUnit, dec(factor.value), ONE, 'kg CO2e', `${factor.key} (${factor.edition}) ${factor.tag}`);
  audit.factor = auditedFactor(factor);
  audit.gwpBasis = factor.gwpBasis;
  audit.unroundedKgCO2e = auditText(kg);
  return {
    method, activityAmount: auditText(amount, 6), activityUnit: amountUnit, factorKey: factor.key, factorEdition: factor.edition,
    kgCO2e: toText(roundQuotient(kg, 3)), audit,
  };
}

function activity(audit: CalculationAudit, input: CalculationInput, route: Route): Calculation {
  let amount = quotient(dec(input.quantity ?? '', 'quantity'));
  let unit: string = input.unit ?? '';
  for (const c of route.path) {
    amount = step(audit, 'unit_conversion', amount, unit, dec(c.multiplier), dec(c.divisor), c.to, c.basis);
    unit = c.to;
  }
  return finish(audit, 'activity', amount, unit, route.factor);
}

function refused(audit: CalculationAudit, code: CalculationReason, reason: string): Calculation {
  return { method: null, activityAmount: null, activityUnit: null, factorKey: null, factorEdition: null, kgCO2e: null, audit, reason, reasonCode: code };
}

/** Activity factor keys of the line: the named gas's on the selected basis for a refrigerant, else the choice's. */
function activityKeys(input: CalculationInput, options: CalculationOptions): readonly string[] {
  if (input.category !== 'refrigerant') return factorChoice(input.category, input.subcategory).activity;
  const gas = input.subcategory?.startsWith('refrigerant.') ? input.subcategory.slice('refrigerant.'.length) : null;
  return gas ? [refrigerantFactorKey(gas, options.gwpBasis ?? DEFAULT_GWP_BASIS)] : [];
}

function describeMissing(input: CalculationInput, reason: string | undefined): string {
  const got = input.quantity !== undefined && input.unit ? ` (line has ${input.quantity} ${input.unit})` : ' (line has no quantity)';
  const gas = input.category === 'refrigerant' ? `; gas ${input.subcategory?.replace('refrigerant.', '') ?? 'not named'}` : '';
  return `${reason ?? `no factor for ${input.category}`}${got}${gas}`;
}

export function calculate(input: CalculationInput, library: FactorLibrary, options: CalculationOptions = {}): Calculation {
  const audit: CalculationAudit = { factorSetVersion: library.setVersion, input, steps: [], factor: null, gwpBasis: null, unroundedKgCO2e: null, rounding: ROUNDING, flags: [] };
  const choice = factorChoice(input.category, input.subcategory);
  if (input.category === 'not_emission') return refused(audit, 'not_emission', choice.noSpendReason ?? 'not an emission line');
  if (input.countsActivity === false) return refused(audit, 'counted_on_another_line', 'quantity already counted on the consumption line (distribution, transmission, reactive or power charge)');
  try {
    const route = activityRoute(input, activityKeys(input, options), library);
    if (route) return activity(audit, input, route);
    if (choice.spend) {
      const factor = library.byKey.get(choice.spend);
      if (!factor) throw new CalculationRefused('no_factor_for_category', `factor ${choice.spend} is missing from factor set ${library.setVersion}`);
      const spend = spendInFactorDollars(audit, input, factor);
      return finish(audit, 'spend', spend.amount, spend.unit, factor);
    }
    return refused(audit, 'no_factor_for_category', describeMissing(input, choice.noSpendReason));
  } catch (error) {
    if (error instanceof CalculationRefused) return refused({ ...audit, steps: [] }, error.code, error.message);
    if (error instanceof DecimalFormatError) return refused({ ...audit, steps: [] }, 'invalid_number', error.message);
    throw error;
  }
}
