/**
 * Key rotation of the credential vault: every stored credential sealed under an older key is re-sealed
 * under the active one (the first of ENCRYPTION_KEYS). Each row is swapped only if it still holds the
 * ciphertext that was read, so an edit saved meanwhile is never overwritten and syncs keep running: a
 * credential opens with either key until the old key is removed from ENCRYPTION_KEYS.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Vault } from '../db/vault.js';
import { credentialContext } from './dependencies.js';

export interface RotationResult {
  activeKeyId: string;
  rotated: number;
  alreadyCurrent: number;
  /** Changed by someone else between read and write (an edit saved meanwhile): left as written; run again. */
  changedMeanwhile: number;
}

export async function rotateCredentials(db: Kysely<Database>, vault: Vault): Promise<RotationResult> {
  const rows = await db.selectFrom('integrations').select(['id', 'credentials_key_id', 'credentials_ciphertext'])
    .where('credentials_ciphertext', 'is not', null).where('credentials_key_id', 'is not', null).orderBy('id').execute();
  const result: RotationResult = { activeKeyId: vault.activeKeyId, rotated: 0, alreadyCurrent: 0, changedMeanwhile: 0 };
  for (const row of rows) {
    const old = { keyId: row.credentials_key_id!, ciphertext: row.credentials_ciphertext! };
    const sealed = vault.rotate(old, credentialContext(row.id));
    if (!sealed) {
      result.alreadyCurrent++;
      continue;
    }
    const updated = await db.updateTable('integrations').set({ credentials_key_id: sealed.keyId, credentials_ciphertext: sealed.ciphertext })
      .where('id', '=', row.id).where('credentials_key_id', '=', old.keyId).where('credentials_ciphertext', '=', old.ciphertext).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) result.rotated++;
    else result.changedMeanwhile++;
  }
  return result;
}
