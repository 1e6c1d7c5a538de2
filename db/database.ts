/** The Kysely instance over one pg pool, with type parsing that keeps money exact. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

const { Pool, types } = pg;
const INT8 = 20;
const DATE = 1082;

/**
 * Per-pool type parsers (no global mutation): numeric stays a string (pg's default), date stays
 * 'YYYY-MM-DD' instead of a local-midnight Date, bigint counters become numbers.
 */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === DATE) return (value: string) => value;
    if (oid === INT8) return (value: string) => Number(value);
    return format === 'binary' ? types.getTypeParser(oid, 'binary') : types.getTypeParser(oid, 'text');
  }) as typeof types.getTypeParser,
};

export interface DatabaseHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  destroy(): Promise<void>;
}

export interface DatabaseOptions {
  max?: number;
  applicationName?: string;
  /**
   * Called when an idle pooled connection dies (server restart or shutdown). pg emits this as an
   * 'error' event that would crash the process if nobody listened; the pool replaces the connection.
   */
  onIdleError?: (error: Error) => void;
}

export function createDatabase(connectionString: string, options: DatabaseOptions = {}): DatabaseHandle {
  const pool = new Pool({
    connectionString,
    max: options.max ?? 10,
    types: typeParsers,
    application_name: options.applicationName ?? 'einvoice-carbon',
  });
  pool.on('error', options.onIdleError ?? (() => {}));
  // A checked-out client has no pool listener: the server closing it (restart, pg_terminate_backend)
  // must fail its next query, not crash the process with an unhandled 'error' event.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, destroy: () => db.destroy() };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable database URL)';
  }
}
