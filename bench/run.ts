/**
 * `npm run bench [-- --scenario NAME] [-- --size N]`: runs benchmark scenarios and prints one JSON
 * object per line. Each scenario lives in bench/scenarios/<name>.ts.
 */
import { parseArgs } from 'node:util';
import { stopOnSignals } from '../cli/signals.js';
import type { BenchScenario } from './result.js';

const scenarios: Record<string, () => Promise<{ scenario: BenchScenario }>> = {
  simulators: () => import('./scenarios/simulators.js'),
  'copy-inventory-lines': () => import('./scenarios/copy-inventory-lines.js'),
  transform: () => import('./scenarios/transform.js'),
  extract: () => import('./scenarios/extract.js'),
  'soap-parse': () => import('./scenarios/soap-parse.js'),
  'e2e-backfill': () => import('./scenarios/e2e-backfill.js'),
  'idle-sync': () => import('./scenarios/idle-sync.js'),
  loader: () => import('./scenarios/loader.js'),
  'export-csv': () => import('./scenarios/export-csv.js'),
  'panel-lists': () => import('./scenarios/panel-lists.js'),
};

const { values } = parseArgs({
  options: { scenario: { type: 'string', multiple: true }, size: { type: 'string' }, list: { type: 'boolean' } },
});

if (values.list) {
  for (const name of Object.keys(scenarios)) process.stdout.write(name + '\n');
  process.exit(0);
}
const selected = values.scenario ?? Object.keys(scenarios);
const unknown = selected.filter((name) => !(name in scenarios));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown scenario ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}\n`);
  process.exit(2);
}
const size = values.size === undefined ? undefined : Number(values.size);
if (size !== undefined && (!Number.isInteger(size) || size <= 0)) {
  process.stderr.write(`bench: --size must be a positive integer, got "${values.size}"\n`);
  process.exit(2);
}

// Interrupted: exit 1; the embedded server's exit hook stops a server a scenario started.
const signals = stopOnSignals(async () => {}, 1);
for (const name of selected) {
  const load = scenarios[name];
  if (!load) continue;
  const { scenario } = await load();
  const results = await scenario.run({ size: size ?? scenario.defaultSize });
  for await (const result of results) process.stdout.write(JSON.stringify(result) + '\n');
}
signals.dispose();
