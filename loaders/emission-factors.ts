/**
 * Loads the factor library's rows into emission_factors. Editions are immutable once published: a new
 * (key, edition) is inserted, an identical one is left alone, and a changed value under an existing
 * edition is refused — a correction must be a new edition, so past results stay re-performable.
 */
import type { Kysely } from 'kysely';
import type { EmissionFactorRow } from '../transformers/emissions/index.js';
import type { Database } from '../db/schema.js';

export class FactorEditionChanged extends Error {
  override name = 'FactorEditionChanged';
}

export interface FactorLoadResult {
  inserted: number;
  unchanged: number;
}

const BATCH = 500;

/** '0.4390' and '0.439' are the same numeric; compare decimal strings without trailing zeros. */
const canonicalDecimal = (value: string) => (value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value);

export async function loadEmissionFactors(db: Kysely<Database>, rows: readonly EmissionFactorRow[]): Promise<FactorLoadResult> {
  return db.transaction().execute(async (trx) => {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const result = await trx
        .insertInto('emission_factors')
        .values(batch.map((r) => ({
          key: r.key, edition: r.edition, unit: r.unit, value: r.value, source: r.source, licence: r.licence,
          source_sha256: r.sourceSha256, valid_from: r.validFrom, valid_to: r.validTo, metadata: JSON.stringify(r.metadata),
        })))
        .onConflict((oc) => oc.columns(['key', 'edition']).doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    // Compare what was already there with what the library says now.
    const stored = await trx.selectFrom('emission_factors').select(['key', 'edition', 'value', 'unit']).execute();
    const byIdentity = new Map(stored.map((s) => [`${s.key}@${s.edition}`, s]));
    for (const row of rows) {
      const existing = byIdentity.get(`${row.key}@${row.edition}`);
      if (existing && (canonicalDecimal(existing.value) !== canonicalDecimal(row.value) || existing.unit !== row.unit)) {
        throw new FactorEditionChanged(
          `emission factor ${row.key} edition ${row.edition}: stored ${existing.value} ${existing.unit}, library says ${row.value} ${row.unit}; ` +
            'a published edition never changes — publish the correction as a new edition',
        );
      }
    }
    return { inserted, unchanged: rows.length - inserted };
  });
}
