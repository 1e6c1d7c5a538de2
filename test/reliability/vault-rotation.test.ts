/**
 * Key rotation (issue 16 §4): `etl vault rotate` with a new key first in ENCRYPTION_KEYS re-encrypts
 * every stored credential with it; the old key can then be removed and syncs still open the credentials.
 * Without downtime: a rotation while a sync of a rotated integration is reading its pages, and while an
 * edit saved by a process still on the old key holds another's row, leaves the sync running to success
 * and the edit as it was saved (left for the next rotation, not overwritten).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault, generateKeySpec, parseKeyring } from '../../db/vault.js';
import type { ProviderId } from '../../domain/providers.js';
import { credentialContext } from '../../pipelines/dependencies.js';
import { rotateCredentials, type RotationResult } from '../../pipelines/rotate-credentials.js';
import { syncIntegration, type SyncOutcome } from '../../pipelines/sync.js';
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

describe('key rotation without downtime', () => {
  let h: Harness;
  const ids = new Map<ProviderId, string>();
  beforeAll(async () => {
    h = await createHarness();
    for (const [provider, invoices] of [['qnb', 40], ['edm', 10], ['isnet', 10]] as const) {
      await h.startSimulator(provider, invoices);
      ids.set(provider, await h.connect(provider));
    }
  });
  afterAll(() => h?.close());

  it('rotates while a sync reads pages and an edit holds a row: the sync succeeds, the edit is kept, the next rotation finishes', async () => {
    const syncing = ids.get('qnb')!;
    const edited = ids.get('edm')!;
    const newKey = generateKeySpec('k2');
    // Every process on both keys (new first) while the rotation runs; the editor is one still on the old key only.
    const both = createVault(parseKeyring(`${newKey},${h.keySpec}`));
    const deps = { ...h.deps, vault: both, extractorOptions: { ...h.deps.extractorOptions, pageSize: 5 } };
    const column = async (id: string) => h.database.db.selectFrom('integrations').select(['credentials_key_id', 'credentials_ciphertext']).where('id', '=', id).executeTakeFirstOrThrow();

    const [editor, observer] = [new pg.Client({ connectionString: h.database.url }), new pg.Client({ connectionString: h.database.url })];
    await Promise.all([editor.connect(), observer.connect()]);
    let rotation: Promise<RotationResult> | undefined;
    let sync: SyncOutcome;
    const edit = h.vault.seal(JSON.stringify(h.simulators.get('edm')!.credentials), credentialContext(edited));
    try {
      await editor.query('BEGIN');
      await editor.query('UPDATE integrations SET credentials_key_id = $2, credentials_ciphertext = $3 WHERE id = $1', [edited, edit.keyId, edit.ciphertext]);
      const pid = (await editor.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const running = syncIntegration(deps, { integrationId: syncing, trigger: 'backfill', performedBy: 'system' }, {
        onProgress: (p) => void (p.pages === 2 && (rotation ??= rotateCredentials(h.database.db, both))),
      });
      // The edit commits only once the rotation has read the old ciphertext and waits to overwrite it
      // (asked on a connection of its own: pg_stat_activity stays the same within the editor's transaction).
      const blockedByEditor = async () => (await observer.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid])).rows[0]!.n !== '0';
      const deadline = Date.now() + 60_000;
      while (!(await blockedByEditor())) {
        if (Date.now() > deadline) throw new Error('the rotation never reached the edited row');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await editor.query('COMMIT');
      sync = await running;
    } finally {
      await Promise.all([editor.end(), observer.end()]);
    }
    expect(sync.status).toBe('succeeded');
    expect(await rotation).toEqual({ activeKeyId: 'k2', rotated: 2, alreadyCurrent: 0, changedMeanwhile: 1 });
    expect(await column(edited)).toEqual({ credentials_key_id: 'k1', credentials_ciphertext: edit.ciphertext });
    expect(await rotateCredentials(h.database.db, both)).toEqual({ activeKeyId: 'k2', rotated: 1, alreadyCurrent: 2, changedMeanwhile: 0 });

    const newOnly = createVault(parseKeyring(newKey));
    for (const id of ids.values()) expect((await syncIntegration({ ...h.deps, vault: newOnly }, { integrationId: id, trigger: 'manual', performedBy: 'ops@example.com' })).status).toBe('succeeded');
  }, 120_000);
});
