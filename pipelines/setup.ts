/**
 * Brings a database to the state the service runs on: the schema, the emission factor library and the
 * demo organization. `npm run migrate` and `npm start` both call it, so the CLI can work on a database
 * no server has touched.
 */
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { seedDemoOrganization } from '../db/seed.js';
import { loadEmissionFactors, type FactorLoadResult } from '../loaders/emission-factors.js';
import { factorRows, loadFactorLibrary } from '../transformers/emissions/index.js';

export interface PreparedDatabase {
  migrationsApplied: string[];
  factors: FactorLoadResult;
  demoOrganizationId: string;
}

export async function prepareDatabase(db: Kysely<Database>): Promise<PreparedDatabase> {
  const migrationsApplied = await migrateToLatest(db);
  const factors = await loadEmissionFactors(db, factorRows(loadFactorLibrary()));
  const demoOrganizationId = await seedDemoOrganization(db);
  return { migrationsApplied, factors, demoOrganizationId };
}
