/**
 * Raw XML is most of the bytes the loader writes, and pglz, PostgreSQL's default TOAST compression,
 * costs about half of a page's document insert (measured: 2,000 invoices, 1.04 s with pglz against
 * 0.49 s with lz4). Servers built with lz4 (Debian's, most managed ones) use it for the XML and the
 * quarantine payload; a server without it (the embedded one from npm) keeps pglz.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DO $$
BEGIN
  ALTER TABLE source_documents ALTER COLUMN xml SET COMPRESSION lz4;
  ALTER TABLE quarantined_documents ALTER COLUMN payload SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available on this server: raw documents stay pglz-compressed';
END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE source_documents ALTER COLUMN xml SET COMPRESSION default`.execute(db);
  await sql`ALTER TABLE quarantined_documents ALTER COLUMN payload SET COMPRESSION default`.execute(db);
}
