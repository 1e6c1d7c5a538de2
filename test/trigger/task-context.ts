/**
 * Runs our Trigger.dev tasks without a Trigger.dev server: the task files are loaded into a resource
 * catalog the way a worker indexes them, and a run executes inside the SDK's official in-memory
 * harness (runInMockTaskContext) with the test's dependencies in the run's locals.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { metadata } from '@trigger.dev/sdk';
import { resourceCatalog } from '@trigger.dev/core/v3';
import { runInMockTaskContext } from '@trigger.dev/core/v3/test';
import { StandardResourceCatalog } from '@trigger.dev/core/v3/workers';
import { taskDependenciesKey, type TaskDependencies } from '../../pipelines/scale-out/dependencies.js';

export const root = path.resolve(import.meta.dirname, '../..');
export const taskDir = 'pipelines/trigger';

/** Every file in the task folder, as `dirs` in trigger.config.ts makes each one an entry point. */
export const taskFiles = readdirSync(path.join(root, taskDir)).filter((f) => f.endsWith('.ts')).map((f) => `${taskDir}/${f}`);

let loaded: Promise<void> | undefined;

/** Indexes every task file once per test file, each under its own file context (as the worker does). Import a task module only after this. */
export function loadTasks(): Promise<void> {
  loaded ??= (async () => {
    resourceCatalog.setGlobalResourceCatalog(new StandardResourceCatalog());
    for (const file of taskFiles) {
      resourceCatalog.setCurrentFileContext(file, path.basename(file, '.ts'));
      await import(path.join(root, file));
    }
    resourceCatalog.clearCurrentFileContext();
  })();
  return loaded;
}

export type TaskRun = { ok: true; output: unknown; metadata: Record<string, unknown> } | { ok: false; error: unknown; metadata: Record<string, unknown> };

/**
 * One attempt of a run of task `id`, the payload parsed by the task's own schema as the worker does.
 * Without `deps` the task builds its own from the environment, as in a deployed worker.
 */
export async function runTask(id: string, payload: unknown, options: { deps?: TaskDependencies; runId: string; signal?: AbortSignal }): Promise<TaskRun> {
  await loadTasks();
  const task = resourceCatalog.getTask(id);
  if (!task) throw new Error(`no task ${id} was registered`);
  return runInMockTaskContext(async ({ ctx, locals }) => {
    if (options.deps) locals.set(taskDependenciesKey, options.deps);
    const signal = options.signal ?? new AbortController().signal;
    try {
      const parsed = task.fns.parsePayload ? await task.fns.parsePayload(payload) : payload;
      const output: unknown = await task.fns.run(parsed, { ctx, signal });
      return { ok: true as const, output, metadata: { ...metadata.current() } };
    } catch (error) {
      return { ok: false as const, error, metadata: { ...metadata.current() } };
    }
  }, { ctx: { run: { id: options.runId }, task: { id } } });
}
