/**
 * Credential vault: AES-256-GCM with a random 96-bit nonce per value and the key id stored beside the
 * ciphertext, so keys can rotate (new values use the first key; old ones open with the key they name).
 * The caller's context (e.g. the integration id) is bound as additional authenticated data, so a
 * ciphertext copied onto another row fails to open just like a tampered one.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface Sealed {
  keyId: string;
  /** base64(nonce ‖ ciphertext ‖ tag) */
  ciphertext: string;
}

export class VaultError extends Error {
  override name = 'VaultError';
}

export interface Vault {
  readonly activeKeyId: string;
  seal(plaintext: string, context: string): Sealed;
  open(sealed: Sealed, context: string): string;
  /** Re-encrypts under the active key when sealed under an older one; returns null when already current. */
  rotate(sealed: Sealed, context: string): Sealed | null;
}

/** Parses `id:base64key,id:base64key` (first = active). Errors name the key id, never the key. */
export function parseKeyring(spec: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of spec.split(',')) {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at).trim();
    const key = Buffer.from(entry.slice(at + 1).trim(), 'base64');
    if (at <= 0 || !id) throw new VaultError('ENCRYPTION_KEYS: every entry must be KEY_ID:BASE64_KEY');
    if (key.length !== KEY_BYTES) throw new VaultError(`ENCRYPTION_KEYS: key "${id}" must decode to ${KEY_BYTES} bytes, got ${key.length}`);
    if (keys.has(id)) throw new VaultError(`ENCRYPTION_KEYS: key id "${id}" appears twice`);
    keys.set(id, key);
  }
  return keys;
}

export function createVault(keyring: Map<string, Buffer>): Vault {
  const first = keyring.entries().next();
  if (first.done) throw new VaultError('the vault needs at least one key');
  const [activeKeyId, activeKey] = first.value;

  const seal = (plaintext: string, context: string): Sealed => {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', activeKey, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: activeKeyId, ciphertext: Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64') };
  };

  const open = (sealed: Sealed, context: string): string => {
    const key = keyring.get(sealed.keyId);
    if (!key) throw new VaultError(`no key "${sealed.keyId}" in the keyring: add it to ENCRYPTION_KEYS to read this value`);
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    if (raw.length < NONCE_BYTES + TAG_BYTES) throw new VaultError('sealed value is too short to be a ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      // Deliberately vague about which part failed; never includes the value.
      throw new VaultError(`sealed value failed authentication with key "${sealed.keyId}" (tampered, or sealed for another record)`);
    }
  };

  return {
    activeKeyId,
    seal,
    open,
    rotate: (sealed, context) => (sealed.keyId === activeKeyId ? null : seal(open(sealed, context), context)),
  };
}

export function generateKeySpec(keyId = 'k1'): string {
  return `${keyId}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/**
 * The keyring from configuration, or for the embedded default a key file generated once under the data
 * folder and readable only by its owner (0600).
 */
export async function loadVault(options: { encryptionKeys: string | undefined; dataDir: string }): Promise<{ vault: Vault; source: 'environment' | 'generated' | 'key file' }> {
  if (options.encryptionKeys) return { vault: createVault(parseKeyring(options.encryptionKeys)), source: 'environment' };
  const file = path.join(options.dataDir, 'secrets', 'vault.keys');
  try {
    return { vault: createVault(parseKeyring((await readFile(file, 'utf8')).trim())), source: 'key file' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const spec = generateKeySpec();
  // 'wx' never overwrites a key written by a concurrent first start.
  await writeFile(file, spec + '\n', { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return { vault: createVault(parseKeyring(spec)), source: 'generated' };
}
