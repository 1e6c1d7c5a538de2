/**
 * Exact decimal arithmetic over BigInt for money, quantities and factor math: a value is `units × 10^-scale`.
 * Invoices need add, subtract, multiply, a rounded division (pro-rating) and half-away-from-zero rounding;
 * emission factor chains (spend → TRY → USD → deflated USD × factor) need exact multiplication and division
 * with one rounding at the end, which a Quotient (numerator ÷ denominator, both Decimals) carries.
 * A small helper beats a dependency here: no gcd, no precision settings, BigInt only where digits are.
 * Values are immutable; strings are the interchange format; no floats anywhere.
 */
import { z } from 'zod';

/** A plain decimal string (`-12.50`, `0.439`): the interchange format every schema of ours uses. */
export const DecimalText = z.string().regex(/^-?\d+(?:\.\d+)?$/);
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** A text that is not a plain decimal number, with the field or path it came from. */
export class DecimalFormatError extends Error {
  override name = 'DecimalFormatError';
  constructor(readonly value: string, readonly field: string) {
    super(`${field}: "${value}" is not a plain decimal number`);
  }
}

const PLAIN_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const GROUPED_TEXT = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

export const ZERO: Decimal = { units: 0n, scale: 0 };
export const ONE: Decimal = { units: 1n, scale: 0 };

/** `[+-]digits[.digits]`, already trimmed; null for anything else. */
function readPlain(text: string): Decimal | null {
  const m = PLAIN_TEXT.exec(text);
  if (!m) return null;
  const fraction = m[3] ?? '';
  const units = BigInt(m[2]! + fraction);
  return { units: m[1] === '-' ? -units : units, scale: fraction.length };
}

/** Why a text could not be read as a decimal; the caller turns it into a flag with the element's path. */
export type DecimalTextProblem = 'empty' | 'comma' | 'not_a_number' | 'too_long';

/**
 * Most digits an invoice value may have once leading and trailing zeros are dropped: real amounts,
 * quantities and rates have 15 integer and a few fraction digits; 40 leaves room and keeps every
 * operation on them cheap.
 */
const MAX_DIGITS = 40;

/**
 * Reads an invoice amount (ubl-tr.md §6.3): trims; accepts `,` only as thousands grouping
 * (`1,234.56`); anything else (a decimal comma, letters, exponents) is a problem, never a guess, and
 * so is a value of more than MAX_DIGITS digits.
 */
export function readDecimal(text: string): Decimal | DecimalTextProblem {
  let t = text.trim();
  if (t.length === 0) return 'empty';
  if (t.includes(',')) {
    if (!GROUPED_TEXT.test(t)) return 'comma';
    t = t.replaceAll(',', '');
  }
  if (t.length > MAX_DIGITS) {
    if (!PLAIN_TEXT.test(t)) return 'not_a_number';
    t = withoutPaddingZeros(t);
    if (t.replace(/[+-]|\./g, '').length > MAX_DIGITS) return 'too_long';
  }
  return readPlain(t) ?? 'not_a_number';
}

/** A plain decimal text without leading integer zeros and trailing fraction zeros (`-007.500` → `-7.5`). */
function withoutPaddingZeros(t: string): string {
  const sign = t[0] === '+' || t[0] === '-' ? t[0] : '';
  let body = sign ? t.slice(1) : t;
  if (body.includes('.')) body = body.replace(/\.?0+$/, '');
  body = body.replace(/^0+(?=\d)/, '');
  return sign + body;
}

/**
 * A plain decimal ("-12.50", "1936", " 0.1819 "): literals in code, texts this project wrote, factor and
 * rate values. No grouping, exponents or commas; throws DecimalFormatError naming `field` otherwise.
 */
export function dec(text: string, field = 'value'): Decimal {
  const d = readPlain(text.trim());
  if (!d) throw new DecimalFormatError(text, field);
  return d;
}

/** Powers of ten up to 10^40 (BigInt exponentiation is slow on the hot path). */
const POW10: readonly bigint[] = Array.from({ length: 41 }, (_, i) => 10n ** BigInt(i));

function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

function rescale(d: Decimal, scale: number): bigint {
  return scale === d.scale ? d.units : d.units * pow10(scale - d.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  return add(a, negate(b));
}

export function negate(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale };
}

export function abs(a: Decimal): Decimal {
  return a.units < 0n ? negate(a) : a;
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function sum(values: readonly Decimal[]): Decimal {
  let total = ZERO;
  for (const v of values) total = add(total, v);
  return total;
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(a: Decimal): boolean {
  return a.units === 0n;
}

/** Integer division of n by d (d ≠ 0) rounded half away from zero. */
function divideHalfUp(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return negative ? -q : q;
}

/** Rounds half away from zero to `scale` fraction digits (the commercial rounding of invoices). */
export function round(a: Decimal, scale: number): Decimal {
  if (a.scale <= scale) return { units: rescale(a, scale), scale };
  return { units: divideHalfUp(a.units, pow10(a.scale - scale)), scale };
}

/** a ÷ b rounded half away from zero to `scale` digits; RangeError when b is zero. */
export function divide(a: Decimal, b: Decimal, scale: number): Decimal {
  if (b.units === 0n) throw new RangeError('division by zero');
  // value = a.units·10^-as ÷ (b.units·10^-bs); scaled to 10^-scale: units = a.units · 10^(scale + bs − as) ÷ b.units
  const shift = scale + b.scale - a.scale;
  const numerator = shift >= 0 ? a.units * pow10(shift) : a.units;
  const denominator = shift >= 0 ? b.units : b.units * pow10(-shift);
  return { units: divideHalfUp(numerator, denominator), scale };
}

/** An exact value awaiting its one rounding: numerator ÷ denominator (denominator ≠ 0). */
export interface Quotient {
  readonly numerator: Decimal;
  readonly denominator: Decimal;
}

export function quotient(numerator: Decimal, denominator: Decimal = ONE): Quotient {
  if (denominator.units === 0n) throw new RangeError('division by zero');
  return { numerator, denominator };
}

/** q × multiplier ÷ divisor, exact (no rounding); RangeError when divisor is zero. */
export function mulDivExact(q: Quotient, multiplier: Decimal, divisor: Decimal): Quotient {
  return quotient(mul(q.numerator, multiplier), mul(q.denominator, divisor));
}

/** The quotient rounded half away from zero to `scale` digits: the single rounding of a chain. */
export function roundQuotient(q: Quotient, scale: number): Decimal {
  return divide(q.numerator, q.denominator, scale);
}

/** Plain decimal text; with `scale`, exactly that many fraction digits (rounded half away from zero). */
export function toText(a: Decimal, scale?: number): string {
  const d = scale === undefined ? a : round(a, scale);
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = d.scale > 0 ? '.' + digits.slice(digits.length - d.scale) : '';
  return (negative ? '-' : '') + whole + fraction;
}

/**
 * Shortest text: trailing fraction zeros dropped (`38.000` → `38`, `0.150` → `0.15`); with `maxScale`,
 * first rounded half away from zero to at most that many digits (exact when it terminates within them).
 */
export function toPlainText(a: Decimal, maxScale?: number): string {
  const text = toText(maxScale !== undefined && a.scale > maxScale ? round(a, maxScale) : a);
  // On the text, not one BigInt division per zero: linear in the number of digits.
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
