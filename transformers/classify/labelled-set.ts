/**
 * The labelled set of Turkish invoice line texts (data/labelled-lines.tsv) and its deterministic
 * train / held-out split: FNV-1a of the folded description, so duplicate texts fall on the same side.
 */
import { CategoryKey } from '../../domain/categories.js';
import { normalizeText } from './text.js';

export interface LabelledLine {
  category: CategoryKey;
  description: string;
  unitCode?: string;
  supplierName?: string;
}

export class LabelledSetError extends Error {
  override name = 'LabelledSetError';
  constructor(readonly line: number, message: string) { super(`labelled-lines.tsv line ${line}: ${message}`); }
}

/** Columns: category, unitCode, supplierName, description (tab-separated, header first). */
export function parseLabelledSet(tsv: string): LabelledLine[] {
  const lines = tsv.split(/\r?\n/);
  return lines.slice(1).flatMap((line, i) => {
    if (line.trim() === '') return [];
    const cells = line.split('\t');
    if (cells.length !== 4) throw new LabelledSetError(i + 2, `expected 4 tab-separated fields, got ${cells.length}`);
    const [category, unitCode, supplierName, description] = cells as [string, string, string, string];
    const parsed = CategoryKey.safeParse(category);
    if (!parsed.success) throw new LabelledSetError(i + 2, `unknown category "${category}"`);
    if (description.trim() === '') throw new LabelledSetError(i + 2, 'empty description');
    return [{ category: parsed.data, description, unitCode: unitCode || undefined, supplierName: supplierName || undefined }];
  });
}

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Bucket 0–9 of a line; buckets 0 and 1 (≈ 20 %) are held out, bucket 2 is the calibration fold inside training. */
export const bucketOf = (line: LabelledLine): number => fnv1a(normalizeText(line.description).ascii) % 10;
export const isHeldOut = (line: LabelledLine): boolean => bucketOf(line) < 2;
