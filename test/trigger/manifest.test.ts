/**
 * What a Trigger.dev worker would index: every file in the task folder loads and registers its tasks,
 * with the ids and options the deploy publishes (concurrency per integration, retries, maxDuration,
 * the schedule); trigger.config.ts points at that folder and takes its project ref from the settings.
 */
import { resourceCatalog } from '@trigger.dev/core/v3';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHUNK_MS, SYNC_MAX_DURATION_S } from '../../pipelines/scale-out/runs.js';
import { loadTasks, root, taskDir, taskFiles } from './task-context.js';

describe('the worker manifest', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('every task file loads and registers its tasks with the expected ids and options', async () => {
    await loadTasks();
    const manifests = resourceCatalog.listTaskManifests();
    expect(manifests.map((m) => m.id).sort()).toEqual(['daily-dispatch', 'sync-integration']);
    expect([...new Set(manifests.map((m) => m.filePath))].sort()).toEqual([...taskFiles].sort());
    expect(resourceCatalog.listTaskIdCollisions()).toEqual([]);

    expect(resourceCatalog.getTaskManifest('sync-integration')).toMatchObject({
      filePath: `${taskDir}/sync-integration.ts`,
      concurrency: { inline: { perKey: 1, total: 20 } },
      maxDuration: SYNC_MAX_DURATION_S,
      machine: { preset: 'small-1x' },
      retry: { maxAttempts: 5, factor: 2, minTimeoutInMs: 30_000, maxTimeoutInMs: 900_000, randomize: true },
    });
    // A chunk and its last page end well inside one attempt's maxDuration.
    expect(CHUNK_MS * 2).toBeLessThanOrEqual(SYNC_MAX_DURATION_S * 1_000);
    expect(resourceCatalog.getTaskManifest('daily-dispatch')).toMatchObject({
      filePath: `${taskDir}/daily-dispatch.ts`,
      triggerSource: 'schedule',
      schedule: { cron: '0 3 * * *', timezone: 'Europe/Istanbul' },
      retry: { maxAttempts: 3, randomize: true },
    });
    // Each module exports its task objects under the ids registered.
    for (const file of taskFiles) {
      const exported = Object.values(await import(path.join(root, file))) as { id?: unknown }[];
      expect(exported.map((t) => t.id).every((id) => typeof id === 'string' && resourceCatalog.taskExists(id))).toBe(true);
    }
  });

  it('trigger.config.ts deploys the task folder to the project TRIGGER_PROJECT_REF names', async () => {
    vi.stubEnv('TRIGGER_PROJECT_REF', 'proj_einvoicetest');
    vi.resetModules();
    const { default: config } = (await import('../../trigger.config.js')) as { default: { project: string; dirs: string[]; maxDuration: number; build: { external: string[] } } };
    expect(config.project).toBe('proj_einvoicetest');
    expect(config.dirs.map((d) => path.relative(root, path.resolve(root, d)))).toEqual([taskDir]);
    expect(config.maxDuration).toBeGreaterThanOrEqual(SYNC_MAX_DURATION_S);
    expect(config.build.external).toContain('pg-native');
  });

  it('trigger.config.ts without TRIGGER_PROJECT_REF stops with a message naming it', async () => {
    vi.stubEnv('TRIGGER_PROJECT_REF', '');
    vi.resetModules();
    await expect(import('../../trigger.config.js')).rejects.toThrow(/TRIGGER_PROJECT_REF: expected the Trigger.dev project ref/);
  });
});
