/**
 * The custom components' bundle, built once before the server listens when it is missing or stale
 * (its sources, or the locked dependencies, changed). A lock directory keeps two starting processes from
 * writing it at the same time.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type AdminJS from 'adminjs';
import { BUNDLE_DIR } from './environment.js';

const STAMP = path.join(BUNDLE_DIR, 'bundle.sha256');
const LOCK = path.join(BUNDLE_DIR, 'bundle.lock');

async function sourcesDigest(admin: AdminJS): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(path.join(import.meta.dirname, '..', 'package-lock.json'), 'utf8'));
  const entries = Object.entries(admin.componentLoader.getComponents()).sort(([a], [b]) => a.localeCompare(b));
  // The loader keeps the path without its extension; every component here is a .tsx file.
  for (const [name, file] of entries) hash.update(`${name}\0${await readFile(path.extname(file) ? file : `${file}.tsx`, 'utf8')}\0`);
  return hash.digest('hex');
}

async function withLock<T>(step: () => Promise<T>): Promise<T> {
  await mkdir(BUNDLE_DIR, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 600) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await step();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

/** Returns whether it had to build. */
export async function ensureBundle(admin: AdminJS): Promise<boolean> {
  const digest = await sourcesDigest(admin);
  const current = async () => (await readFile(STAMP, 'utf8').catch(() => '')) === digest && (await readFile(path.join(BUNDLE_DIR, 'bundle.js')).then(() => true, () => false));
  if (await current()) return false;
  return withLock(async () => {
    if (await current()) return false;
    process.env.ADMIN_JS_SKIP_BUNDLE = 'false';
    try {
      await admin.initialize();
    } finally {
      process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
    }
    await writeFile(STAMP, digest);
    return true;
  });
}
