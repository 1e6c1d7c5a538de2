/**
 * Loads the factor library's rows into emission_factors. Editions are immutable once published: a new
 * (key, edition) is inserted, an identical one is left alone, and a changed value under an existing
 * edition is refused — a correction must be a new edition, so past results stay re-performable.
 */
import { sql, type Kysely } from 'kysely';
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
    // Compare what was already there with what the library says now, in the database: numeric equality
    // is exact (0.4390 = 0.439), and only the incoming identities are looked at.
    const incoming = JSON.stringify(rows.map((r) => ({ key: r.key, edition: r.edition, value: r.value, unit: r.unit })));
    const { rows: changed } = await sql<{ key: string; edition: string; stored: string; storedUnit: string; value: string; unit: string }>`
      SELECT f.key, f.edition, f.value::text AS stored, f.unit AS "storedUnit", r.value::text AS value, r.unit
      FROM jsonb_to_recordset(${incoming}::jsonb) AS r(key text, edition text, value numeric, unit text)
      JOIN emission_factors f ON f.key = r.key AND f.edition = r.edition
      WHERE f.value <> r.value OR f.unit <> r.unit
      LIMIT 1`.execute(trx);
    const [first] = changed;
    if (first) {
      throw new FactorEditionChanged(
        `emission factor ${first.key} edition ${first.edition}: stored ${first.stored} ${first.storedUnit}, library says ${first.value} ${first.unit}; ` +
          'a published edition never changes — publish the correction as a new edition',
      );
    }
    return { inserted, unchanged: rows.length - inserted };
  });
}
