/** A throw-away migrated database for a benchmark, on the same server order as the tests. */
import { createDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createDatabaseOn, startTestServer } from '../test/database-server.js';

export async function withBenchDatabase<T>(run: (database: DatabaseHandle & { url: string }) => Promise<T>): Promise<T> {
  const server = await startTestServer();
  try {
    const created = await createDatabaseOn(server.url, 'bench');
    const handle = createDatabase(created.url, { max: 4 });
    try {
      await migrateToLatest(handle.db);
      return await run({ ...handle, url: created.url });
    } finally {
      await handle.destroy();
      await created.drop();
    }
  } finally {
    await server.stop();
  }
}
