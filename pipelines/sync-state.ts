/**
 * An integration's sync state (integrations.checkpoint): the main checkpoint that follows the inbox
 * from the start date to now, and the gaps still to backfill when the start date was moved earlier
 * (each a bounded checkpoint of its own, so the main cursor is never reset). Each checkpoint advances
 * only in the transaction that commits the page it covers.
 */
import { z } from 'zod';
import { Checkpoint, initialCheckpoint } from '../extractors/contract.js';
import type { ProviderId } from '../domain/providers.js';
import { turkeyDayStart, isoInstant } from '../extractors/time.js';

export const SyncState = z.object({
  main: Checkpoint,
  gaps: z.array(Checkpoint),
});
export type SyncState = z.infer<typeof SyncState>;

export class SyncStateError extends Error {
  override name = 'SyncStateError';
}

export function initialSyncState(provider: ProviderId, startDate: string): SyncState {
  return { main: initialCheckpoint(provider, startDate), gaps: [] };
}

/** The stored state, or a fresh one from the start date when none was stored yet. */
export function readSyncState(stored: unknown, provider: ProviderId, startDate: string): SyncState {
  if (stored === null || (typeof stored === 'object' && Object.keys(stored).length === 0)) return initialSyncState(provider, startDate);
  const parsed = SyncState.safeParse(stored);
  if (!parsed.success) throw new SyncStateError(`stored sync state of this ${provider} integration is not readable: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

export interface StartDateChange {
  state: SyncState;
  /** What a person should be told about the data. */
  effect: 'unchanged' | 'gap_backfill' | 'kept_earlier_data';
}

/**
 * A start date moved earlier adds a gap [new start, old start) to backfill; moved later, the data already
 * loaded is kept and the main checkpoint just stops looking before the new date.
 */
export function changeStartDate(state: SyncState, provider: ProviderId, from: string, to: string): StartDateChange {
  if (to === from) return { state, effect: 'unchanged' };
  if (to > from) {
    const newStart = isoInstant(turkeyDayStart(to));
    const gaps = state.gaps.filter((g) => g.until === null || g.until > newStart).map((g) => (g.startDate < to ? { ...g, startDate: to } : g));
    return { state: { main: { ...state.main, startDate: to }, gaps }, effect: 'kept_earlier_data' };
  }
  // Nothing read yet: the main checkpoint simply starts earlier.
  if (state.main.position === null && state.main.syncedThrough === null) return { state: { ...state, main: { ...state.main, startDate: to } }, effect: 'gap_backfill' };
  const gap = initialCheckpoint(provider, to, isoInstant(turkeyDayStart(from)));
  return { state: { main: { ...state.main, startDate: to }, gaps: [...state.gaps, gap] }, effect: 'gap_backfill' };
}
