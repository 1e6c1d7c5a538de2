/**
 * Test-only crash points for the child backfill (CRASH_AT, CRASH_OCCURRENCE in its environment): the pool's
 * clients count each time they reach the named point — a page transaction just begun, the COPY of its
 * lines, its checkpoint write sent, or its COMMIT sent (between pages) — and at the given occurrence
 * announce it on stdout and hold still there until the parent's SIGKILL comes, so the kill lands exactly
 * at that point however slowly the parent reads. No production code is involved.
 */
import type pg from 'pg';
import { z } from 'zod';

export const CrashPoint = z.enum(['transaction', 'copy', 'checkpoint', 'between']);
export type CrashPoint = z.infer<typeof CrashPoint>;

/** The line a child prints on reaching its crash point. */
export const crashMarker = (point: CrashPoint) => JSON.stringify({ crashPoint: point });

/** A parent that never kills fails the test with this exit code instead of hanging it. */
const NOT_KILLED_EXIT = 3;
const HOLD_LIMIT_MS = 60_000;

function pointOf(query: unknown): CrashPoint | 'commit' | undefined {
  const text = typeof query === 'string' ? query : typeof query === 'object' && query !== null && 'text' in query ? String(query.text) : '';
  if (text === 'BEGIN') return 'transaction';
  if (text.startsWith('COPY ')) return 'copy';
  if (text.startsWith('UPDATE integrations SET checkpoint')) return 'checkpoint';
  if (text === 'COMMIT') return 'commit';
  return undefined;
}

/** Announces the crash point and never settles: the process waits there to be killed. */
function hold(point: CrashPoint): Promise<never> {
  process.stdout.write(crashMarker(point) + '\n');
  setTimeout(() => process.exit(NOT_KILLED_EXIT), HOLD_LIMIT_MS);
  return new Promise<never>(() => {});
}

/** Wraps every client the pool hands out so that the `occurrence`-th time `point` is reached, it holds there. */
export function installCrashPoint(pool: pg.Pool, point: CrashPoint, occurrence: number): void {
  let reached = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const at = pointOf(args[0]);
      const here = at === point || (at === 'commit' && point === 'between');
      if (!here || ++reached !== occurrence) return query(...args);
      if (point === 'copy') {
        // The COPY stream: its end held, so the kill comes with the rows sent and CopyDone not yet.
        const stream = query(...args) as { _final(cb: (e?: Error | null) => void): void };
        stream._final = () => void hold(point);
        return stream;
      }
      // Sent first, then held: the kill finds the statement issued and the page not committed
      // (or, between pages, the page committed and the next not begun).
      void query(...args);
      return hold(point);
    };
  });
}
