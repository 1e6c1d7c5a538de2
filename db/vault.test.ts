import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVault, generateKeySpec, loadVault, parseKeyring, VaultError } from './vault.js';

const secret = '{"username":"demo","password":"s3cr3t-şifre"}';

describe('vault', () => {
  it('round-trips a value with a fresh nonce each time', () => {
    const vault = createVault(parseKeyring(generateKeySpec('k1')));
    const a = vault.seal(secret, 'integration-1');
    const b = vault.seal(secret, 'integration-1');
    expect(a.keyId).toBe('k1');
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.ciphertext).not.toContain('s3cr3t');
    expect(vault.open(a, 'integration-1')).toBe(secret);
  });

  it('detects tampering of any byte and a ciphertext moved to another record', () => {
    const vault = createVault(parseKeyring(generateKeySpec()));
    const sealed = vault.seal(secret, 'integration-1');
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    for (const index of [0, 12, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[index] = (bad[index] ?? 0) ^ 0x01;
      expect(() => vault.open({ ...sealed, ciphertext: bad.toString('base64') }, 'integration-1')).toThrow(VaultError);
    }
    expect(() => vault.open(sealed, 'integration-2')).toThrow(/failed authentication/);
    expect(() => vault.open({ ...sealed, ciphertext: 'AAAA' }, 'integration-1')).toThrow(/too short/);
  });

  it('rotates: old values open with the key they name, rotate re-seals under the active key', () => {
    const k1 = generateKeySpec('k1');
    const old = createVault(parseKeyring(k1)).seal(secret, 'i');
    const rotated = createVault(parseKeyring(`${generateKeySpec('k2')},${k1}`));
    expect(rotated.activeKeyId).toBe('k2');
    expect(rotated.open(old, 'i')).toBe(secret);
    const fresh = rotated.rotate(old, 'i');
    expect(fresh?.keyId).toBe('k2');
    expect(rotated.open(fresh!, 'i')).toBe(secret);
    expect(rotated.rotate(fresh!, 'i')).toBeNull();
    // Once k1 is retired, values still under it fail with a message that says what to do.
    const retired = createVault(parseKeyring(generateKeySpec('k2')));
    expect(() => retired.open(old, 'i')).toThrow('no key "k1" in the keyring');
  });

  it('rejects malformed keyrings naming the key id but never the key', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    expect(() => parseKeyring(`k1:${short}`)).toThrow('key "k1" must decode to 32 bytes, got 16');
    expect(() => parseKeyring(`k1:${short}`)).not.toThrow(short);
    const k = generateKeySpec('k1');
    expect(() => parseKeyring(`${k},${k}`)).toThrow('appears twice');
    expect(() => parseKeyring('nocolon')).toThrow(VaultError);
  });

  it('generates a key file once, readable only by its owner, and reuses it', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vault-'));
    const first = await loadVault({ encryptionKeys: undefined, dataDir });
    expect(first.source).toBe('generated');
    const file = path.join(dataDir, 'secrets', 'vault.keys');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const sealed = first.vault.seal(secret, 'x');
    const second = await loadVault({ encryptionKeys: undefined, dataDir });
    expect(second.source).toBe('key file');
    expect(second.vault.open(sealed, 'x')).toBe(secret);
    expect((await readFile(file, 'utf8')).startsWith('k1:')).toBe(true);
    const fromEnv = await loadVault({ encryptionKeys: generateKeySpec('env'), dataDir });
    expect([fromEnv.source, fromEnv.vault.activeKeyId]).toEqual(['environment', 'env']);
  });
});
