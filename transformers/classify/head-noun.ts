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
  'tipi', 'kablo*', 'priz*', 'lamba*', 'salon*', 'istasyon*', 'etiket*', 'bant', 'bandi', 'bantlar*', 'kapak*', 'kilit*', 'tabela*', 'yayi', 'soba*', 'ocagi', 'firin*',
  'isitici*', 'towel*', 'havlu*', 'linen*', 'nevresim*', 'carsaf*', 'bornoz*', 'amenit*', 'brulor*', 'meme', 'memesi', 'motor', 'motoru', 'enjektor*', 'deposu', 'kart', 'karti', 'kartlari', 'van', 'vani', 'filo*', 'filosu', 'panelvan*', 'motosiklet*', 'scooter*', 'kamyonet*', 'kask*', 'yelek*', 'logolu', 'baskili', 'kiyafet*', 'uniforma*', 'aksesuar*', 'kacag*', 'kacak*', 'kesme*', 'acma', 'acilis*', 'kapama*', 'ariza*', 'mudahale*',
  // works and services done on or around the commodity
  'montaj*', 'kurulum*', 'bakim*', 'onarim*', 'tamir*', 'revizyon*', 'degisim*', 'iscili*', 'temizlig*', 'temizlik*', 'proje*',
  'projesi', 'tesisat*', 'analiz*', 'olcum*', 'etut*', 'danismanlik*', 'egitim*', 'denetim*', 'kontrol*', 'test*', 'imha*',
  'geri kazanim*', 'yazilim*', 'lisans*', 'abonelik*', 'entegrasyon*', 'takip*', 'sigorta*', 'kira*', 'kiralama*', 'kiralamasi',
  'nakliye*', 'nakliyat*', 'sevkiyat*', 'rezervasyon*', 'organizasyon*', 'toplanti*',
];
// Words that make a line a service on, or a device for, the commodity wherever they stand.
const ANYWHERE = ['sayac*', 'baglanti bedel*', 'abone baglanti*', 'iscili*', 'sigorta*', 'analiz*', 'yazilim*', 'dedektor*', 'manifold*'];

const headAfter = phraseAlternation(HEADS_AFTER);
/**
 * The head follows its modifier closely: only the next three words are read. A head further on belongs to another
 * phrase ("LNG ikmali tanker ile - boya fırını" is the gas delivered for the furnace). Chosen on leave-one-set-out: pooled category
 * 0.9529 (whole rest of the line) → 0.9540 (three words; one word: 0.9495).
 */
const HEAD_WINDOW = 3;
const anywhere = phraseAlternation(ANYWHERE);
/**
 * A commodity named right after a container or a work on it, as its specification: "Yakıt tankı (fuel oil)",
 * "Kazan dairesi bakım (fuel oil brülör ayarı)", "Kombi yıllık bakım - doğalgazlı".
 */
const headBefore = phraseAlternation(['tanki', 'tanklari', 'deposu', 'pompasi', 'kazani', 'bakim*', 'montaj*', 'kurulum*', 'onarim*', 'tamir*', 'revizyon*', 'temizlig*', 'degisim*', 'ayar*', 'kontrol*']);
/** Liquids sold by the litre that are not the fuel they are for: the unit does not confirm the fuel ("Fuel oil katkısı"). */
// "katkılı" (with additive) still names the fuel.
const productHead = phraseAlternation(['katki', 'katkisi', 'katki maddesi*', 'iyilestirici*', 'additive*', 'temizleyici*']);

/**
 * A work done on the commodity itself ends the window: "Atık motor yağı toplama jeneratör" is the oil's collection, the
 * generator only where it came from; "Kargo gönderimi - proje dosyası" is the shipment, the file what it carried. A number
 * ends it too: a quantity or rating begins ("Evrak imha 40 kutu" is the destruction of forty boxes of files).
 */
const COMMODITY_WORK = new RegExp(`^(?:${['toplama', 'toplanmasi', 'dolum', 'dolumu', 'ikmal', 'ikmali', 'tedarik', 'tedariki', 'bertaraf', 'bertarafi', 'gonderimi', 'gonderisi', 'sevkiyati', 'teslimati'].join('|')})$`);

function followingWords(ascii: string, end: number): string {
  const words = ascii.slice(end).split(' ').slice(0, HEAD_WINDOW + 1);
  const stop = words.findIndex((w) => COMMODITY_WORK.test(w) || /^[0-9]/.test(w));
  return (stop < 0 ? words : words.slice(0, stop)).join(' ');
}

/**
 * True when the keyword matched at [start, end) of the folded text is a modifier of a non-commodity head
 * (one of HEADS_AFTER follows it within HEAD_WINDOW words, or a container or work stands right before it), or the
 * line is a service or device by a word that decides anywhere.
 */
export function isModifierOnly(ascii: string, start: number, end: number): boolean {
  const previous = ascii.slice(0, start).trimEnd().split(' ').at(-1) ?? '';
  return headAfter.test(followingWords(ascii, end)) || headBefore.test(previous) || anywhere.test(ascii);
}

/**
 * A phrase whose own last word is a ticket names the head: "Uçak bileti proje müdürü" is the ticket, the words after
 * it say whose. Such a phrase is never read as a modifier.
 */
const TICKET = /(?:^| )(?:bilet|ticket)[a-z0-9]*$/;
export const phraseNamesHead = (matched: string): boolean => TICKET.test(matched);

/**
 * A commodity stem with the suffix -li/-lı/-lu/-lü (folded li, lu) is an attribute, "running on" or "with":
 * "Buhar kazanı doğalgazlı", "Benzinli plaka kompaktör" are devices. Only for stem phrases (`dogalgaz*`): a phrase
 * that spells the -li form itself ("desili") means it.
 */
export function isAttributeForm(phrase: string, word: string): boolean {
  const stem = phrase.slice(0, -1);
  return phrase.endsWith('*') && !stem.includes(' ') && /(?:li|lu)$/.test(word) && word.length >= stem.length + 2;
}

/**
 * A device named as what a part is for is not the head: "Mekanik salmastra pompa için" is the seal, "Cooling fan for
 * server" the fan. Read by the broad head-noun rules, which otherwise take the last phrase of the line.
 */
export function namesPurpose(ascii: string, start: number, end: number): boolean {
  const next = ascii.slice(end).trimStart().split(' ')[0] ?? '';
  const previous = ascii.slice(0, start).trimEnd().split(' ').at(-1) ?? '';
  return next === 'icin' || previous === 'for' || previous === 'fur' || previous === 'pour';
}

/** True when a product made for the commodity (an additive, a cleaner) follows its word: a unit then confirms nothing. */
export const namesProductFor = (ascii: string, end: number): boolean => productHead.test(followingWords(ascii, end));
