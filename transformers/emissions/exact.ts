/**
 * Exact rational arithmetic on BigInt for factor math: decimal strings in, decimal strings out, no floats.
 * Products and quotients stay exact; rounding happens once, where a result is written out.
 */

export class DecimalFormatError extends Error {
  override name = 'DecimalFormatError';
  constructor(readonly value: string, readonly field: string) {
    super(`${field}: "${value}" is not a plain decimal number`);
  }
}

/** n / d with d > 0 and gcd(n, d) = 1. */
export interface Ratio { readonly n: bigint; readonly d: bigint }

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function reduce(n: bigint, d: bigint): Ratio {
  if (d === 0n) throw new RangeError('division by zero');
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

/** Parses "-12.50", "1936", "0.1819" (surrounding whitespace allowed). */
export function parseDecimal(text: string, field = 'value'): Ratio {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new DecimalFormatError(text, field);
  const fraction = m[3] ?? '';
  const n = BigInt((m[2] ?? '0') + fraction) * (m[1] === '-' ? -1n : 1n);
  return reduce(n, 10n ** BigInt(fraction.length));
}

export const isDecimal = (text: string): boolean => DECIMAL.test(text.trim());

export const ratio = (n: bigint, d = 1n): Ratio => reduce(n, d);
export const mul = (a: Ratio, b: Ratio): Ratio => reduce(a.n * b.n, a.d * b.d);
export const div = (a: Ratio, b: Ratio): Ratio => reduce(a.n * b.d, a.d * b.n);
export const add = (a: Ratio, b: Ratio): Ratio => reduce(a.n * b.d + b.n * a.d, a.d * b.d);
export const isZero = (a: Ratio): boolean => a.n === 0n;

/** Rounds half away from zero to `scale` decimals and prints without exponent ("-0.000" prints "0.000"). */
export function toFixed(a: Ratio, scale: number): string {
  const factor = 10n ** BigInt(scale);
  const negative = a.n < 0n;
  const abs = negative ? -a.n : a.n;
  const scaled = (abs * factor * 2n + a.d) / (2n * a.d);
  const digits = scaled.toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const body = scale > 0 ? `${whole}.${digits.slice(-scale)}` : whole;
  return negative && scaled !== 0n ? `-${body}` : body;
}

/** The exact decimal when it terminates within `maxScale` decimals (trailing zeros trimmed), else rounded to maxScale. */
export function toDecimal(a: Ratio, maxScale = 9): string {
  const fixed = toFixed(a, maxScale);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
