import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { manifestEntries } from './document.js';
import type { DatasetSpec } from './spec.js';
import type { ManifestEntry } from './types.js';

/**
 * Writes entries as JSON lines, waiting for 'drain' whenever the stream's buffer is full, so at most one
 * buffer of entries is in memory whatever the dataset size. Returns how many entries were written.
 */
export async function streamManifest(entries: Iterable<ManifestEntry>, out: Writable): Promise<number> {
  let count = 0;
  for (const entry of entries) {
    count++;
    if (!out.write(`${JSON.stringify(entry)}\n`)) await once(out, 'drain');
  }
  return count;
}

function* allEntries(specs: readonly DatasetSpec[]): Generator<ManifestEntry> {
  for (const spec of specs) yield* manifestEntries(spec);
}

/** The manifest of several provider streams in one JSON-lines file, streamed. */
export async function writeManifest(specs: DatasetSpec[], path: string): Promise<{ invoices: number; path: string }> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([error]) => Promise.reject(error instanceof Error ? error : new Error(String(error))));
  try {
    const invoices = await Promise.race([streamManifest(allEntries(specs), out), failed]);
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    return { invoices, path };
  } finally {
    failed.catch(() => undefined);
    if (!out.closed) out.destroy();
  }
}
