/**
 * Columns of a table from the PostgreSQL catalog (stack.md §4.2): type, nullability, default, primary key,
 * single-column foreign key and the values a `CHECK (col IN (…))` allows.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface ColumnInfo {
  name: string;
  /** pg_type.typname: uuid, text, int4, int8, numeric, date, timestamptz, bool, jsonb… */
  pgType: string;
  notNull: boolean;
  hasDefault: boolean;
  isPrimaryKey: boolean;
  /** The table a single-column foreign key points at. */
  references: string | null;
  /** From a single-column CHECK constraint listing the allowed values. */
  allowedValues: string[] | null;
  position: number;
}

interface CatalogRow {
  name: string;
  pg_type: string;
  not_null: boolean;
  has_default: boolean;
  is_pk: boolean;
  references: string | null;
  checks: string[] | null;
  position: number;
}

const LISTED_VALUES = /= ANY \(\(?ARRAY\[(.+?)\]/;

/** `CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))` → ['a', 'b']. */
export function valuesOfCheck(definition: string): string[] | null {
  const list = LISTED_VALUES.exec(definition)?.[1];
  if (!list) return null;
  return [...list.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'"));
}

export async function introspectTable(db: Kysely<Database>, table: string): Promise<ColumnInfo[]> {
  const { rows } = await sql<CatalogRow>`
    SELECT a.attname AS name, t.typname AS pg_type, a.attnotnull AS not_null, a.atthasdef AS has_default, a.attnum AS position,
      EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = a.attrelid AND c.contype = 'p' AND a.attnum = ANY (c.conkey)) AS is_pk,
      (SELECT f.relname FROM pg_constraint c JOIN pg_class f ON f.oid = c.confrelid
        WHERE c.conrelid = a.attrelid AND c.contype = 'f' AND c.conkey = ARRAY[a.attnum]::int2[] LIMIT 1) AS references,
      (SELECT array_agg(pg_get_constraintdef(c.oid)) FROM pg_constraint c
        WHERE c.conrelid = a.attrelid AND c.contype = 'c' AND c.conkey = ARRAY[a.attnum]::int2[]) AS checks
    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
    WHERE a.attrelid = to_regclass(${'public.' + table}) AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attnum`.execute(db);
  if (rows.length === 0) throw new Error(`admin: table ${table} does not exist`);
  return rows.map((r) => ({
    name: r.name, pgType: r.pg_type, notNull: r.not_null, hasDefault: r.has_default, isPrimaryKey: r.is_pk, references: r.references,
    allowedValues: (r.checks ?? []).map(valuesOfCheck).find((v) => v !== null) ?? null, position: Number(r.position),
  }));
}
