/**
 * POST /admin/language {"language": "tr"}: the signed-in user's own panel language, stored on their account
 * (through the pipelines' service) and in the session, so the next page and every later sign-in use it.
 * The body names no user: one cannot set another's language this way.
 */
import express from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { PanelLanguageSchema, setOwnLanguage, UserNotFound } from '../pipelines/user-language.js';
import { PanelUser } from './auth.js';

const LanguageChange = z.object({ language: PanelLanguageSchema }).strict();

export function languageRoute(db: Kysely<Database>): express.RequestHandler[] {
  const handler: express.RequestHandler = async (req, res, next) => {
    const user = PanelUser.safeParse(req.session.adminUser);
    if (!user.success) {
      res.status(401).json({ error: 'sign in first' });
      return;
    }
    const change = LanguageChange.safeParse(req.body);
    if (!change.success) {
      res.status(400).json({ error: `language change: ${change.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` });
      return;
    }
    try {
      await setOwnLanguage(db, user.data, change.data.language);
      req.session.adminUser = { ...user.data, language: change.data.language };
      res.json({ language: change.data.language });
    } catch (error) {
      if (error instanceof UserNotFound) res.status(404).json({ error: error.message });
      else next(error);
    }
  };
  return [express.json({ limit: '1kb' }), handler];
}
