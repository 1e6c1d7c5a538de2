/**
 * The hostile-document suite (issue 13): every generated case ends as its expected outcome — refused
 * with a code, accepted, or accepted with named flags — and the heavy ones stay within a memory bound
 * (a heap limit of 4× the document plus a fixed 144 MiB, in a child process: runtime, code and the
 * classifier's model, 12.5 MiB of heap kept once loaded in round 5: 55,115 naive Bayes and 14,590 regression features
 * from 3,401 independent lines; the 30,000-line case needs about 156 MiB of its 172) and a time bound that only catches
 * a hang. Speed itself is measured by `npm run bench -- --scenario transform`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { heavyCases, hostileCases } from './cases.js';
import { mismatch } from './evaluate.js';

const cases = hostileCases();
const MIB = 1024 * 1024;

describe('hostile documents', () => {
  it('covers every class with at least 150 cases, names unique', () => {
    expect(cases.length + heavyCases().length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.kind))).toEqual(
      new Set(['malformed XML', 'comments, CDATA and skipped blocks', 'namespaces', 'duplicates', 'implausible values', 'decimals', 'dates and headers', 'precise messages', 'legal XML', 'encodings', 'algorithmic traps']),
    );
    expect(new Set(cases.map((c) => `${c.kind}/${c.name}`)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [`${c.kind}: ${c.name}`, c] as const))('%s', (_name, c) => {
    expect(mismatch(c)).toBeNull();
  });
});

describe('hostile documents: memory per document', () => {
  const run = promisify(execFile);
  const root = new URL('../..', import.meta.url).pathname;
  it.each(heavyCases().map((c, index) => [c.name, index] as const))('%s: as expected, within 4× its size + 144 MiB of heap', async (_name, index) => {
    const input = heavyCases()[index]!.build();
    const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
    const heapMib = Math.ceil((4 * size) / MIB) + 144;
    const { stdout } = await run(process.execPath, [`--max-old-space-size=${heapMib}`, '--import', 'tsx', 'test/hostile/heavy-case.ts', String(index)], { cwd: root, timeout: 120_000 });
    const result = JSON.parse(stdout) as { failure: string | null; size: number; maxRssBytes: number };
    expect(result.failure).toBeNull();
    expect(result.size).toBe(size);
    // Resident memory too, generously: code, the model and the young generation come on top of the heap.
    expect(result.maxRssBytes).toBeLessThan(4 * size + 384 * MIB);
  }, 150_000);
});
