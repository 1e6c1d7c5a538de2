/**
 * Exact decimal arithmetic over BigInt for money and quantities: a value is `units × 10^-scale`.
 * Invoices need only add, subtract, multiply, a rounded division (pro-rating) and half-up rounding,
 * so a small helper beats a dependency. Values are immutable; strings are the interchange format.
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const GROUPED_TEXT = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

export const ZERO: Decimal = { units: 0n, scale: 0 };

/** Why a text could not be read as a decimal; the caller turns it into a flag with the element's path. */
export type DecimalTextProblem = 'empty' | 'comma' | 'not_a_number';

/**
 * Reads an invoice amount (ubl-tr.md §6.3): trims; accepts `,` only as thousands grouping
 * (`1,234.56`); anything else (a decimal comma, letters, exponents) is a problem, never a guess.
 */
export function readDecimal(text: string): Decimal | DecimalTextProblem {
  let t = text.trim();
  if (t.length === 0) return 'empty';
  if (t.includes(',')) {
    if (!GROUPED_TEXT.test(t)) return 'comma';
    t = t.replaceAll(',', '');
  }
  const m = DECIMAL_TEXT.exec(t);
  if (!m) return 'not_a_number';
  const fraction = m[3] ?? '';
  const units = BigInt(m[2]! + fraction);
  return { units: m[1] === '-' ? -units : units, scale: fraction.length };
}

/** A decimal from a literal the code itself writes (conversion factors); throws on a typo. */
export function dec(text: string): Decimal {
  const d = readDecimal(text);
  if (typeof d === 'string') throw new Error(`invalid decimal literal "${text}"`);
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

/** a × b ÷ c rounded half-up to `scale` digits; c must not be zero. Used for pro-rating. */
export function mulDiv(a: Decimal, b: Decimal, c: Decimal, scale: number): Decimal {
  const product = mul(a, b);
  // value = product.units·10^-ps ÷ (c.units·10^-cs); scaled to 10^-scale:
  // units = product.units · 10^(scale + cs − ps) ÷ c.units
  const shift = scale + c.scale - product.scale;
  const numerator = shift >= 0 ? product.units * pow10(shift) : product.units;
  const denominator = shift >= 0 ? c.units : c.units * pow10(-shift);
  return { units: divideHalfUp(numerator, denominator), scale };
}

/** Plain decimal text; with `scale`, exactly that many fraction digits (rounded half-up). */
export function toText(a: Decimal, scale?: number): string {
  const d = scale === undefined ? a : round(a, scale);
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = d.scale > 0 ? '.' + digits.slice(digits.length - d.scale) : '';
  return (negative && d.units !== 0n ? '-' : '') + whole + fraction;
}

/** Shortest text: trailing fraction zeros dropped (`38.000` → `38`, `0.150` → `0.15`). */
export function toPlainText(a: Decimal): string {
  let d = a;
  while (d.scale > 0 && d.units % 10n === 0n) d = { units: d.units / 10n, scale: d.scale - 1 };
  return toText(d);
}
