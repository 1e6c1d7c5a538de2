/** A throw-away migrated database for a benchmark, on the same server order as the tests. */
import { createFreshDatabase, startTestServer, type FreshDatabase } from '../test/database-server.js';

export async function withBenchDatabase<T>(run: (database: FreshDatabase) => Promise<T>): Promise<T> {
  const server = await startTestServer();
  try {
    const database = await createFreshDatabase(server.url, 'bench');
    try {
      return await run(database);
    } finally {
      await database.drop();
    }
  } finally {
    await server.stop();
  }
}
