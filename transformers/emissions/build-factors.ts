/**
 * Regenerates data/factor-library.json from the source files in data/ (run: npx tsx transformers/emissions/build-factors.ts).
 * The SHA-256 of every source file is recorded in the output; the EPA file must match data/sources.json.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { ACTIVITY_FILE, buildFactorLibrary, EPA_FILE, type SourceFile } from './build.js';

const dataDir = new URL('./data/', import.meta.url);

export function readSource(name: string): SourceFile {
  const bytes = readFileSync(new URL(name, dataDir));
  return { text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function readManifest(): Record<string, { sourceSha256: string | null }> {
  return JSON.parse(readFileSync(new URL('sources.json', dataDir), 'utf8')) as Record<string, { sourceSha256: string | null }>;
}

export function libraryJson(): string {
  const library = buildFactorLibrary({ activity: readSource(ACTIVITY_FILE), epa: readSource(EPA_FILE) }, readManifest());
  const { factors, ...head } = library;
  // One factor per line keeps diffs of a new edition readable.
  return `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "factors": [\n${factors.map((f) => `    ${JSON.stringify(f)}`).join(',\n')}\n  ]\n}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const json = libraryJson();
  writeFileSync(new URL('factor-library.json', dataDir), json);
  process.stdout.write(`wrote data/factor-library.json (${JSON.parse(json).factors.length} factors)\n`);
}
