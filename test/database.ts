/** A fresh database for one test file: `const t = await createTestDatabase(); afterAll(t.drop)`. */
import { inject } from 'vitest';
import { createFreshDatabase, type FreshDatabase } from './database-server.js';

export type TestDatabase = FreshDatabase;

/** On the suite's server, or on `serverUrl` (a server a test started for itself). */
export function createTestDatabase(options: { migrate?: boolean; serverUrl?: string } = {}): Promise<TestDatabase> {
  return createFreshDatabase(options.serverUrl ?? inject('testServerUrl'), inject('testDatabasePrefix'), options);
}
