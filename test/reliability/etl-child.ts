/**
 * `etl` in a child process on a harness's database, with what the process's argv and title held while it
 * ran (read from /proc, as `ps` would show them: cmdline, which a changed process.title rewrites, and comm),
 * so tests can check that no secret ever appears there. Read when it starts and each time it writes output,
 * so a title set once the command is under way is seen too.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Harness } from '../pipeline/harness.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface EtlResult { code: number; stdout: string; stderr: string; cmdline: string }

export function etl(h: Harness, args: string[], env: NodeJS.ProcessEnv = {}): Promise<EtlResult> {
  return new Promise((resolve) => {
    const seen = new Set<string>();
    const reads: Promise<void>[] = [];
    const child = execFile(process.execPath, ['--import', 'tsx', 'cli/etl.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: h.database.url, ENCRYPTION_KEYS: h.keySpec, LOG_LEVEL: 'debug', ETL_PROVIDER_PASSWORD: '', ...env } }, (error, stdout, stderr) => {
      void Promise.all(reads).then(() => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr, cmdline: [...seen].join('\n') }));
    });
    // Gone by the time it is read (the process exited): nothing to see.
    const look = () => void reads.push(...['cmdline', 'comm'].map((file) => readFile(`/proc/${child.pid}/${file}`, 'utf8').then((text) => void seen.add(text.replaceAll('\0', ' ').trim()), () => {})));
    child.once('spawn', look);
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.stdin?.end();
  });
}
