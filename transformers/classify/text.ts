/**
 * Turkish line-text normalization for matching: NFC, Turkish-locale lower case (İ→i, I→ı), punctuation
 * to spaces, and an ASCII-folded variant (ı→i, ş→s, ğ→g, ç→c, ö→o, ü→u) so "MOTORİN", "Motorin" and
 * "MOTORIN" typed without diacritics all read "motorin". Rules and the text model match the folded form.
 */
const FOLD: Record<string, string> = { ı: 'i', ş: 's', ğ: 'g', ç: 'c', ö: 'o', ü: 'u', â: 'a', î: 'i', û: 'u' };

export interface NormalizedText {
  /** Turkish lower case with diacritics, words separated by single spaces. */
  lower: string;
  /** `lower` folded to ASCII letters and digits. */
  ascii: string;
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Turkish lower case, equal to `toLocaleLowerCase('tr-TR')` (a test checks it) but without the ICU call,
 * which costs more than the rest of classification: the tr-TR mapping differs from the root one only
 * for I → ı and İ → i.
 */
export function turkishLowerCase(text: string): string {
  return text.replace(/I/g, 'ı').replace(/İ/g, 'i').toLowerCase();
}

export function normalizeText(text: string): NormalizedText {
  const nfc = NON_ASCII.test(text) ? text.normalize('NFC') : text;
  const lower = turkishLowerCase(nfc)
    // A stray combining dot (from text lower-cased elsewhere without the tr locale) carries no meaning.
    .replace(/\u0307/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (!NON_ASCII.test(lower)) return { lower, ascii: lower };
  const folded = lower.replace(/[ışğçöüâîû]/g, (c) => FOLD[c] ?? c);
  const ascii = NON_ASCII.test(folded) ? folded.normalize('NFD').replace(/\p{M}/gu, '') : folded;
  return { lower, ascii };
}

/**
 * A phrase pattern over folded text: words separated by spaces; a word ending in `*` accepts Turkish
 * suffixes ("nakliye*" matches "nakliyesi", and with its final consonant softened "danismanlik*" matches
 * "danismanligi"), any other word must match whole ("motor" never matches "motorin"). Matches start at a word boundary.
 */
export function phraseRegex(phrase: string): RegExp {
  const words = normalizeText(phrase.replace(/\*/g, ' STAR ')).ascii.replace(/ star\b/g, '*').split(' ');
  const body = words.map((w) => (w.endsWith('*') ? `${softened(escape(w.slice(0, -1)))}[a-z0-9]*` : escape(w))).join(' ');
  return new RegExp(`(?:^| )${body}(?= |$)`);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Turkish softens a stem's final k, p, t (ç folds to c either way) before a vowel suffix: "danışmanlık" →
 * "danışmanlığı", "dolap" → "dolabı", "kâğıt" → "kâğıdı". A stem pattern accepts both.
 */
const SOFTENING: Readonly<Record<string, string>> = { k: '[kg]', p: '[pb]', t: '[td]' };
const softened = (stem: string): string => (stem.length >= 3 && SOFTENING[stem.slice(-1)] ? stem.slice(0, -1) + SOFTENING[stem.slice(-1)] : stem);

const BOUNDARY_START = '(?:^| )';
const BOUNDARY_END = '(?= |$)';

/**
 * One pattern matching any of the phrases (same syntax and meaning as phraseRegex), with the word boundaries
 * factored out of the alternation: a line is scanned once instead of once per phrase.
 */
export function phraseAlternation(phrases: readonly string[]): RegExp {
  const bodies = phrases.map((p) => phraseRegex(p).source.slice(BOUNDARY_START.length, -BOUNDARY_END.length));
  return new RegExp(`${BOUNDARY_START}(?:${bodies.join('|')})${BOUNDARY_END}`);
}
