/**
 * Builds the committed monthly FX and CPI table (data/fx-cpi-monthly.json) from the official source files
 * in data/source/: ECB euro reference rates (daily) and BLS CPI-U (monthly). Pure: scripts/build-fx-cpi.ts
 * reads the files, checks their SHA-256 against data/sources.json and writes the result.
 *
 * Method (the same as the build.py shipped with the source copies, so the 2015+ months agree with it):
 * monthly arithmetic mean of the daily fixings; TRY per unit of X = mean of the daily cross EUR/TRY ÷ EUR/X;
 * exact rational arithmetic, rounded half-even to 6 decimals once.
 */
import { FxCpiFile, type FxCpiFile as FxCpiFileType } from './table.js';

export const ECB_FILE = 'source/eurofxref-hist.zip';
export const ECB_CSV_IN_ZIP = 'eurofxref-hist.csv';
export const CPI_FILE = 'source/cpiai.csv';
/** Currencies priced in TRY, beside the euro; all quoted daily by the ECB since the new lira (2005-01-03). */
export const FX_CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF'] as const;
const FIRST_MONTH = '2005-01';
const RATE_SCALE = 6;

/** A source's text (for the ECB zip: the CSV inside it) and the SHA-256 of the file as committed. */
export interface SourceText { text: string; sha256: string }
export interface SourceManifest { [file: string]: { sha256: string; origin: string; licence: string } }

export class FxSourceError extends Error {
  override name = 'FxSourceError';
  constructor(readonly file: string, message: string) { super(`${file}: ${message}`); }
}

/** An exact non-negative fraction. */
interface Fraction { n: bigint; d: bigint }
const gcd = (a: bigint, b: bigint): bigint => { while (b) [a, b] = [b, a % b]; return a; };
function fraction(text: string, file: string, where: string): Fraction {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new FxSourceError(file, `${where}: "${text}" is not a positive decimal`);
  const digits = m[2] ?? '';
  return { n: BigInt(m[1]! + digits), d: 10n ** BigInt(digits.length) };
}
function addFractions(a: Fraction, b: Fraction): Fraction {
  const n = a.n * b.d + b.n * a.d;
  const d = a.d * b.d;
  const g = gcd(n, d);
  return { n: n / g, d: d / g };
}
const divideFractions = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.d, d: a.d * b.n });

/** f rounded half-even to `scale` decimals, as plain text with exactly `scale` digits. */
function halfEven(f: Fraction, scale: number): string {
  const scaled = f.n * 10n ** BigInt(scale);
  let q = scaled / f.d;
  const twice = (scaled % f.d) * 2n;
  if (twice > f.d || (twice === f.d && q % 2n === 1n)) q += 1n;
  const digits = q.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

function mean(values: readonly Fraction[]): Fraction {
  const total = values.reduce(addFractions, { n: 0n, d: 1n });
  return { n: total.n, d: total.d * BigInt(values.length) };
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
function* months(first: string, last: string): Generator<string> {
  for (let m = first; m <= last; m = nextMonth(m)) yield m;
}

interface DailyFixing { date: string; eurTry: Fraction; perEur: Record<string, Fraction> }

function ecbFixings(csv: string): DailyFixing[] {
  const [headerLine, ...rows] = csv.split(/\r?\n/);
  const header = (headerLine ?? '').split(',').map((h) => h.trim());
  const column = (code: string): number => {
    const i = header.indexOf(code);
    if (i < 0) throw new FxSourceError(ECB_FILE, `no ${code} column`);
    return i;
  };
  const tryColumn = column('TRY');
  const others = FX_CURRENCIES.filter((c) => c !== 'EUR').map((c) => [c, column(c)] as const);
  const fixings: DailyFixing[] = [];
  for (const row of rows) {
    const cells = row.split(',').map((c) => c.trim());
    const date = cells[0] ?? '';
    if (date === '') continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new FxSourceError(ECB_FILE, `bad date "${date}"`);
    const quoted = [tryColumn, ...others.map(([, i]) => i)].every((i) => !['', 'N/A'].includes(cells[i] ?? ''));
    // Before the new lira (2005) TRY is N/A; a day must quote every currency we price or it is skipped.
    if (!quoted) continue;
    fixings.push({
      date, eurTry: fraction(cells[tryColumn]!, ECB_FILE, date),
      perEur: Object.fromEntries(others.map(([c, i]) => [c, fraction(cells[i]!, ECB_FILE, `${date} ${c}`)])),
    });
  }
  return fixings.sort((a, b) => a.date.localeCompare(b.date));
}

/** The last month counts as complete only when its last fixing is on or after the month's last weekday. */
function isMonthComplete(day: string): boolean {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0));
  while (last.getUTCDay() === 0 || last.getUTCDay() === 6) last.setUTCDate(last.getUTCDate() - 1);
  return day >= last.toISOString().slice(0, 10);
}

function fxMonths(csv: string): FxCpiFileType['fx'] {
  const fixings = ecbFixings(csv).filter((f) => f.date.slice(0, 7) >= FIRST_MONTH);
  const lastFixing = fixings.at(-1)?.date;
  if (!lastFixing) throw new FxSourceError(ECB_FILE, 'no TRY fixings');
  const byMonth = new Map<string, DailyFixing[]>();
  for (const f of fixings) byMonth.set(f.date.slice(0, 7), [...(byMonth.get(f.date.slice(0, 7)) ?? []), f]);
  const rows = [...months(FIRST_MONTH, lastFixing.slice(0, 7))].map((month) => {
    const days = byMonth.get(month);
    if (!days) throw new FxSourceError(ECB_FILE, `no fixings in ${month}`);
    const tryPer = FX_CURRENCIES.map((c) => halfEven(mean(days.map((d) => {
      const perEur = d.perEur[c];
      return perEur ? divideFractions(d.eurTry, perEur) : d.eurTry;
    })), RATE_SCALE));
    return { month, fixings: days.length, tryPer: Object.fromEntries(FX_CURRENCIES.map((c, i) => [c, tryPer[i]!])) };
  });
  return {
    series: 'ECB euro foreign exchange reference rates (eurofxref-hist), mid rates fixed about 14:10 CET',
    method: 'monthly arithmetic mean of the daily fixings; TRY per unit = mean of the daily cross EUR/TRY ÷ EUR/unit; exact, rounded half-even to 6 decimals',
    caveat: 'ECB mid rates, not the TCMB forex buying rates of Turkish VAT practice: small differences on calm days, larger in volatile months (2018-08, 2021-12)',
    currencies: [...FX_CURRENCIES],
    lastFixing,
    partialMonth: isMonthComplete(lastFixing) ? null : lastFixing.slice(0, 7),
    months: rows,
  };
}

function cpiMonths(csv: string): FxCpiFileType['cpi'] {
  const [header, ...rows] = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (header?.trim() !== 'Date,Index,Inflation') throw new FxSourceError(CPI_FILE, `unexpected header "${header}"`);
  const published = new Map<string, string>();
  for (const row of rows) {
    const [date = '', index = ''] = row.split(',');
    const month = date.slice(0, 7);
    if (published.has(month)) throw new FxSourceError(CPI_FILE, `duplicate month ${month}`);
    fraction(index, CPI_FILE, month);
    published.set(month, index.trim());
  }
  const last = [...published.keys()].sort().at(-1) ?? FIRST_MONTH;
  const year2022 = [...months('2022-01', '2022-12')].map((m) => {
    const v = published.get(m);
    if (!v) throw new FxSourceError(CPI_FILE, `no CPI for ${m}`);
    return fraction(v, CPI_FILE, m);
  });
  return {
    series: 'US BLS CPI-U, CUUR0000SA0: all items, U.S. city average, not seasonally adjusted, 1982-84 = 100',
    baseYear: '2022',
    // BLS publishes annual averages to 3 decimals; the mean of the 12 months rounds to the published 292.655.
    baseYearAverage: halfEven(mean(year2022), 3).replace(/0+$/, ''),
    months: [...months(FIRST_MONTH, last)].map((month) => ({ month, index: published.get(month) ?? null })),
  };
}

/** The table file. Refuses sources whose SHA-256 differs from the manifest, so a changed source cannot change rates. */
export function buildFxCpiTable(files: { ecbZip: SourceText; cpi: SourceText }, manifest: SourceManifest): FxCpiFileType {
  for (const [file, sha] of [[ECB_FILE, files.ecbZip.sha256], [CPI_FILE, files.cpi.sha256]] as const) {
    const recorded = manifest[file]?.sha256;
    if (recorded !== sha) throw new FxSourceError(file, `SHA-256 ${sha} differs from the recorded ${recorded ?? '(none)'}`);
  }
  return FxCpiFile.parse({
    generatedBy: 'scripts/build-fx-cpi.ts',
    sources: Object.fromEntries([ECB_FILE, CPI_FILE].map((f) => [f, manifest[f]])),
    fx: fxMonths(files.ecbZip.text),
    cpi: cpiMonths(files.cpi.text),
  });
}
