/**
 * The audit of each line's kg CO2e as `etl inspect` shows it (JSON and table): factor id, value, unit,
 * edition, source, licence and GWP basis; each conversion with its rate or index and source; the rounding.
 * Enough to re-perform the result by hand.
 */
import type { AuditStep, Calculation } from '../../transformers/emissions/index.js';

export function auditJson(calculation: Calculation | null) {
  if (!calculation) return null;
  const { audit } = calculation;
  return {
    factor: audit.factor,
    gwpBasis: audit.gwpBasis,
    steps: audit.steps,
    unroundedKgCO2e: audit.unroundedKgCO2e,
    rounding: audit.rounding,
    flags: audit.flags,
    factorSetVersion: audit.factorSetVersion,
    reason: calculation.reason ?? null,
  };
}

const factorUnit = (unit: string, currencyYear: string | null): string => (currencyYear ? `${currencyYear} ${unit}` : unit);

function stepLine(s: AuditStep): string {
  const op = s.divisor === '1' ? `× ${s.multiplier}` : s.multiplier === '1' ? `÷ ${s.divisor}` : `× ${s.multiplier} ÷ ${s.divisor}`;
  return `      ${s.step.padEnd(19)} ${s.from.value} ${s.from.unit} ${op} = ${s.to.value} ${s.to.unit}    [${s.basis}]`;
}

/** The audit block of the table output: one paragraph per calculated line. */
export function auditTable(lines: ReadonlyArray<{ lineNo: string; calculation: Calculation | null }>): string[] {
  const out = ['audit'];
  for (const { lineNo, calculation } of lines) {
    if (!calculation) {
      out.push(`  line ${lineNo}: not purchase activity, not calculated`);
      continue;
    }
    const { audit } = calculation;
    const f = audit.factor;
    if (!f) {
      out.push(`  line ${lineNo}: no result (${calculation.reasonCode ?? 'none'}): ${calculation.reason ?? ''}`);
      continue;
    }
    out.push(
      `  line ${lineNo}: factor ${f.key} = ${f.value} kg CO2e/${factorUnit(f.unit, f.currencyYear)}  edition ${f.edition} ${f.tag}  GWP basis ${audit.gwpBasis ?? 'not stated by the source'}`,
      `      source  ${f.source}${f.sourceUrl ? ` <${f.sourceUrl}>` : ''} (${f.sourceRow}${f.sourceSha256 ? `, file SHA-256 ${f.sourceSha256}` : ''})`,
      `      licence ${f.licence}`,
      ...audit.steps.map(stepLine),
      `      result  ${calculation.kgCO2e} kg CO2e (unrounded ${audit.unroundedKgCO2e}; ${audit.rounding})${audit.flags.length ? `  flags: ${audit.flags.join(', ')}` : ''}`,
    );
  }
  return out;
}
