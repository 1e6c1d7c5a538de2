/**
 * Exact decimal arithmetic for invoice amounts: a value is an integer count of 10^-scale units
 * (kuruş are scale 2). Products go through BigInt, so no JavaScript float ever touches money.
 */
export interface Dec {
  units: number;
  scale: number;
}

export const dec = (units: number, scale: number): Dec => ({ units, scale });

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000, 100_000_000_000, 1_000_000_000_000];

function pow10(n: number): number {
  const p = POW10[n];
  if (p === undefined) throw new RangeError(`scale ${n} out of range`);
  return p;
}

/**
 * Rounds numerator / 10^shift half away from zero (commercial rounding of a kuruş). Exact integer
 * arithmetic on safe integers; a product beyond 2^53 takes the BigInt path.
 */
function roundShift(numerator: number, shift: number): number {
  if (shift <= 0) return checked(numerator * pow10(-shift));
  const d = pow10(shift);
  const abs = Math.abs(numerator);
  let q = Math.floor(abs / d);
  let r = abs - q * d;
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  if (2 * r >= d) q += 1;
  return numerator < 0 ? -q : q;
}

function checked(n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount ${n} exceeds exact integer range`);
  return n;
}

function roundShiftBig(numerator: bigint, shift: number): number {
  const d = BigInt(pow10(shift));
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs + d / 2n) / d;
  return checked(Number(negative ? -q : q));
}

function product(a: number, b: number, shift: number): number {
  const p = a * b;
  return Number.isSafeInteger(p) ? roundShift(p, shift) : roundShiftBig(BigInt(a) * BigInt(b), shift);
}

/** a × b rounded to `scale` decimals. */
export function mul(a: Dec, b: Dec, scale = 2): number {
  return product(a.units, b.units, a.scale + b.scale - scale);
}

/** amount (scale 2) × numerator / denominator, rounded half up to kuruş. */
export function ratio(amount: number, numerator: number, denominator: number): number {
  const n = checked(amount * numerator);
  const q = Math.floor(n / denominator);
  const r = n - q * denominator;
  return 2 * r >= denominator ? q + 1 : q;
}

/** amount (scale 2) × percent / 100, rounded to kuruş; percent may carry decimals (e.g. 7.5). */
export function percentOf(amount: number, percent: Dec): number {
  return product(amount, percent.units, percent.scale + 2);
}

/** Zero-padded fraction digits, by scale (index = scale): FRACTION_PAD[2] = '00'. */
const FRACTION_PAD = POW10.map((_, scale) => '0'.repeat(scale));

/**
 * Fixed-point text with exactly `scale` decimals: format(123456, 2) = "1234.56". Integer and fraction
 * by exact integer arithmetic (% and division of a multiple are exact below 2^53), no digit slicing.
 */
export function format(units: number, scale: number): string {
  const abs = Math.abs(units);
  let text: string;
  if (scale === 0) text = String(abs);
  else {
    const p = pow10(scale);
    const fraction = abs % p;
    const digits = String(fraction);
    text = `${(abs - fraction) / p}.${digits.length < scale ? (FRACTION_PAD[scale - digits.length] ?? '') + digits : digits}`;
  }
  return units < 0 ? `-${text}` : text;
}

export const formatDec = (d: Dec): string => format(d.units, d.scale);
export const formatKurus = (kurus: number): string => format(kurus, 2);

/** Decimal text the way GİB samples write percents: "20", "7.5". */
export function formatPlain(d: Dec): string {
  const text = formatDec(d);
  return d.scale === 0 ? text : text.replace(/\.?0+$/, '');
}
