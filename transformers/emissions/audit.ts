/**
 * The audit record of one calculation: every multiplication and division with its basis, the factor with
 * its source, edition, licence and GWP basis, the fallbacks used, and the rounding, so a user can re-perform
 * the result by hand from what is stored and shown.
 */
import { mulDivExact, roundQuotient, toPlainText, type Decimal, type Quotient } from '../decimal/index.js';
import type { CalculationInput } from './calculate.js';
import type { EmissionFactor, GwpBasis } from './factor.js';

export interface AuditStep {
  step: 'unit_conversion' | 'currency_conversion' | 'deflation' | 'emission_factor';
  from: { value: string; unit: string };
  to: { value: string; unit: string };
  /** to = from × multiplier ÷ divisor */
  multiplier: string;
  divisor: string;
  basis: string;
}

export type AuditedFactor = Pick<EmissionFactor,
  'key' | 'edition' | 'value' | 'unit' | 'currencyYear' | 'tag' | 'gwpBasis' | 'source' | 'sourceUrl' | 'licence' | 'sourceRow' | 'sourceSha256'>;

export interface CalculationAudit {
  factorSetVersion: string;
  input: CalculationInput;
  steps: AuditStep[];
  factor: AuditedFactor | null;
  /** GWP basis of the result: the selected one for refrigerants, the factor's own otherwise (null: the source does not say). */
  gwpBasis: GwpBasis | null;
  /** The result before rounding (exact, or 9 decimals). */
  unroundedKgCO2e: string | null;
  rounding: string;
  /** Fallbacks used (a carried-forward rate, an interpolated or carried-forward price index), for flagging the line. */
  flags: string[];
}

export type CalculationReason =
  | 'not_emission' | 'counted_on_another_line' | 'no_factor_for_category' | 'invalid_number' | 'no_exchange_rate' | 'no_price_index';

export const ROUNDING = 'kgCO2e rounded once, half away from zero, to 3 decimals; intermediate values exact (shown exact, or to 9 decimals)';
const AUDIT_SCALE = 9;

export class CalculationRefused extends Error {
  constructor(readonly code: CalculationReason, message: string) { super(message); }
}

/** Exact when the value terminates within `scale` decimals, else rounded to `scale`. */
export function auditText(q: Quotient, scale = AUDIT_SCALE): string {
  return toPlainText(roundQuotient(q, scale));
}

/** from × multiplier ÷ divisor, recorded as one audit step. */
export function step(audit: CalculationAudit, kind: AuditStep['step'], from: Quotient, fromUnit: string, multiplier: Decimal, divisor: Decimal, toUnit: string, basis: string): Quotient {
  const to = mulDivExact(from, multiplier, divisor);
  audit.steps.push({
    step: kind, from: { value: auditText(from), unit: fromUnit }, to: { value: auditText(to), unit: toUnit },
    multiplier: toPlainText(multiplier, AUDIT_SCALE), divisor: toPlainText(divisor, AUDIT_SCALE), basis,
  });
  return to;
}

const audited = new WeakMap<EmissionFactor, AuditedFactor>();

/** One frozen record per factor, shared by every line it serves: an invoice of 30,000 lines holds one, not 30,000. */
export function auditedFactor(f: EmissionFactor): AuditedFactor {
  let record = audited.get(f);
  if (!record) {
    record = Object.freeze({
      key: f.key, edition: f.edition, value: f.value, unit: f.unit, currencyYear: f.currencyYear, tag: f.tag, gwpBasis: f.gwpBasis,
      source: f.source, sourceUrl: f.sourceUrl, licence: f.licence, sourceRow: f.sourceRow, sourceSha256: f.sourceSha256,
    });
    audited.set(f, record);
  }
  return record;
}
