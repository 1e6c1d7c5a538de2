/**
 * Date parameters as the providers take them. Turkish services read a value without an offset as
 * Turkey time (UTC+03:00, no DST since 2016). Date-only upper bounds include the whole day.
 */
const TURKEY_OFFSET_MS = 3 * 3600_000;
const DAY_MS = 86_400_000;

export class DateParamError extends Error {
  override name = 'DateParamError';
  constructor(readonly field: string, readonly value: string) {
    super(`${field}: unreadable date "${value}"`);
  }
}

/**
 * Epoch ms of a date parameter: `YYYY-MM-DD`, `YYYY-MM-DDTHH:mm[:ss[.fff]][Z|±hh:mm]`, `yyyyMMdd`
 * or `yyyyMMddHHmmss`. With `bound = 'end'` a date-only value means the last millisecond of that day.
 */
export function parseDateParam(field: string, value: string, bound: 'start' | 'end'): number {
  const compact = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/.exec(value);
  const normalized = compact
    ? `${compact[1]}-${compact[2]}-${compact[3]}${compact[4] ? `T${compact[4]}:${compact[5]}:${compact[6]}` : ''}`
    : value;
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?)?$/.exec(normalized);
  if (!match) throw new DateParamError(field, value);
  const [, date, time, zone] = match;
  const ms = Date.parse(`${date}T${time ?? '00:00:00'}${zone ?? '+03:00'}`);
  if (Number.isNaN(ms)) throw new DateParamError(field, value);
  return time === undefined && bound === 'end' ? ms + DAY_MS - 1 : ms;
}

/** The Turkey-time calendar date (YYYY-MM-DD) of an instant. */
export function turkeyDate(ms: number): string {
  return new Date(ms + TURKEY_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` → `yyyyMMdd`. */
export function compactDate(isoDate: string): string {
  return isoDate.replace(/-/g, '');
}

export { DAY_MS };

/** An instant as Turkey local time with its offset: `2026-01-05T10:12:33+03:00`. */
export function turkeyDateTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + TURKEY_OFFSET_MS).toISOString().slice(0, 19)}+03:00`;
}
