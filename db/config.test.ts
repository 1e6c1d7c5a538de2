import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults and resolves the data folder', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({ databaseUrl: undefined, host: '127.0.0.1', port: 3000, dataDir: '/srv/app/data', adminEmail: 'admin@example.com' });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }, '/x').port).toBe(3000);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/app', PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/var/lib/e',
      ENCRYPTION_KEYS: 'k2:' + Buffer.alloc(32, 1).toString('base64'),
      LOG_LEVEL: 'debug', ADMIN_EMAIL: 'ops@example.org',
    }, '/x');
    expect(c).toMatchObject({ databaseUrl: 'postgres://u:p@db:5432/app', port: 8080, host: '0.0.0.0', dataDir: '/var/lib/e', logLevel: 'debug', adminEmail: 'ops@example.org' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: expected'],
    [{ PORT: '70000' }, 'PORT: expected'],
    [{ DATABASE_URL: 'mysql://db/app' }, 'DATABASE_URL: expected a postgres:// or postgresql:// connection URL'],
    [{ ENCRYPTION_KEYS: 'just-a-key' }, 'ENCRYPTION_KEYS: expected comma-separated KEY_ID:BASE64_32_BYTE_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: expected'],
    [{ ADMIN_EMAIL: 'admin' }, 'ADMIN_EMAIL: expected an e-mail address'],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => loadConfig(env, '/x')).toThrow(ConfigError);
    expect(() => loadConfig(env, '/x')).toThrow(message);
  });

  it('names every wrong variable in one message and never echoes a value', () => {
    try {
      loadConfig({ PORT: 'x', DATABASE_URL: 'mysql://root:hunter2@db/app' }, '/x');
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).not.toContain('hunter2');
    }
  });

  it('defaults to the local engine and reads the Trigger.dev settings', () => {
    expect(loadConfig({}, '/x')).toMatchObject({ engine: 'local', trigger: { secretKey: undefined, apiUrl: 'https://api.trigger.dev', projectRef: undefined } });
    const c = loadConfig({ ENGINE: 'trigger', TRIGGER_SECRET_KEY: 'tr_prod_abc123', TRIGGER_API_URL: 'http://trigger.internal:8030', TRIGGER_PROJECT_REF: 'proj_abcdef' }, '/x');
    expect(c).toMatchObject({ engine: 'trigger', trigger: { secretKey: 'tr_prod_abc123', apiUrl: 'http://trigger.internal:8030', projectRef: 'proj_abcdef' } });
  });

  it.each([
    [{ ENGINE: 'trigger' }, 'TRIGGER_SECRET_KEY: expected a Trigger.dev secret key when ENGINE=trigger'],
    [{ ENGINE: 'cloud' }, 'ENGINE: expected "local" (pg-boss in this process) or "trigger" (Trigger.dev)'],
    [{ TRIGGER_SECRET_KEY: 'sk_live_1' }, 'TRIGGER_SECRET_KEY: expected a Trigger.dev secret key (tr_dev_…, tr_prod_…)'],
    [{ TRIGGER_API_URL: 'ftp://trigger' }, 'TRIGGER_API_URL: expected the http(s) URL of the Trigger.dev API'],
    [{ TRIGGER_PROJECT_REF: 'my-project' }, 'TRIGGER_PROJECT_REF: expected a Trigger.dev project ref'],
  ])('rejects the Trigger.dev setting %j naming the variable', (env, message) => {
    expect(() => loadConfig(env, '/x')).toThrow(message);
  });
});
