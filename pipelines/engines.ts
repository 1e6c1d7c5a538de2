/**
 * The engine seam: `ENGINE=local` (default) runs the pg-boss engine in this process; `ENGINE=trigger`
 * runs no job queue here and hands every sync to Trigger.dev. Either way the lifecycle service gets a
 * SyncEngine. The Trigger.dev SDK is loaded only when it is the engine, so the local path never pays
 * for it (nor does the pipeline core import it).
 */
import type { Config } from '../db/config.js';
import type { SyncEngine } from './lifecycle.js';
import { connectSyncQueue, startLocalEngine } from './local-engine.js';
import type { SyncDependencies } from './sync.js';

export interface RunningEngine {
  kind: Config['engine'];
  engine: SyncEngine;
  stop(): Promise<void>;
}

type EngineConfig = Pick<Config, 'engine' | 'trigger' | 'dailySyncCron' | 'timeZone'>;
type EngineOptions = { connectionString: string; sync: Pick<SyncDependencies, 'db' | 'logger'> };

async function triggerEngine(config: EngineConfig, options: EngineOptions): Promise<RunningEngine> {
  const { secretKey, apiUrl } = config.trigger;
  if (!secretKey) throw new Error('ENGINE=trigger needs TRIGGER_SECRET_KEY');
  const { createTriggerEngine, triggerDevApi } = await import('./scale-out/engine.js');
  const engine = createTriggerEngine({ db: options.sync.db, api: triggerDevApi({ secretKey, apiUrl }), logger: options.sync.logger });
  return { kind: 'trigger', engine, stop: async () => {} };
}

/**
 * The engine of a process that only asks for syncs and runs none (the CLI): the local job queue without
 * workers (the jobs wait for `npm start`), or Trigger.dev.
 */
export async function connectEngine(config: EngineConfig, options: EngineOptions): Promise<RunningEngine> {
  if (config.engine === 'trigger') return triggerEngine(config, options);
  const queue = await connectSyncQueue(options.connectionString);
  return { kind: 'local', engine: queue, stop: () => queue.close() };
}

export async function startEngine(config: EngineConfig, options: { connectionString: string; sync: SyncDependencies }): Promise<RunningEngine> {
  if (config.engine === 'trigger') return triggerEngine(config, options);
  const engine = await startLocalEngine({ connectionString: options.connectionString, sync: options.sync, dailyCron: config.dailySyncCron, timeZone: config.timeZone });
  return { kind: 'local', engine, stop: () => engine.stop() };
}
