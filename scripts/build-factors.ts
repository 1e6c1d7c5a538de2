/**
 * Regenerates transformers/emissions/data/factor-library.json from the source files in that data/ folder
 * (run: npx tsx scripts/build-factors.ts). The SHA-256 of every source file is recorded in the output;
 * the EPA and GWP files must match data/sources.json.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { ACTIVITY_FILE, buildFactorLibrary, EPA_FILE, GWP_FILE, REFRIGERANTS_FILE, type SourceFile } from '../transformers/emissions/build.js';

const dataDir = new URL('../transformers/emissions/data/', import.meta.url);

function readSource(name: string): SourceFile {
  const bytes = readFileSync(new URL(name, dataDir));
  return { text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

function readManifest(): Record<string, { sourceSha256: string | null }> {
  return JSON.parse(readFileSync(new URL('sources.json', dataDir), 'utf8')) as Record<string, { sourceSha256: string | null }>;
}

export function libraryJson(): string {
  const files = { activity: readSource(ACTIVITY_FILE), epa: readSource(EPA_FILE), gwp: readSource(GWP_FILE), refrigerants: readSource(REFRIGERANTS_FILE) };
  const { factors, ...head } = buildFactorLibrary(files, readManifest());
  // One factor per line keeps diffs of a new edition readable.
  return `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "factors": [\n${factors.map((f) => `    ${JSON.stringify(f)}`).join(',\n')}\n  ]\n}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const json = libraryJson();
  writeFileSync(new URL('factor-library.json', dataDir), json);
  process.stdout.write(`wrote transformers/emissions/data/factor-library.json (${JSON.parse(json).factors.length} factors)\n`);
}
