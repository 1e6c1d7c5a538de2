import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const etl = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'cli/etl.ts', ...args], { cwd: root }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('etl', () => {
  it('lists every command with its summary', async () => {
    const { code, stdout } = await etl('--help');
    expect(code).toBe(0);
    for (const command of ['integrations', 'sync', 'runs', 'activity', 'quarantine', 'export', 'classify', 'extract', 'inspect', 'simulators']) expect(stdout).toMatch(new RegExp(`^  ${command} +\\S.+$`, 'm'));
  });

  it.each(['classify', 'inspect'])('%s --help prints its usage and exits 0', async (command) => {
    const { code, stdout } = await etl(command, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain(`usage: npm run etl -- ${command}`);
  });

  it.each([['extract', '--base-url'], ['simulators', '--invoices'], ['integrations', 'connect'], ['sync', '--wait'], ['export', 'csv'], ['activity', '--action']])('%s --help prints its options and exits 0', async (command, option) => {
    const { code, stdout } = await etl(command, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: etl ${command}`);
    expect(stdout).toContain(option);
  });

  it('hands --json and --org to inspect wherever they stand', async () => {
    const table = await etl('inspect', 'test/fixtures/ubl-tr/gib_IadeFaturasiOrnegi.xml', '--org', '9205121120');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('outgoing (purchase_return, sign -1)');
    const json = await etl('inspect', 'test/fixtures/ubl-tr/gib_IadeFaturasiOrnegi.xml', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ invoice: { number: 'GIB2009000000022' } });
  });

  it('refuses an unknown command with exit code 2', async () => {
    const { code, stderr } = await etl('bogus');
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'bogus'");
  });
});
