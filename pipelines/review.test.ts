import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineRows } from '../loaders/rows.js';
import { factorRows, loadFactorLibrary } from '../transformers/emissions/index.js';
import { defaultTransformContext, transformDocument } from '../transformers/transform.js';
import { reviewedResult } from './review.js';

const xml = readFileSync(new URL('../test/fixtures/ubl-tr/gib_temel_fatura_elektrik_KWH.xml', import.meta.url), 'utf8');
const factorIds = new Map(factorRows(loadFactorLibrary()).map((f, i) => [`${f.key}\u0000${f.edition}`, `factor-${i}`]));
const [line] = lineRows(transformDocument(xml, defaultTransformContext([])), { organizationId: 'o', integrationId: 'i', sourceDocumentId: 's', factorIds }, 'inv');
const stored = JSON.parse(String(line!.calculation)) as never;

describe('a reviewed line is calculated again under its new category', () => {
  it('confirming the classifier keeps its result', () => {
    expect(reviewedResult(stored, 'electricity', 'a@example.com', factorIds)).toMatchObject({ status: 'calculated', method: 'activity', kg_co2e: line!.kg_co2e, factor_id: line!.factor_id });
  });

  it('another category gets that category\'s result, and the review is in the audit', () => {
    const result = reviewedResult(stored, 'purchased_services', 'a@example.com', factorIds)!;
    expect(result).toMatchObject({ status: 'calculated', method: 'spend' });
    expect(result.kg_co2e).not.toBe(line!.kg_co2e);
    expect(JSON.parse(result.calculation)).toMatchObject({ review: { category: 'purchased_services', by: 'a@example.com' }, result: { audit: { input: { category: 'purchased_services' } } } });
  });

  it('not_emission is excluded; a line without a stored input is left to the caller', () => {
    expect(reviewedResult(stored, 'not_emission', 'a@example.com', factorIds)).toMatchObject({ status: 'excluded', kg_co2e: null, factor_id: null });
    expect(reviewedResult(null, 'electricity', 'a@example.com', factorIds)).toBeNull();
  });
});
