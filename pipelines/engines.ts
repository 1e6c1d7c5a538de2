/**
 * The engine seam: `ENGINE=local` (default) runs the pg-boss engine in this process; `ENGINE=trigger`
 * runs no job queue here and hands every sync to Trigger.dev. Either way the lifecycle service gets a
 * SyncEngine. The Trigger.dev SDK is loaded only when it is the engine, so the local path never pays
 * for it (nor does the pipeline core import it).
 */
import type { Config } from '../db/config.js';
import type { SyncEngine } from './lifecycle.js';
import { startLocalEngine } from './local-engine.js';
import type { SyncDependencies } from './sync.js';

export interface RunningEngine {
  kind: Config['engine'];
  engine: SyncEngine;
  stop(): Promise<void>;
}

export async function startEngine(config: Pick<Config, 'engine' | 'trigger' | 'dailySyncCron' | 'timeZone'>, options: { connectionString: string; sync: SyncDependencies }): Promise<RunningEngine> {
  if (config.engine === 'trigger') {
    const { secretKey, apiUrl } = config.trigger;
    if (!secretKey) throw new Error('ENGINE=trigger needs TRIGGER_SECRET_KEY');
    const { createTriggerEngine, triggerDevApi } = await import('./scale-out/engine.js');
    const engine = createTriggerEngine({ db: options.sync.db, api: triggerDevApi({ secretKey, apiUrl }), logger: options.sync.logger });
    return { kind: 'trigger', engine, stop: async () => {} };
  }
  const engine = await startLocalEngine({ connectionString: options.connectionString, sync: options.sync, dailyCron: config.dailySyncCron, timeZone: config.timeZone });
  return { kind: 'local', engine, stop: () => engine.stop() };
}
