import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factorRows, loadFactorLibrary } from '../transformers/emissions/index.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { FactorEditionChanged, loadEmissionFactors } from './emission-factors.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('loadEmissionFactors', () => {
  const rows = factorRows(loadFactorLibrary());

  it('loads every factor of the library once, idempotently', async () => {
    expect(rows.length).toBeGreaterThan(100);
    expect(await loadEmissionFactors(t.db, rows)).toEqual({ inserted: rows.length, unchanged: 0 });
    expect(await loadEmissionFactors(t.db, rows)).toEqual({ inserted: 0, unchanged: rows.length });
    const electricity = rows.find((r) => r.key.startsWith('electricity'));
    expect(electricity).toBeDefined();
    const stored = await t.db.selectFrom('emission_factors').selectAll().where('key', '=', electricity!.key).where('edition', '=', electricity!.edition).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ value: electricity!.value, unit: electricity!.unit, source: electricity!.source, licence: electricity!.licence });
  });

  it('refuses a changed value under a published edition and keeps what was loaded', async () => {
    const [first] = rows;
    const changed = { ...first!, value: String(Number(first!.value) + 1) };
    await expect(loadEmissionFactors(t.db, [changed])).rejects.toThrow(FactorEditionChanged);
    await expect(loadEmissionFactors(t.db, [changed])).rejects.toThrow(`emission factor ${first!.key} edition ${first!.edition}`);
    const stored = await t.db.selectFrom('emission_factors').select('value').where('key', '=', first!.key).where('edition', '=', first!.edition).executeTakeFirstOrThrow();
    expect(Number(stored.value)).toBe(Number(first!.value));
    // The same number written differently is not a change.
    const padded = { ...first!, value: first!.value.includes('.') ? `${first!.value}00` : `${first!.value}.000` };
    expect(await loadEmissionFactors(t.db, [padded])).toEqual({ inserted: 0, unchanged: 1 });
    // A correction as a new edition is accepted beside the old one.
    expect(await loadEmissionFactors(t.db, [{ ...changed, edition: `${first!.edition}-corrected` }])).toEqual({ inserted: 1, unchanged: 0 });
  });
});
