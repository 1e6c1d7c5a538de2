/**
 * A UBL date (xsd:date, YYYY-MM-DD) that names a real calendar day: 2024-02-30 does not, nor year 0000
 * (xsd:date has no year zero). xsd:date may carry a time zone (`2026-01-05+03:00`, `…Z`): readDate
 * accepts it and keeps the calendar date, isCalendarDate does not.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ZONED_DATE = /^(\d{4}-\d{2}-\d{2})(Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?$/;

export function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year === 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** The calendar date of an xsd:date and its time zone (null without one); null when it is no calendar date. */
export function readDate(text: string): { date: string; zone: string | null } | null {
  const m = ZONED_DATE.exec(text);
  if (!m || !isCalendarDate(m[1]!)) return null;
  return { date: m[1]!, zone: m[2] ?? null };
}
