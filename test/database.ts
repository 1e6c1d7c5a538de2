/** A fresh database for one test file: `const t = await createTestDatabase(); afterAll(t.drop)`. */
import { inject } from 'vitest';
import { createFreshDatabase, type FreshDatabase } from './database-server.js';

export type TestDatabase = FreshDatabase;

export function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  return createFreshDatabase(inject('testServerUrl'), inject('testDatabasePrefix'), options);
}
