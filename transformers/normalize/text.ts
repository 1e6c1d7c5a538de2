/**
 * Turkish text folding for keyword matching (ubl-tr.md §6.11): NFC, tr-TR lower case (İ → i, I → ı),
 * then ASCII-folded (ı → i, ş → s, ğ → g, ç → c, ö → o, ü → u) so text typed without diacritics matches.
 */
const ascii: Readonly<Record<string, string>> = { ı: 'i', ş: 's', ğ: 'g', ç: 'c', ö: 'o', ü: 'u', â: 'a', î: 'i', û: 'u' };

export function foldTurkish(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('tr-TR')
    .replace(/[ışğçöüâîû]/g, (c) => ascii[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}
