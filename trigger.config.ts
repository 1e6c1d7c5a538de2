/**
 * Trigger.dev project configuration (`npx trigger.dev@4.8.3 deploy`, `… dev`): the task shells live in
 * pipelines/trigger/ (every file there is an entry point, so helpers live beside it in
 * pipelines/scale-out/). The project ref comes from TRIGGER_PROJECT_REF, validated like every setting.
 */
import { defineConfig } from '@trigger.dev/sdk';
import { ConfigError, loadConfig } from './db/config.js';

const projectRef = loadConfig().trigger.projectRef;
if (!projectRef) throw new ConfigError('TRIGGER_PROJECT_REF: expected the Trigger.dev project ref (proj_…) to deploy to, from the project settings in the dashboard');

export default defineConfig({
  project: projectRef,
  dirs: ['./pipelines/trigger'],
  // Per attempt; each task sets its own (a sync chunk ends well inside it).
  maxDuration: 3_600,
  retries: { enabledInDev: false, default: { maxAttempts: 3, factor: 2, minTimeoutInMs: 1_000, maxTimeoutInMs: 60_000, randomize: true } },
  // pg's optional native binding is never installed: keep it out of the bundle.
  build: { external: ['pg-native'] },
});
