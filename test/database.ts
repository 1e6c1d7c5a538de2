/** A fresh database for one test file: `const t = await createTestDatabase(); afterAll(t.drop)`. */
import { inject } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createDatabaseOn } from './database-server.js';

export interface TestDatabase extends DatabaseHandle {
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const created = await createDatabaseOn(inject('testServerUrl'), inject('testDatabasePrefix'));
  const handle = createDatabase(created.url, { max: 4 });
  if (options.migrate ?? true) await migrateToLatest(handle.db);
  return {
    ...handle,
    url: created.url,
    name: created.name,
    drop: async () => {
      await handle.destroy();
      await created.drop();
    },
  };
}
