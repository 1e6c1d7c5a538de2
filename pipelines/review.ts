/**
 * A reviewed line's result under the category a person chose: the stored calculation input (its amount,
 * currency, date, quantity and unit, kept in the line's audit) is calculated again with the new category,
 * so the line counts at once instead of waiting for a later sync. Confirming the classifier's category
 * turns its proposed result into the line's result.
 */
import { z } from 'zod';
import { CategoryKey } from '../domain/categories.js';
import type { LineStatus } from '../db/schema.js';
import type { Json } from '../domain/json.js';
import { resultStatus } from '../loaders/rows.js';
import { calculate, loadFactorLibrary, type CalculationInput } from '../transformers/emissions/index.js';

export interface ReviewedResult {
  status: LineStatus;
  method: 'activity' | 'spend' | null;
  kg_co2e: string | null;
  factor_id: string | null;
  calculation: string;
}

const StoredCalculation = z.object({
  classification: z.record(z.string(), z.unknown()).optional(),
  result: z.object({ audit: z.object({ input: z.object({ category: CategoryKey }).passthrough() }).passthrough() }).passthrough().nullable(),
}).passthrough();

/** null when the line carries no calculation input (our sales, or a line loaded before audits were stored). */
export function reviewedResult(stored: Json | null, category: CategoryKey, reviewer: string, factorIds: ReadonlyMap<string, string>): ReviewedResult | null {
  const parsed = StoredCalculation.safeParse(stored);
  if (!parsed.success || !parsed.data.result) return null;
  const before = parsed.data.result.audit.input as unknown as CalculationInput;
  // "Counted on another line" was the classifier's judgement for the commodity it saw; a person who
  // chose another category has overruled it.
  const input: CalculationInput = before.category === category ? before : { ...before, category, subcategory: null, countsActivity: true };
  const result = calculate(input, loadFactorLibrary());
  const calculation = JSON.stringify({ ...parsed.data, review: { category, by: reviewer }, result });
  const factorId = result.kgCO2e ? factorIds.get(`${result.factorKey}\u0000${result.factorEdition}`) ?? null : null;
  const status = resultStatus(category, result);
  if (status !== 'calculated' || !factorId) return { status: status === 'calculated' ? 'ready_for_ef_matching' : status, method: null, kg_co2e: null, factor_id: null, calculation };
  return { status, method: result.method, kg_co2e: result.kgCO2e, factor_id: factorId, calculation };
}
