/**
 * A backfill in a process of its own, for the crash tests: syncs one integration and prints one JSON line
 * per committed page. The vault keys come in the environment, never on the command line. CRASH_AT (with
 * CRASH_OCCURRENCE, 1 by default) names a crash point the child announces and waits at to be killed (crash-points.ts).
 */
import { createDatabase } from '../../db/database.js';
import { createVault, parseKeyring } from '../../db/vault.js';
import { createLogger } from '../../domain/logging.js';
import { syncIntegration } from '../../pipelines/sync.js';
import { CrashPoint, installCrashPoint } from './crash-points.js';

const { DATABASE_URL, INTEGRATION_ID, ENCRYPTION_KEYS, CRASH_AT, CRASH_OCCURRENCE } = process.env;
if (!DATABASE_URL || !INTEGRATION_ID || !ENCRYPTION_KEYS) throw new Error('DATABASE_URL, INTEGRATION_ID and ENCRYPTION_KEYS are required');
const handle = createDatabase(DATABASE_URL, { max: 3 });
if (CRASH_AT) installCrashPoint(handle.pool, CrashPoint.parse(CRASH_AT), Number(CRASH_OCCURRENCE ?? '1'));
const outcome = await syncIntegration(
  { db: handle.db, pool: handle.pool, vault: createVault(parseKeyring(ENCRYPTION_KEYS)), logger: createLogger({ level: 'silent' }), extractorOptions: { pageSize: 5 } },
  { integrationId: INTEGRATION_ID, trigger: 'backfill', performedBy: 'system' },
  { onProgress: (p) => process.stdout.write(JSON.stringify(p) + '\n') },
);
process.stdout.write(JSON.stringify({ done: outcome.status }) + '\n');
await handle.destroy();
