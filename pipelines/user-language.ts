/**
 * The admin panel's language of one user, stored on the user's own account so it follows them to any
 * browser. Only the signed-in user's own row (in their own organization) is ever changed.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, PanelLanguage } from '../db/schema.js';

export const PANEL_LANGUAGES = ['en', 'tr'] as const satisfies readonly PanelLanguage[];
export const PanelLanguageSchema = z.enum(PANEL_LANGUAGES);

/** The account the language was set for is gone (or not in this organization). */
export class UserNotFound extends Error {
  override name = 'UserNotFound';
}

export async function setOwnLanguage(db: Kysely<Database>, user: { id: string; organizationId: string }, language: PanelLanguage): Promise<void> {
  const updated = await db.updateTable('admin_users').set({ language })
    .where('id', '=', user.id).where('organization_id', '=', user.organizationId)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) throw new UserNotFound(`no admin user ${user.id} in organization ${user.organizationId}`);
}
