/**
 * Starts bench/support/simulator-process.ts in a child process (own event loop, own core when one is
 * free), under the bench process's own Node options (its TypeScript loader, heap settings): the simulator
 * is measured as the extractor is run.
 */
import { fork } from 'node:child_process';
import type { DatasetSpec } from '../../simulators/index.js';

export interface ChildSimulator {
  url: string;
  credentials: Record<string, string>;
  stop(): Promise<void>;
}

export async function startChildSimulator(spec: DatasetSpec): Promise<ChildSimulator> {
  const child = fork(new URL('./simulator-process.ts', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<{ url: string; credentials: Record<string, string> }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { url: string; credentials: Record<string, string> }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator process exited with code ${code} before it was ready`)));
    child.send(spec);
  });
  return {
    ...ready,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await exited;
    },
  };
}
