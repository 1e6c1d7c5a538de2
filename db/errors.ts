/**
 * Turns PostgreSQL integrity errors into one typed error whose message names the table, the column or
 * constraint, and what was wrong, for the panel and the CLI. Other errors pass through unchanged.
 */
import pg from 'pg';

export type ConstraintKind = 'unique' | 'foreign_key' | 'check' | 'not_null' | 'append_only';

export class ConstraintViolation extends Error {
  override name = 'ConstraintViolation';
  constructor(
    readonly kind: ConstraintKind,
    readonly table: string | undefined,
    readonly constraint: string | undefined,
    readonly column: string | undefined,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const kinds: Record<string, ConstraintKind> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23514': 'check',
  '23502': 'not_null',
  '42501': 'append_only',
};

const what: Record<ConstraintKind, string> = {
  unique: 'a row with the same identity already exists',
  foreign_key: 'it refers to a row that does not exist (or is still referenced)',
  check: 'a value is outside what the column allows',
  not_null: 'a required value is missing',
  append_only: 'the table is append-only',
};

export function describeDatabaseError(error: unknown): unknown {
  if (!(error instanceof pg.DatabaseError) || !error.code) return error;
  const kind = kinds[error.code];
  if (!kind) return error;
  const where = [error.table, error.column].filter(Boolean).join('.') || 'database';
  const by = error.constraint ? ` (${error.constraint})` : '';
  // Only a unique violation's detail is safe to show ("Key (col)=(value)"); for CHECK and NOT NULL,
  // PostgreSQL's detail is the whole failing row, which may hold a password hash or a ciphertext.
  const detail = kind === 'unique' || kind === 'foreign_key' ? error.detail ?? error.message : error.message;
  return new ConstraintViolation(kind, error.table, error.constraint, error.column, `${where}: ${what[kind]}${by}: ${detail}`, { cause: error });
}

/** Runs a database call and rethrows integrity errors as ConstraintViolation. */
export async function withConstraintErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw describeDatabaseError(error);
  }
}

/**
 * The server went away under a connection (restart, failover, pg_terminate_backend): SQLSTATE classes
 * 08 and 57P, or pg's own errors for a socket that closed.
 */
export function isConnectionLost(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return /^(08|57P)/.test(error.code ?? '');
  return error instanceof Error && /Connection terminated|not queryable|ECONNRESET|ECONNREFUSED/.test(error.message);
}

/** Waits between attempts: about 16 s in all, longer than a server restart or a failover takes. */
export const LOST_CONNECTION_DELAYS_MS: readonly number[] = [100, 250, 500, 1_000, 2_000, 4_000, 8_000];

export interface LostConnectionRetry {
  delaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs a write again when it met a connection the server closed or a server that does not accept
 * connections yet (a restart: refused, then "starting up"). The pool drops closed connections as it
 * notices them, so a later attempt gets a live one; the waits give a restarting server time to come back.
 * Retrying at once would spend every attempt inside the restart. Any other error is thrown at once.
 */
export async function retryOnLostConnection<T>(write: () => Promise<T>, retry: LostConnectionRetry = {}): Promise<T> {
  const delays = retry.delaysMs ?? LOST_CONNECTION_DELAYS_MS;
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined || !isConnectionLost(error)) throw error;
      await sleep(delay);
    }
  }
}
