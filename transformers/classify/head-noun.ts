/**
 * Turkish head-noun analysis for commodity keywords. Turkish noun compounds put the head last and mark it
 * (izafet): "motorin pompası değişimi" is a replacement (of a pump), "LPG tankı kiralaması" a rental,
 * "kargo kolisi" a box. A commodity word (fuel, gas, electricity, freight, waste, hotel…) followed by one of
 * these heads is only a modifier, so the commodity rule must not decide the line. A few words make a line a
 * service or a device whatever their position ("Abone bağlantı bedeli (doğalgaz)", "sayaç değişimi").
 */
import type { CategoryKey } from '../../domain/categories.js';
import { phraseAlternation } from './text.js';

/** Categories whose keywords name a commodity or an activity and may appear as a modifier. */
export const COMMODITY_CATEGORIES: ReadonlySet<CategoryKey> = new Set([
  'electricity', 'natural_gas', 'diesel', 'petrol', 'lpg', 'fuel_oil', 'refrigerant', 'water', 'freight', 'waste',
  'business_travel_air', 'business_travel_hotel', 'business_travel_ground', 'employee_commuting',
]);

// Heads that are goods, equipment, works or contracts rather than the commodity itself.
const HEADS_AFTER = [
  // containers, parts and equipment
  'pompa*', 'tank', 'tanki', 'tanklari', 'katki*', 'yedek parca*', 'parca*', 'makine*', 'makinesi', 'filtre*', 'bidon*', 'koli*', 'kolisi', 'kutu*', 'kova*', 'poset*', 'torba*', 'canta*', 'bisiklet*',
  'asansor*', 'boru*', 'borusu', 'terlik*', 'seti', 'set', 'alet*', 'aparat*', 'cihaz*', 'kompresor*', 'kombi*', 'kazan*', 'pano*', 'panosu',
  'dedektor*', 'detektor*', 'sensor*', 'maske*', 'forklift*', 'jenerator*', 'araci', 'araclari', 'manifold*', 'hortum*', 'vana*', 'regulator*',
  'tipi', 'kablo*', 'priz*', 'lamba*', 'salon*', 'istasyon*', 'etiket*', 'bant*', 'kapak*', 'kilit*', 'tabela*', 'yayi', 'soba*', 'ocagi', 'firin*',
  'isitici*', 'motor', 'motoru', 'enjektor*', 'deposu', 'kart', 'karti', 'kartlari', 'kacag*', 'kacak*', 'kesme*', 'ariza*', 'mudahale*',
  // works and services done on or around the commodity
  'montaj*', 'kurulum*', 'bakim*', 'onarim*', 'tamir*', 'revizyon*', 'degisim*', 'iscili*', 'temizlig*', 'temizlik*', 'proje*',
  'projesi', 'tesisat*', 'analiz*', 'olcum*', 'etut*', 'danismanlik*', 'egitim*', 'denetim*', 'kontrol*', 'test*', 'imha*',
  'geri kazanim*', 'yazilim*', 'lisans*', 'abonelik*', 'entegrasyon*', 'takip*', 'sigorta*', 'kira*', 'kiralama*', 'kiralamasi',
  'nakliye*', 'nakliyat*', 'sevkiyat*', 'rezervasyon*', 'organizasyon*', 'toplanti*',
];
// Words that make a line a service on, or a device for, the commodity wherever they stand.
const ANYWHERE = ['sayac*', 'baglanti bedel*', 'abone baglanti*', 'iscili*', 'sigorta*', 'analiz*', 'yazilim*', 'dedektor*', 'manifold*'];

const headAfter = phraseAlternation(HEADS_AFTER);
const anywhere = phraseAlternation(ANYWHERE);

/**
 * True when the keyword matched at [start, end) of the folded text is a modifier of a non-commodity head
 * (one of HEADS_AFTER follows it), or the line is a service or device by a word that decides anywhere.
 */
export function isModifierOnly(ascii: string, end: number): boolean {
  return headAfter.test(ascii.slice(end)) || anywhere.test(ascii);
}
