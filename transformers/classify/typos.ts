/**
 * Clerk typos and ledger abbreviations in folded line text. Abbreviations common on Turkish invoices ("Elk.Enerji
 * Bdl.", "D.GAZ TÜK.", "KRŞ. BNZ.") are spelled out; an unknown word one edit (a letter missing or wrong)
 * from a rule word of six or more letters is read as that word ("Elktrik", "Konaklma", "nakliy", "MOTORN"). A word
 * counts as known when a rule names it or the text model saw it in training, so real words are never "corrected".
 */
import type { NormalizedText } from './text.js';

/** Folded abbreviation → word, from the ledger shorthand of Turkish invoices (one word each). */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  bdl: 'bedeli', bdli: 'bedeli', tuk: 'tuketim', tuket: 'tuketim', hzm: 'hizmet', hzmt: 'hizmet', hizm: 'hizmeti', ucr: 'ucreti',
  mlz: 'malzeme', malz: 'malzeme', krs: 'kursunsuz', krsz: 'kursunsuz', bilg: 'bilgisayar', dgz: 'dogalgaz', dgaz: 'dogalgaz',
  kull: 'kullanim', ilt: 'iletim', nak: 'nakliye', bkm: 'bakim', tmr: 'tamir',
};
/** Two-word shorthands ("D.GAZ" folds to "d gaz"). */
const PAIRS: ReadonlyArray<[RegExp, string]> = [[/(^| )d gaz(?= |$)/g, '$1dogalgaz'], [/(^| )y parca(?= |$)/g, '$1yedek parca']];

const WORDS = Object.keys(ABBREVIATIONS).join('|');
const WORD_ABBREVIATION = new RegExp(`(^| )(${WORDS})(?= |$)`, 'g');
const ANY_ABBREVIATION = new RegExp(`(?:^| )(?:${WORDS}|d gaz|y parca)(?= |$)`);

/** Spells out the ledger abbreviations of a folded text (words only: "bdl" but never "bdlx"). */
export function expandAbbreviations(ascii: string): string {
  // Screened by one pattern: most lines hold no abbreviation (the hot path of a transform run).
  if (!ANY_ABBREVIATION.test(ascii)) return ascii;
  let out = ascii;
  for (const [pattern, replacement] of PAIRS) out = out.replace(pattern, replacement);
  return out.replace(WORD_ABBREVIATION, (_, before: string, word: string) => before + (ABBREVIATIONS[word] ?? word));
}

interface Entry { form: string; stem: boolean }
export interface TypoLexicon {
  byKey: ReadonlyMap<string, readonly Entry[]>;
  exact: ReadonlySet<string>;
  stems: readonly string[];
  /** The longest form: no longer word or prefix is one edit from a rule word. */
  longest: number;
}

const MIN_FORM = 6;
const MIN_WORD = 5;
const deletions = (s: string): string[] => Array.from({ length: s.length }, (_, i) => s.slice(0, i) + s.slice(i + 1));

/** The lexicon of rule words: "word" must match whole, "stem*" takes suffixes (the phrase syntax of text.ts). */
export function typoLexicon(words: Iterable<string>): TypoLexicon {
  const byKey = new Map<string, Entry[]>();
  const exact = new Set<string>();
  const stems = new Set<string>();
  let longest = 0;
  for (const raw of words) {
    const stem = raw.endsWith('*');
    const form = stem ? raw.slice(0, -1) : raw;
    if (!/^[a-z]+$/.test(form)) continue;
    if (stem) stems.add(form); else exact.add(form);
    if (form.length < MIN_FORM) continue;
    longest = Math.max(longest, form.length);
    for (const key of [form, ...deletions(form)]) {
      const list = byKey.get(key) ?? [];
      if (!list.some((e) => e.form === form && e.stem === stem)) list.push({ form, stem });
      byKey.set(key, list);
    }
  }
  return { byKey, exact, stems: [...stems], longest };
}

const knownByRule = (lexicon: TypoLexicon, word: string): boolean => lexicon.exact.has(word) || lexicon.stems.some((s) => word.startsWith(s));

/**
 * How `part` differs from `form` by one edit: 0 a letter missing (the commonest slip), 1 a letter wrong; null when
 * otherwise. A letter too many is not read as a typo: real words are often a rule word plus a letter ("kaporta",
 * car body, is not "kapora", a deposit).
 */
function editKind(part: string, form: string): 0 | 1 | null {
  if (part.length === form.length - 1) return deletions(form).includes(part) ? 0 : null;
  if (part.length !== form.length) return null;
  let diff = 0;
  for (let i = 0; i < part.length && diff < 2; i++) if (part[i] !== form[i]) diff++;
  return diff === 1 ? 1 : null;
}

/** Candidate entries near `part`: the keys shared by one deletion on either side, checked for a single edit. */
function near(lexicon: TypoLexicon, part: string): Array<{ entry: Entry; kind: 0 | 1 }> {
  const found: Array<{ entry: Entry; kind: 0 | 1 }> = [];
  for (const key of [part, ...deletions(part)]) {
    for (const entry of lexicon.byKey.get(key) ?? []) {
      const kind = editKind(part, entry.form);
      if (kind !== null) found.push({ entry, kind });
    }
  }
  return found;
}

/**
 * The word a typo stands for, or null when no rule word is one edit away, or several are equally near: the reading
 * that covers more of the word wins ("tuketin" is "tuketim", not "tuketi(m)" + "n"), then a missing letter over a
 * wrong one.
 */
export function correctWord(lexicon: TypoLexicon, word: string): string | null {
  const readings: Array<{ covered: number; kind: 0 | 1; target: string }> = [];
  // Only parts up to the longest form can be one edit from one (a missing or a wrong letter never lengthens it):
  // without that bound a long word costs the cube of its length.
  if (word.length <= lexicon.longest) for (const { entry, kind } of near(lexicon, word)) if (!entry.stem) readings.push({ covered: word.length, kind, target: entry.form });
  // A stem with a suffix: the typo is in the word's first letters ("elktrikli" is "elektrik" + "li").
  for (let end = MIN_FORM - 1; end <= Math.min(word.length, lexicon.longest); end++) {
    const part = word.slice(0, end);
    for (const { entry, kind } of near(lexicon, part)) {
      // A word that starts with the stem already matches it; one that goes on after a changed last letter is another
      // word ("kaporta" is not "kapora" + "a"), so before a suffix the stem's last letter must stand.
      const suffixed = end < word.length;
      if (!entry.stem || word.startsWith(entry.form) || (suffixed && part.at(-1) !== entry.form.at(-1))) continue;
      readings.push({ covered: end, kind, target: entry.form + word.slice(end) });
    }
  }
  const best = readings.filter((r) => r.target !== word).sort((a, b) => b.covered - a.covered || a.kind - b.kind);
  const top = best[0];
  if (!top) return null;
  const targets = new Set(best.filter((r) => r.covered === top.covered && r.kind === top.kind).map((r) => r.target));
  return targets.size === 1 ? top.target : null;
}

/** The text with each unknown word that is a typo of a rule word replaced by it; the same object when none is. */
export function correctTypos(text: NormalizedText, lexicon: TypoLexicon, knownToModel: (word: string) => boolean): NormalizedText {
  let changed = false;
  const words = text.ascii.split(' ').map((w) => {
    if (w.length < MIN_WORD || knownToModel(w) || !/^[a-z]+$/.test(w) || knownByRule(lexicon, w)) return w;
    const corrected = correctWord(lexicon, w);
    if (corrected === null) return w;
    changed = true;
    return corrected;
  });
  return changed ? { lower: text.lower, ascii: words.join(' ') } : text;
}
