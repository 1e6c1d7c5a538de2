/**
 * Test-only crash points for the child backfill (CRASH_AT in its environment): the pool's clients
 * announce on stdout each time they reach the named point — a page transaction just begun, the COPY
 * of its lines, its checkpoint write sent, or its COMMIT sent (between pages) — and then hold still
 * for CRASH_PAUSE_MS, so a parent's SIGKILL lands exactly there. No production code is involved.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { z } from 'zod';

export const CrashPoint = z.enum(['transaction', 'copy', 'checkpoint', 'between']);
export type CrashPoint = z.infer<typeof CrashPoint>;

/** The line a child prints on reaching a crash point. */
export const crashMarker = (point: CrashPoint) => JSON.stringify({ crashPoint: point });

function pointOf(query: unknown): CrashPoint | 'commit' | undefined {
  const text = typeof query === 'string' ? query : typeof query === 'object' && query !== null && 'text' in query ? String(query.text) : '';
  if (text === 'BEGIN') return 'transaction';
  if (text.startsWith('COPY ')) return 'copy';
  if (text.startsWith('UPDATE integrations SET checkpoint')) return 'checkpoint';
  if (text === 'COMMIT') return 'commit';
  return undefined;
}

/** Wraps every client the pool hands out so that reaching `point` prints its marker and pauses. */
export function installCrashPoint(pool: pg.Pool, point: CrashPoint, pauseMs: number): void {
  const announce = () => process.stdout.write(crashMarker(point) + '\n');
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const at = pointOf(args[0]);
      if (at === 'copy' && point === 'copy') {
        // The COPY stream: hold its end, so the kill comes with the rows sent and CopyDone not yet.
        const stream = query(...args) as { _final(cb: (e?: Error | null) => void): void };
        const final = stream._final.bind(stream);
        stream._final = (cb) => {
          announce();
          void sleep(pauseMs).then(() => final(cb));
        };
        return stream;
      }
      if (at === point || (at === 'commit' && point === 'between')) {
        // Sent first, then the pause: the kill finds the statement issued and the page not committed
        // (or, between pages, the page committed and the next not begun).
        return (async () => { const result = query(...args); announce(); await sleep(pauseMs); return result; })();
      }
      return query(...args);
    };
  });
}
