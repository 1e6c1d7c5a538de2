import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { earsivCount, invoiceDocument, manifestEntries, streamManifest, writeManifest, type DatasetSpec, type ManifestEntry } from './index.js';

const spec = (provider: DatasetSpec['provider'], invoices: number): DatasetSpec => ({
  seed: 99,
  provider,
  invoices,
  from: '2025-03-01T00:00:00Z',
  to: '2025-03-31T00:00:00Z',
  customer: { vkn: '4840847211', name: 'Anadolu Ambalaj Sanayi A.Ş.' },
});

const dir = await mkdtemp(join(tmpdir(), 'dataset-manifest-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('manifest writing', () => {
  it('respects backpressure: entries are produced only as fast as a slow consumer takes them', async () => {
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    function* counted(): Generator<ManifestEntry> {
      for (const e of manifestEntries(spec('qnb', 2_000))) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - consumed);
        yield e;
      }
    }
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _enc, done) {
        consumed++;
        setImmediate(done);
      },
    });
    const written = await streamManifest(counted(), slow);
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(written).toBe(2_000 + earsivCount(spec('qnb', 2_000)));
    expect(consumed).toBe(written);
    // A 16 KB buffer holds a few dozen entries; without backpressure the producer would run ~2,000 ahead.
    expect(maxAhead).toBeLessThan(100);
  });

  it('writes 20,000 invoices of two providers as JSON lines that equal random-access generation', async () => {
    const specs = [spec('edm', 12_000), spec('isnet', 8_000)];
    const path = join(dir, 'manifest.jsonl');
    const result = await writeManifest(specs, path);
    const expected = 20_000 + earsivCount(specs[0] as DatasetSpec) + earsivCount(specs[1] as DatasetSpec);
    expect(result).toEqual({ invoices: expected, path });
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(expected);
    const first = JSON.parse(lines[0] ?? '{}') as ManifestEntry;
    expect(first).toEqual(invoiceDocument(specs[0] as DatasetSpec, 0).manifest);
    const isnetStart = 12_000 + earsivCount(specs[0] as DatasetSpec);
    expect(JSON.parse(lines[isnetStart + 4321] ?? '{}')).toEqual(invoiceDocument(specs[1] as DatasetSpec, 4321).manifest);
    expect(JSON.parse(lines[lines.length - 1] ?? '{}')).toMatchObject({ provider: 'isnet', deliveredToInbox: false });
  });

  it('rejects when the path cannot be written', async () => {
    await expect(writeManifest([spec('edm', 10)], join(dir, 'missing', 'manifest.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});
