/** Once per `npm test`: find a PostgreSQL server; every test file then makes its own database on it. */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { dropDatabasesWithPrefix, startTestServer, type ServerKind } from './database-server.js';
import { startFigures } from './reliability/figures.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testServerUrl: string;
    testServerKind: ServerKind;
    /** Prefix of every database this run creates, so teardown can drop what a crashed file left. */
    testDatabasePrefix: string;
    /** Where the reliability files record their figures for the summary line (test/reliability/figures.ts). */
    reliabilityFiguresDir: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer();
  const prefix = `test_${randomBytes(4).toString('hex')}`;
  project.provide('testServerUrl', server.url);
  project.provide('testServerKind', server.kind);
  project.provide('testDatabasePrefix', prefix);
  const figures = await startFigures();
  project.provide('reliabilityFiguresDir', figures.dir);
  return async () => {
    try {
      await figures.finish();
    } finally {
      await dropDatabasesWithPrefix(server.url, prefix).catch(() => {});
      await server.stop();
    }
  };
}
