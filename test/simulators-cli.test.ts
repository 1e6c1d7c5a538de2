import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { providerIds } from '../domain/providers.js';

const root = new URL('..', import.meta.url).pathname;

describe('npm run etl -- simulators', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts the five simulators, prints one JSON object, writes the manifest and stops on SIGTERM', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-cli-'));
    const manifestPath = join(dir, 'manifest.jsonl');
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/etl.ts', 'simulators', '--invoices', '30', '--seed', '3', '--from', '2026-01-01T00:00:00Z', '--to', '2026-02-01T00:00:00Z', '--faults', 'http500@1', '--manifest', manifestPath], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stdout = '';
      child.stdout.setEncoding('utf8');
      while (!stdout.includes('\n')) {
        const [chunk] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit').then(() => { throw new Error('exited early'); })])) as [string];
        stdout += chunk;
      }
      const printed = JSON.parse(stdout) as { providers: Record<string, { url: string; wsdlUrl: string; credentials: Record<string, string> }>; manifest: string };
      expect(Object.keys(printed.providers).sort()).toEqual([...providerIds].sort());
      expect(printed.manifest).toBe(manifestPath);
      expect(printed.providers.isnet?.credentials).toEqual({ vkn: '4810173324' });
      expect(Object.keys(printed.providers.edm?.credentials ?? {}).sort()).toEqual(['password', 'username']);
      for (const { url, wsdlUrl } of Object.values(printed.providers)) {
        expect(new URL(url).hostname).toBe('127.0.0.1');
        expect((await fetch(wsdlUrl)).status).toBe(200);
      }
      // --faults applies to every provider: the first SOAP call fails with HTTP 500.
      const res = await fetch(printed.providers.uyumsoft?.url ?? '', { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><IsEInvoiceUser xmlns="http://tempuri.org/"/></s:Body></s:Envelope>' });
      expect(res.status).toBe(500);
      const manifest = (await readFile(manifestPath, 'utf8')).trim().split('\n');
      expect(manifest.length).toBeGreaterThanOrEqual(5 * 30);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('rejects a bad --faults spec with exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/etl.ts', 'simulators', '--faults', 'explode'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown fault "explode"/);
  });
});
