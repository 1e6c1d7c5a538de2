/** Instants as Turkish providers take them: Turkey time is UTC+03:00 all year (no DST since 2016). */
export const TURKEY_OFFSET_MS = 3 * 3_600_000;
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** Start of the Turkey-time day containing `ms`. */
export function floorTurkeyDay(ms: number): number {
  return Math.floor((ms + TURKEY_OFFSET_MS) / DAY_MS) * DAY_MS - TURKEY_OFFSET_MS;
}

export function ceilTurkeyDay(ms: number): number {
  const floor = floorTurkeyDay(ms);
  return floor === ms ? ms : floor + DAY_MS;
}

/** `YYYY-MM-DD` → the instant that Turkey-time day starts. */
export function turkeyDayStart(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00+03:00`);
}

/** `2026-01-05T14:03:00+03:00`, or with milliseconds `2026-01-05T14:03:00.999+03:00`. */
export function turkeyDateTime(ms: number, withMillis = false): string {
  return new Date(ms + TURKEY_OFFSET_MS).toISOString().slice(0, withMillis ? 23 : 19) + '+03:00';
}

/** `2026-01-05` (the Turkey-time calendar date). */
export function turkeyDate(ms: number): string {
  return new Date(ms + TURKEY_OFFSET_MS).toISOString().slice(0, 10);
}

/** `20260105` or `20260105140300`. */
export function turkeyCompact(ms: number, withTime: boolean): string {
  const iso = new Date(ms + TURKEY_OFFSET_MS).toISOString();
  const date = iso.slice(0, 10).replace(/-/g, '');
  return withTime ? date + iso.slice(11, 19).replace(/:/g, '') : date;
}

export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}
