import { describe, expect, it } from 'vitest';
import { normalizeText } from './text.js';
import { correctTypos, correctWord, expandAbbreviations, typoLexicon } from './typos.js';

const lexicon = typoLexicon(['elektrik*', 'konaklama*', 'motorin*', 'kapora*', 'dagitim*', 'iletim', 'tuketim*']);

describe('clerk typos and ledger abbreviations', () => {
  it.each([
    ['elktrik', 'elektrik'], ['elktrikli', 'elektrikli'], ['konaklma', 'konaklama'], ['motorn', 'motorin'], ['dagitm', 'dagitim'], ['iletm', 'iletim'],
    ['tuketin', 'tuketim'],
  ])('reads %s as %s (a letter missing or wrong)', (typo, word) => {
    expect(correctWord(lexicon, typo)).toBe(word);
  });

  it('does not read a word with a letter too many, or two edits away, as a rule word', () => {
    expect(correctWord(lexicon, 'kaporta')).toBeNull();
    expect(correctWord(lexicon, 'elktrk')).toBeNull();
  });

  it('leaves a word known to the rules or to the text model alone', () => {
    const text = normalizeText('Konaklma bedeli motorn');
    expect(correctTypos(text, lexicon, () => false).ascii).toBe('konaklama bedeli motorin');
    expect(correctTypos(text, lexicon, (w) => w === 'motorn').ascii).toBe('konaklama bedeli motorn');
    const clean = normalizeText('Elektrik tüketim bedeli');
    expect(correctTypos(clean, lexicon, () => false)).toBe(clean);
  });

  it('is undecided between two rule words one edit away by the same kind of edit', () => {
    expect(correctWord(typoLexicon(['kalemler', 'kalemlar']), 'kalemlr')).toBeNull();
  });

  it('spells out ledger abbreviations, whole words only', () => {
    expect(expandAbbreviations(normalizeText('Elk.Enerji Bdl.').ascii)).toBe('elk enerji bedeli');
    expect(expandAbbreviations(normalizeText('D.GAZ TÜK.').ascii)).toBe('dogalgaz tuketim');
    expect(expandAbbreviations(normalizeText('KRŞ. BNZ. 95').ascii)).toBe('kursunsuz bnz 95');
    expect(expandAbbreviations('bdlx tukx')).toBe('bdlx tukx');
  });
});
