/** Every migration, in order. Explicit imports: the list is the history, readable in one place. */
import type { Migration } from 'kysely';
import * as initial from './0001_initial.js';
import * as pipeline from './0002_pipeline.js';
import * as documentCompression from './0003_document_compression.js';
import * as adminUserLanguage from './0004_admin_user_language.js';
import * as inventoryTextSearch from './0005_inventory_text_search.js';
import * as adminSessions from './0006_admin_sessions.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_pipeline': pipeline,
  '0003_document_compression': documentCompression,
  '0004_admin_user_language': adminUserLanguage,
  '0005_inventory_text_search': inventoryTextSearch,
  '0006_admin_sessions': adminSessions,
};
