/**
 * Organization classification rules (table classification_rules): analyst rules on supplier VKN,
 * keyword and item code (carbon.md §7 steps 2–4). Passed in as data; never hard-coded here.
 */
import { z } from 'zod';
import { CategoryKey } from '../../domain/categories.js';
import { normalizeText, phraseRegex } from './text.js';

export const OrganizationRule = z.object({
  id: z.string().min(1),
  supplierVkn: z.string().regex(/^\d{10,11}$/).optional(),
  /** Phrase in the syntax of phraseRegex (ASCII-folded on both sides, `*` for suffixes). */
  keyword: z.string().min(1).optional(),
  /** SellersItemIdentification of the supplier. */
  itemCode: z.string().min(1).optional(),
  category: CategoryKey,
}).refine((r) => r.supplierVkn || r.keyword || r.itemCode, { message: 'a rule needs a supplier VKN, a keyword or an item code' });
export type OrganizationRule = z.infer<typeof OrganizationRule>;

export interface OrganizationRuleInput { description: string; supplierVkn?: string; itemCode?: string }
export interface OrganizationRuleHit { rule: OrganizationRule; confidence: number; level: string }

/** Precedence and confidence of a rule, by what it pins down (carbon.md §7). */
function level(rule: OrganizationRule): { rank: number; confidence: number; level: string } {
  if (rule.supplierVkn && (rule.itemCode || rule.keyword)) return { rank: 0, confidence: 0.99, level: 'supplier + item code/keyword' };
  if (rule.itemCode) return { rank: 1, confidence: 0.97, level: 'item code' };
  if (rule.keyword) return { rank: 2, confidence: 0.95, level: 'organization keyword' };
  return { rank: 3, confidence: 0.9, level: 'supplier default' };
}

// Rules are data that repeat across every line of a run: compile each keyword once.
const keywordPatterns = new Map<string, RegExp>();
function keywordPattern(keyword: string): RegExp {
  let pattern = keywordPatterns.get(keyword);
  if (!pattern) keywordPatterns.set(keyword, (pattern = phraseRegex(keyword)));
  return pattern;
}

function matches(rule: OrganizationRule, input: OrganizationRuleInput, ascii: string): boolean {
  if (rule.supplierVkn && rule.supplierVkn !== input.supplierVkn?.trim()) return false;
  if (rule.itemCode && rule.itemCode.trim() !== input.itemCode?.trim()) return false;
  if (rule.keyword && !keywordPattern(rule.keyword).test(ascii)) return false;
  return true;
}

/** The most specific matching rule; ties keep the caller's order. `ascii`: the folded description, when known. */
export function matchOrganizationRule(
  rules: readonly OrganizationRule[],
  input: OrganizationRuleInput,
  ascii: string = normalizeText(input.description).ascii,
): OrganizationRuleHit | null {
  let best: { rule: OrganizationRule; rank: number; confidence: number; level: string } | null = null;
  for (const rule of rules) {
    if (!matches(rule, input, ascii)) continue;
    const l = level(rule);
    if (!best || l.rank < best.rank) best = { rule, ...l };
  }
  return best ? { rule: best.rule, confidence: best.confidence, level: best.level } : null;
}
