/** The session cookie's signing secret: generated once under the data folder (0600), so sessions survive restarts. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function loadSessionSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'secrets', 'session.secret');
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing) return existing.trim();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  // 'wx' never overwrites a secret written by a concurrent first start; then that one is used.
  await writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' }).catch(() => {});
  return (await readFile(file, 'utf8')).trim();
}
