/**
 * `etl` in a child process on a harness's database, with what the process's argv held while it ran
 * (read from /proc, as `ps` would show it), so tests can check that no secret ever appears there.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Harness } from '../pipeline/harness.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface EtlResult { code: number; stdout: string; stderr: string; cmdline: string }

export function etl(h: Harness, args: string[], env: NodeJS.ProcessEnv = {}): Promise<EtlResult> {
  return new Promise((resolve) => {
    let cmdline = '';
    const child = execFile(process.execPath, ['--import', 'tsx', 'cli/etl.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: h.database.url, ENCRYPTION_KEYS: h.keySpec, LOG_LEVEL: 'debug', ETL_PROVIDER_PASSWORD: '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr, cmdline });
    });
    child.once('spawn', () => void readFile(`/proc/${child.pid}/cmdline`, 'utf8').then((text) => void (cmdline = text.replaceAll('\0', ' ')), () => {}));
    child.stdin?.end();
  });
}
