import type { Flag } from '../ubl-tr/schema.js';

/** Flags of one code with a path kept per document; the rest fold into one summary (a 100,000-line document is not 200,000 flags). */
export const MAX_FLAGS_PER_CODE = 100;

/**
 * Keeps the first MAX_FLAGS_PER_CODE flags of each code that carry a path and folds the others into one
 * flag of that code without a path (which, for a review flag, holds the whole document). Flags without
 * a path are never folded, so folding twice changes nothing.
 */
export function foldRepeatedFlags(flags: readonly Flag[]): Flag[] {
  const counts = new Map<string, number>();
  for (const f of flags) if (f.path !== undefined) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  if (![...counts.values()].some((n) => n > MAX_FLAGS_PER_CODE)) return [...flags];
  const kept: Flag[] = [];
  const folded = new Map<string, { count: number; first: string; last: string; message: string }>();
  const seen = new Map<string, number>();
  for (const f of flags) {
    const n = f.path === undefined ? 0 : (seen.get(f.code) ?? 0) + 1;
    if (f.path !== undefined) seen.set(f.code, n);
    if (n <= MAX_FLAGS_PER_CODE) {
      kept.push(f);
      continue;
    }
    const fold = folded.get(f.code);
    if (fold) {
      fold.count++;
      fold.last = f.path!;
    } else folded.set(f.code, { count: 1, first: f.path!, last: f.path!, message: f.message });
  }
  for (const [code, fold] of folded) {
    kept.push({ code, message: `${fold.count} more flags ${code} beyond the first ${MAX_FLAGS_PER_CODE} (${fold.first} … ${fold.last}), e.g. "${fold.message}"` });
  }
  return kept;
}
