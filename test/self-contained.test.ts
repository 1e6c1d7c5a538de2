/**
 * The repository needs nothing beside it: no tracked file refers to the steering folder next to the
 * project or to an absolute path of somebody's machine. (The patterns are assembled so that this file
 * does not match itself.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const outside = new RegExp(['\\.\\./' + 'shared\\b', '(?<![\\w.~-])/(?:' + ['work', 'home', 'root', 'Users', 'mnt'].join('|') + ')/'].join('|'));

function trackedTextFiles(): string[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  return files.filter((file) => {
    const full = path.join(root, file);
    return statSync(full, { throwIfNoEntry: false })?.isFile() && !readFileSync(full).subarray(0, 8000).includes(0);
  });
}

describe('self-contained repository', () => {
  it('no tracked file refers to the steering folder beside the project or to an absolute machine path', () => {
    const files = trackedTextFiles();
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) =>
      readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (outside.test(line) ? [`${file}:${i + 1}: ${line.trim().slice(0, 120)}`] : [])),
    );
    expect(offenders).toEqual([]);
  });

  it('the pattern catches what it is meant to catch', () => {
    for (const bad of ['../' + 'shared/fixtures/a.xml', "new URL('../../../" + 'shared/x', '/' + 'work/main/x', '"/' + 'home/dev/p"']) expect(outside.test(bad)).toBe(true);
    for (const good of ['test/fixtures/ubl-tr/a.xml', 'https://example.com/home/x', 'shared vocabulary', '~/work/notes']) expect(outside.test(good)).toBe(false);
  });
});
