/**
 * All configuration, read once from environment variables and validated with zod.
 * A wrong value stops start-up with one message naming the variable and what it expected.
 */
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);

const ConfigSchema = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'a postgres:// or postgresql:// connection URL' })
    .optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  DATA_DIR: z.string().min(1).default('data'),
  ENCRYPTION_KEYS: z
    .string()
    .regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]+)*$/, {
      error: 'comma-separated KEY_ID:BASE64_32_BYTE_KEY entries, the first one active (e.g. k2:…,k1:…)',
    })
    .optional(),
  DAILY_SYNC_CRON: z.string().regex(/^\S+( \S+){4}$/, { error: 'a five-field cron expression (minute hour day month weekday), e.g. "0 3 * * *"' }).default('0 3 * * *'),
  DAILY_SYNC_TIME_ZONE: z.string().refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, { error: 'an IANA time zone such as Europe/Istanbul' }).default('Europe/Istanbul'),
  ADMIN_EMAIL: z.email({ error: 'an e-mail address for the first admin user' }).default('admin@example.com'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ENGINE: z.enum(['local', 'trigger'], { error: '"local" (pg-boss in this process) or "trigger" (Trigger.dev)' }).default('local'),
  TRIGGER_SECRET_KEY: z.string().regex(/^tr_[a-z]+_\S+$/, { error: 'a Trigger.dev secret key (tr_dev_…, tr_prod_…) from the project\'s API keys page' }).optional(),
  TRIGGER_API_URL: z.url({ protocol: /^https?$/, error: 'the http(s) URL of the Trigger.dev API (Cloud: https://api.trigger.dev)' }).default('https://api.trigger.dev'),
  TRIGGER_PROJECT_REF: z.string().regex(/^proj_[a-z0-9]+$/, { error: 'a Trigger.dev project ref such as proj_abcdefghijklmnop' }).optional(),
}).refine((c) => c.ENGINE !== 'trigger' || c.TRIGGER_SECRET_KEY !== undefined, {
  path: ['TRIGGER_SECRET_KEY'],
  error: 'a Trigger.dev secret key when ENGINE=trigger (the service triggers and cancels runs with it)',
});

export interface Config {
  databaseUrl: string | undefined;
  host: string;
  port: number;
  /** Absolute path of the git-ignored folder for the embedded database and generated secrets. */
  dataDir: string;
  /** Raw ENCRYPTION_KEYS; when absent, the vault generates and keeps a key file under dataDir. */
  encryptionKeys: string | undefined;
  logLevel: z.infer<typeof ConfigSchema>['LOG_LEVEL'];
  /** The first admin user, created at the first start with a password printed once. */
  adminEmail: string;
  /** When the local engine syncs every connected integration, in `timeZone`. */
  dailySyncCron: string;
  timeZone: string;
  /** Which engine runs syncs: pg-boss in this process, or Trigger.dev tasks. */
  engine: 'local' | 'trigger';
  trigger: {
    /** Set whenever engine is 'trigger'. */
    secretKey: string | undefined;
    apiUrl: string;
    /** Only `trigger.config.ts` (deploy, dev) needs it. */
    projectRef: string | undefined;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Empty strings count as unset: `FOO= npm start` should mean "default", not "invalid". */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = ConfigSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(environment)');
      // Never echo the received value: it may be a secret.
      return `${variable}: expected ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  return {
    databaseUrl: c.DATABASE_URL,
    host: c.HOST,
    port: c.PORT,
    dataDir: path.resolve(cwd, c.DATA_DIR),
    encryptionKeys: c.ENCRYPTION_KEYS,
    logLevel: c.LOG_LEVEL,
    adminEmail: c.ADMIN_EMAIL,
    dailySyncCron: c.DAILY_SYNC_CRON,
    timeZone: c.DAILY_SYNC_TIME_ZONE,
    engine: c.ENGINE,
    trigger: { secretKey: c.TRIGGER_SECRET_KEY, apiUrl: c.TRIGGER_API_URL, projectRef: c.TRIGGER_PROJECT_REF },
  };
}
