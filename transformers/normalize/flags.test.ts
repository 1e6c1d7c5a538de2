import { describe, expect, it } from 'vitest';
import { foldRepeatedFlags, MAX_FLAGS_PER_CODE } from './flags.js';

const lineFlag = (code: string, i: number) => ({ code, message: `line ${i}`, path: `Invoice/cac:InvoiceLine[${i}]` });

describe('foldRepeatedFlags', () => {
  it('keeps the first flags of a code with a path and folds the rest into one without a path', () => {
    const flags = [{ code: 'direction_assumed', message: 'doc' }, ...Array.from({ length: 250 }, (_, i) => lineFlag('unit_missing', i + 1)), lineFlag('quantity_missing', 1)];
    const folded = foldRepeatedFlags(flags);
    expect(folded.filter((f) => f.code === 'unit_missing' && f.path !== undefined)).toHaveLength(MAX_FLAGS_PER_CODE);
    const summary = folded.filter((f) => f.code === 'unit_missing' && f.path === undefined);
    expect(summary).toEqual([{ code: 'unit_missing', message: expect.stringMatching(/^150 more flags unit_missing beyond the first 100 \(Invoice\/cac:InvoiceLine\[101\] … Invoice\/cac:InvoiceLine\[250\]\)/) }]);
    expect(folded.filter((f) => f.code !== 'unit_missing')).toEqual([flags[0], flags[251]]);
  });

  it('changes nothing under the limit, and nothing when folding twice', () => {
    const few = Array.from({ length: MAX_FLAGS_PER_CODE }, (_, i) => lineFlag('unit_missing', i + 1));
    expect(foldRepeatedFlags(few)).toEqual(few);
    const once = foldRepeatedFlags(Array.from({ length: 300 }, (_, i) => lineFlag('unit_missing', i + 1)));
    expect(foldRepeatedFlags(once)).toEqual(once);
  });
});
