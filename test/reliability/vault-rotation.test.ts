/**
 * Key rotation (issue 16 §4): `etl vault rotate` with a new key first in ENCRYPTION_KEYS re-encrypts
 * every stored credential with it; the old key can then be removed and syncs still open the credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault, generateKeySpec, parseKeyring } from '../../db/vault.js';
import { syncIntegration } from '../../pipelines/sync.js';
import { createHarness, type Harness } from '../pipeline/harness.js';
import { etl } from './etl-child.js';

describe('etl vault rotate', () => {
  let h: Harness;
  const ids: string[] = [];
  beforeAll(async () => {
    h = await createHarness();
    for (const provider of ['edm', 'isnet'] as const) {
      await h.startSimulator(provider, 10);
      ids.push(await h.connect(provider));
    }
  });
  afterAll(() => h?.close());

  it('re-encrypts every credential with the new first key; with the old key removed, syncs still work', async () => {
    const oldKeyId = h.vault.activeKeyId;
    const newKey = generateKeySpec('k2');
    const rotated = await etl(h, ['--json', 'vault', 'rotate'], { ENCRYPTION_KEYS: `${newKey},${h.keySpec}` });
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout)).toEqual({ activeKeyId: 'k2', rotated: 2, alreadyCurrent: 0, changedMeanwhile: 0 });
    const rows = await h.database.db.selectFrom('integrations').select(['id', 'credentials_key_id']).where('id', 'in', ids).execute();
    expect(rows.map((r) => r.credentials_key_id)).toEqual(['k2', 'k2']);

    // Run again: nothing left under the old key.
    expect(JSON.parse((await etl(h, ['--json', 'vault', 'rotate'], { ENCRYPTION_KEYS: `${newKey},${h.keySpec}` })).stdout)).toMatchObject({ rotated: 0, alreadyCurrent: 2 });

    const newOnly = createVault(parseKeyring(newKey));
    for (const integrationId of ids) expect((await syncIntegration({ ...h.deps, vault: newOnly }, { integrationId, trigger: 'manual', performedBy: 'ops@example.com' })).status).toBe('succeeded');
    // And the old key alone no longer opens them: the rotation really replaced the ciphertexts.
    const oldOnly = createVault(parseKeyring(h.keySpec));
    const failed = await syncIntegration({ ...h.deps, vault: oldOnly }, { integrationId: ids[0]!, trigger: 'manual', performedBy: 'ops@example.com' });
    expect(failed.status === 'failed' && failed.error).toMatch(/no key "k2"/);
    expect(oldKeyId).toBe('k1');
  }, 120_000);
});
