const special = /[&<>"']/;

/**
 * Escapes text content and attribute values for XML (the five predefined entities). Most texts have
 * nothing to escape: one native regex test is several times cheaper than a charCodeAt loop here.
 */
export function esc(text: string): string {
  return special.test(text) ? text.replace(/[&<>"']/g, (m) => entities[m] ?? m) : text;
}
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

const ones = ['', 'Bir', 'İki', 'Üç', 'Dört', 'Beş', 'Altı', 'Yedi', 'Sekiz', 'Dokuz'];
const tens = ['', 'On', 'Yirmi', 'Otuz', 'Kırk', 'Elli', 'Altmış', 'Yetmiş', 'Seksen', 'Doksan'];
const groups = ['', 'Bin', 'Milyon', 'Milyar', 'Trilyon'];

function hundreds(n: number): string {
  const h = Math.floor(n / 100);
  return `${h === 0 ? '' : h === 1 ? 'Yüz' : `${ones[h]}Yüz`}${tens[Math.floor(n / 10) % 10]}${ones[n % 10]}`;
}

/** Turkish number words as printed on invoices: 1234 → "BinİkiYüzOtuzDört" ("Bin", never "BirBin"). */
export function turkishWords(n: number): string {
  if (n === 0) return 'Sıfır';
  let out = '';
  for (let g = 0; n > 0; g++, n = Math.floor(n / 1000)) {
    const chunk = n % 1000;
    if (chunk === 0) continue;
    const words = g === 1 && chunk === 1 ? '' : hundreds(chunk);
    out = `${words}${groups[g]}${out}`;
  }
  return out;
}

const currencyWords: Record<string, [string, string]> = { TRY: ['TL', 'Kr'], USD: ['ABD Doları', 'Sent'], EUR: ['Avro', 'Sent'] };

/** The "Yalnız ..." note with the payable amount in words. */
export function amountInWords(minor: number, currency: string): string {
  const [major, sub] = currencyWords[currency] ?? [currency, ''];
  const cents = minor % 100;
  return `Yalnız: ${turkishWords(Math.floor(minor / 100))} ${major}${cents ? ` ${turkishWords(cents)} ${sub}` : ''}`;
}
