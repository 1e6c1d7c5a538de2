/**
 * The independent labelled sets (data/independent-lines.tsv, -2.tsv, -3.tsv, provenance in the .md beside each): lines
 * written by three people who had not read the classifier, in one format. Cross-validated by folds of the row id
 * (train-classifier.ts) and set by set (cross-validation.ts).
 */
import { CategoryKey } from '../../domain/categories.js';
import { LabelledSetError, type LabelledLine } from './labelled-set.js';

export interface IndependentLine extends LabelledLine {
  id: string;
  quantity?: string;
  note: string;
}

const COLUMNS = ['id', 'description', 'supplier_name', 'unit_code', 'quantity', 'category', 'note'];

/** Tab-separated, no quoting (descriptions may hold a literal `"`), header first. */
export function parseIndependentSet(tsv: string): IndependentLine[] {
  const [header, ...rows] = tsv.split(/\r?\n/);
  if (header !== COLUMNS.join('\t')) throw new LabelledSetError(1, `expected the header ${COLUMNS.join(', ')}`);
  return rows.flatMap((row, i) => {
    if (row.trim() === '') return [];
    const cells = row.split('\t');
    if (cells.length !== COLUMNS.length) throw new LabelledSetError(i + 2, `expected ${COLUMNS.length} tab-separated fields, got ${cells.length}`);
    const [id, description, supplierName, unitCode, quantity, category, note] = cells as [string, string, string, string, string, string, string];
    const parsed = CategoryKey.safeParse(category);
    if (!parsed.success) throw new LabelledSetError(i + 2, `unknown category "${category}"`);
    return [{
      id, description, category: parsed.data, note,
      ...(supplierName ? { supplierName } : {}), ...(unitCode ? { unitCode } : {}), ...(quantity ? { quantity } : {}),
    }];
  });
}
