/**
 * The admin panel: AdminJS 7 with the Kysely adapter, mounted at /admin on the service's Express app.
 * Sign-in against admin_users, sessions in PostgreSQL (connect-pg-simple), HttpOnly SameSite cookies;
 * the custom components are bundled before the server listens (admin/bundle.ts).
 */
import './environment.js';
import path from 'node:path';
import AdminJS, { ComponentLoader } from 'adminjs';
import AdminJSExpress from '@adminjs/express';
import connectPgSimple from 'connect-pg-simple';
import express, { type Router } from 'express';
import session from 'express-session';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../db/schema.js';
import { ExportFilters, exportInventoryCsv } from '../pipelines/export-csv.js';
import type { Lifecycle } from '../pipelines/lifecycle.js';
import { PANEL_LANGUAGES } from '../pipelines/user-language.js';
import { KyselyDatabase, KyselyResource } from './adapter/resource.js';
import { createAuthenticator, logSignOut, PanelUser, type LoginPolicy } from './auth.js';
import { ensureBundle } from './bundle.js';
import { dashboardHandler } from './dashboard.js';
import { integrationsPageHandler } from './integrations-page.js';
import { languageRoute } from './language-route.js';
import { renderedInvoiceRoute } from './rendered-invoice.js';
import { panelResources } from './resources.js';
import { allows } from './roles.js';
import turkish from './locale/tr.json' with { type: 'json' };

AdminJS.registerAdapter({ Database: KyselyDatabase, Resource: KyselyResource });

export const ROOT_PATH = '/admin';

export interface PanelDependencies {
  db: Kysely<Database>;
  pool: pg.Pool;
  lifecycle: Lifecycle;
  /** Signs the session cookie; kept across restarts so sessions survive them. */
  sessionSecret: string;
  loginPolicy?: LoginPolicy;
}

const here = import.meta.dirname;
export const componentLoader = new ComponentLoader();
const components = {
  Integrations: componentLoader.add('Integrations', path.join(here, 'components/integrations.tsx')),
  ReviewLine: componentLoader.add('ReviewLine', path.join(here, 'components/review-line.tsx')),
  DrillDown: componentLoader.add('DrillDown', path.join(here, 'components/drill-down.tsx')),
  ExportCsv: componentLoader.add('ExportCsv', path.join(here, 'components/export-csv.tsx')),
  Dashboard: componentLoader.add('Dashboard', path.join(here, 'components/dashboard.tsx')),
};
// The top bar's language selector stores the choice on the user's account (components/top-bar.tsx).
componentLoader.override('TopBar', path.join(here, 'components/top-bar.tsx'));

const englishLabels = {
  labels: { integrations: 'Integrations', activity_log: 'Activity Log', sync_runs: 'Runs', quarantined_documents: 'Quarantine', inventory_lines: 'Data Inventory', admin_users: 'Users' },
  actions: { review: 'Review', drillDown: 'Origin', exportCsv: 'Export CSV', replay: 'Replay' },
  components: { LanguageSelector: { availableLanguages: { en: 'English', tr: 'Türkçe' } }, Login: { welcomeHeader: 'Welcome', welcomeMessage: 'e-Invoice carbon integrations admin panel' } },
};

export async function createPanel(deps: PanelDependencies): Promise<AdminJS> {
  return new AdminJS({
    rootPath: ROOT_PATH,
    componentLoader,
    resources: await panelResources({ db: deps.db, sync: { db: deps.db, pool: deps.pool }, components }),
    dashboard: { component: components.Dashboard, handler: dashboardHandler(deps.db) },
    pages: { integrations: { component: components.Integrations, icon: 'Link', handler: integrationsPageHandler(deps.db, deps.lifecycle) } },
    branding: { companyName: 'e-Invoice Carbon', withMadeWithLove: false, logo: false },
    settings: { defaultPerPage: 25 },
    // English or Turkish, the signed-in user's own (admin_users.language, kept in the session); English fallback.
    locale: (currentAdmin) => ({
      language: 'en', lng: PanelUser.safeParse(currentAdmin).data?.language ?? 'en', availableLanguages: [...PANEL_LANGUAGES],
      localeDetection: false, translations: { en: englishLabels, tr: turkish },
    }),
  });
}

/** CSV of the Data Inventory with the filters of the query string, streamed through the shared export module. */
function exportRoute(deps: PanelDependencies): express.RequestHandler {
  return async (req, res, next) => {
    const user = PanelUser.safeParse(req.session.adminUser);
    if (!user.success || !allows(user.data, 'export')) {
      res.status(403).json({ error: 'your role may not export' });
      return;
    }
    const { excel, ...query } = req.query;
    const filters = ExportFilters.strict().safeParse(query);
    if (!filters.success) {
      res.status(400).json({ error: `unsupported export filter: ${filters.error.issues.map((i) => `${i.path.join('.') || i.message}${'keys' in i ? ` ${i.keys.join(', ')}` : ''}`).join('; ')}` });
      return;
    }
    try {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="inventory.csv"');
      await exportInventoryCsv(deps, { organizationId: user.data.organizationId, filters: filters.data, excel: excel === 'true', performedBy: user.data.email }, res);
      res.end();
    } catch (error) {
      next(error);
    }
  };
}

/** AdminJS's page templates link Google Fonts; no request may leave the machine, so the link is removed (system fonts). */
const EXTERNAL_FONTS = /<link rel="stylesheet" href="https:\/\/fonts\.googleapis\.com[^>]*>/g;
const withoutExternalFonts: express.RequestHandler = (_req, res, next) => {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => send(typeof body === 'string' ? body.replace(EXTERNAL_FONTS, '') : body);
  next();
};

declare module 'express-session' {
  interface SessionData {
    adminUser?: unknown;
    /** Where AdminJS sends the user after signing in. */
    redirectTo?: string;
  }
}

/**
 * A new session id at every sign-in: an id known before it (planted in the browser, or another user's
 * session) is never the one that gets signed in (session fixation). AdminJS keeps the session it had.
 */
function renewSession(req: express.Request): Promise<void> {
  const { redirectTo } = req.session;
  return new Promise((resolve, reject) => req.session.regenerate((error: unknown) => {
    if (error) return reject(error instanceof Error ? error : new Error(String(error)));
    if (redirectTo) req.session.redirectTo = redirectTo;
    resolve();
  }));
}

/**
 * The signed-in user as admin_users says now, on every request: a role an admin changed applies at once,
 * not at the next sign-in, and a deleted user's sessions are signed out. (The session is written back only
 * when something changed: resave is off.)
 */
function currentUser(db: Kysely<Database>): express.RequestHandler {
  return async (req, _res, next) => {
    const signedIn = PanelUser.safeParse(req.session.adminUser);
    if (!signedIn.success) return next();
    try {
      const row = await db.selectFrom('admin_users').select(['email', 'name', 'role', 'organization_id', 'language']).where('id', '=', signedIn.data.id).executeTakeFirst();
      if (!row) delete req.session.adminUser;
      else req.session.adminUser = { ...signedIn.data, email: row.email, title: row.name ?? row.email, role: row.role, organizationId: row.organization_id, language: row.language } satisfies PanelUser;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** `close` stops the session store's pruning timer (before the pool is ended). */
export async function panelRouter(deps: PanelDependencies): Promise<{ admin: AdminJS; router: Router; close: () => Promise<void> }> {
  const admin = await createPanel(deps);
  await ensureBundle(admin);
  const PgStore = connectPgSimple(session);
  const store = new PgStore({ pool: deps.pool, tableName: 'admin_sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
  const sessionOptions: session.SessionOptions = {
    store, resave: false, saveUninitialized: false, secret: deps.sessionSecret, name: 'einvoice.sid',
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: 8 * 60 * 60_000, path: ROOT_PATH },
  };
  const base = express.Router();
  base.use(withoutExternalFonts);
  base.use(session(sessionOptions));
  base.use(currentUser(deps.db));
  // Sign-out is logged before AdminJS destroys the session.
  base.get('/logout', async (req, _res, next) => {
    const user = PanelUser.safeParse(req.session.adminUser);
    if (user.success) await logSignOut(deps.db, user.data).catch(next);
    next();
  });
  base.get('/export/inventory.csv', exportRoute(deps));
  base.post('/language', ...languageRoute(deps.db));
  base.get('/invoice/:lineId/rendered', renderedInvoiceRoute(deps.db));
  const { authenticate } = createAuthenticator(deps.db, deps.loginPolicy);
  const signIn = async (email: string, password: string, context?: { req: express.Request }) => {
    const user = await authenticate(email, password);
    if (user && context) await renewSession(context.req);
    return user;
  };
  const router = AdminJSExpress.buildAuthenticatedRouter(admin, { authenticate: signIn, cookieName: 'einvoice.sid', cookiePassword: deps.sessionSecret }, base, sessionOptions);
  return { admin, router, close: async () => store.close() };
}
