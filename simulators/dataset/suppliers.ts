import { Rng } from './random.js';
import type { KindId } from './kinds.js';

/** A supplier that sends invoices to the organization. The population is the same for every seed. */
export interface Supplier {
  no: number;
  vkn: string;
  name: string;
  kind: KindId;
  /** 3-letter series prefix of its e-Fatura numbers (cbc:ID). */
  prefix: string;
  profile: 'TICARIFATURA' | 'TEMELFATURA' | 'EARSIVFATURA';
  taxOffice: string;
  street: string;
  buildingNumber: string;
  district: string;
  city: string;
  postalZone: string;
  website: string;
  email: string;
  phone: string;
  /** Its integrator embeds the display XSLT in every invoice (what makes real invoices large). */
  embedsXslt: boolean;
  /** Older billing template: electricity bills still carry the TRT share (8004). */
  legacyTemplate: boolean;
}

/** How many suppliers of each kind, and the words their trade names are built from. */
const populationPlan: ReadonlyArray<[KindId, number, readonly string[]]> = [
  ['electricity', 4, ['Elektrik Perakende Satış A.Ş.', 'Elektrik Enerjisi Toptan Satış A.Ş.']],
  ['natural_gas', 3, ['Doğalgaz Dağıtım A.Ş.', 'Gaz Dağıtım Sanayi ve Ticaret A.Ş.']],
  ['water', 2, ['Su ve Kanalizasyon İdaresi Genel Müdürlüğü']],
  ['fuel', 6, ['Petrol Ürünleri Dağıtım A.Ş.', 'Akaryakıt ve Otomotiv Ticaret Ltd. Şti.', 'Petrol Ticaret A.Ş.']],
  ['freight', 8, ['Lojistik ve Taşımacılık A.Ş.', 'Nakliyat Ticaret Ltd. Şti.', 'Uluslararası Nakliyat A.Ş.']],
  ['courier', 4, ['Kargo Taşımacılığı A.Ş.', 'Ekspres Kargo Hizmetleri A.Ş.']],
  ['freight_intl', 3, ['Global Lojistik ve Dış Ticaret A.Ş.', 'Denizcilik ve Lojistik Hizmetleri A.Ş.']],
  ['air', 4, ['Turizm Seyahat Acentası Ltd. Şti.', 'Hava Yolları A.Ş.']],
  ['hotel', 6, ['Otelcilik ve Turizm A.Ş.', 'Otel İşletmeciliği Ltd. Şti.']],
  ['ground', 4, ['Oto Kiralama A.Ş.', 'Transfer ve Turizm Hizmetleri Ltd. Şti.']],
  ['commuting', 3, ['Personel Taşımacılığı Ltd. Şti.', 'Servis Hizmetleri Turizm Ltd. Şti.']],
  ['consulting', 5, ['Danışmanlık A.Ş.', 'Yeminli Mali Müşavirlik Ltd. Şti.', 'Hukuk ve Danışmanlık Ltd. Şti.']],
  ['software', 5, ['Bilişim Teknolojileri A.Ş.', 'Yazılım ve Danışmanlık A.Ş.']],
  ['software_fx', 3, ['Bilgi Teknolojileri Dış Ticaret A.Ş.', 'Bulut Hizmetleri A.Ş.']],
  ['cleaning', 3, ['Temizlik Hizmetleri Ltd. Şti.', 'Tesis Yönetimi A.Ş.']],
  ['security', 3, ['Özel Güvenlik Hizmetleri A.Ş.', 'Koruma ve Güvenlik Ltd. Şti.']],
  ['telecom', 3, ['Telekomünikasyon A.Ş.', 'İletişim Hizmetleri A.Ş.']],
  ['maintenance', 4, ['Teknik Servis ve Bakım Ltd. Şti.', 'Mühendislik ve Bakım Hizmetleri A.Ş.']],
  ['stationery', 4, ['Kırtasiye ve Ofis Malzemeleri Ltd. Şti.', 'Büro Malzemeleri Ticaret A.Ş.']],
  ['packaging', 4, ['Ambalaj Sanayi ve Ticaret A.Ş.', 'Oluklu Mukavva Sanayi A.Ş.']],
  ['raw_material', 6, ['Plastik Sanayi ve Ticaret A.Ş.', 'Metal Sanayi ve Ticaret A.Ş.', 'Kimya Sanayi A.Ş.']],
  ['food', 3, ['Gıda Sanayi ve Ticaret Ltd. Şti.', 'Yemek ve Catering Hizmetleri A.Ş.']],
  ['capital', 5, ['Bilgisayar Sistemleri A.Ş.', 'Makina Sanayi ve Ticaret A.Ş.', 'İş Makinaları A.Ş.']],
  ['waste', 3, ['Atık Yönetimi ve Geri Dönüşüm A.Ş.', 'Çevre Teknolojileri Ltd. Şti.']],
  ['rent', 3, ['Gayrimenkul Yatırım A.Ş.', 'İnşaat ve Emlak A.Ş.']],
  ['refrigerant', 2, ['Soğutma ve İklimlendirme Ltd. Şti.', 'Klima Sistemleri A.Ş.']],
  ['returns', 4, ['Ticaret ve Sanayi Ltd. Şti.', 'Dış Ticaret A.Ş.']],
  ['earsiv_retail', 8, ['Taksi Durağı Ltd. Şti.', 'Restoran İşletmeciliği Ltd. Şti.', 'E-Ticaret ve Perakende A.Ş.', 'Büfe ve Kafe İşletmeciliği']],
];

const places = [
  'Anadolu', 'Marmara', 'Boğaziçi', 'Ege', 'Karadeniz', 'Toros', 'Yıldız', 'Akdeniz', 'Başkent', 'Trakya', 'Kapadokya',
  'Göksu', 'Ilgaz', 'Uludağ', 'Erciyes', 'Fırat', 'Sakarya', 'Kızılırmak', 'Altın', 'Mavi', 'Yeşil', 'Doruk', 'Zirve',
  'Atlas', 'Pusula', 'Çınar', 'Defne', 'Lale', 'Martı', 'Poyraz', 'Kardelen', 'Ufuk', 'Kartal', 'Şahin', 'Güneş',
];
const families = ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'Aydın', 'Arslan', 'Doğan', 'Koç', 'Kurt', 'Özdemir'];
const taxOffices = ['Büyük Mükellefler', 'Boğaziçi Kurumlar', 'Kozyatağı', 'Beşiktaş', 'Marmara Kurumlar', 'Ankara Kurumlar', 'Hasan Tahsin', 'Mecidiyeköy', 'Kadıköy', 'Gebze', 'Nilüfer', 'Çankaya', 'Seyhan'];
const addresses: ReadonlyArray<[string, string, string]> = [
  ['İstanbul', 'Ataşehir', '34746'], ['İstanbul', 'Şişli', '34394'], ['İstanbul', 'Tuzla', '34944'], ['İstanbul', 'Bağcılar', '34200'],
  ['Ankara', 'Çankaya', '06690'], ['İzmir', 'Bornova', '35040'], ['Kocaeli', 'Gebze', '41400'], ['Bursa', 'Nilüfer', '16110'],
  ['Antalya', 'Muratpaşa', '07100'], ['Adana', 'Seyhan', '01010'], ['Kayseri', 'Melikgazi', '38030'], ['Mersin', 'Akdeniz', '33010'],
];
const streets = ['Atatürk Cad.', 'Cumhuriyet Cad.', 'İnönü Bulvarı', 'Barbaros Bulvarı', 'Fevzi Çakmak Cad.', 'Gazi Mustafa Kemal Bulvarı', 'Organize Sanayi Bölgesi 3. Cad.', 'Kazım Karabekir Cad.', 'Halkalı Cad.', 'Ankara Asfaltı'];

/** The GİB check digit of a 10-digit VKN, computed from its first nine digits. */
export function vknCheckDigit(first9: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const tmp = (Number(first9[i]) + (9 - i)) % 10;
    let v = (tmp * 2 ** (9 - i)) % 9;
    if (tmp !== 0 && v === 0) v = 9;
    sum += v;
  }
  return (10 - (sum % 10)) % 10;
}

const asciiUpper = (s: string): string =>
  s.toLocaleUpperCase('tr-TR').replace(/[ÇĞİÖŞÜ]/g, (c) => ({ Ç: 'C', Ğ: 'G', İ: 'I', Ö: 'O', Ş: 'S', Ü: 'U' })[c] ?? c).replace(/[^A-Z]/g, '');
const slug = (s: string): string => asciiUpper(s).toLowerCase();

function buildPopulation(): Supplier[] {
  const rng = new Rng(0x7e57ab1e, 0x0dd5eed5, 0x5ca1ab1e, 0xfeedf00d);
  const vkns = new Set<string>();
  const prefixes = new Set<string>(['GIB', 'EAR']);
  const names = new Set<string>();
  const out: Supplier[] = [];
  for (const [kind, count, trades] of populationPlan) {
    for (let k = 0; k < count; k++) {
      let name = '';
      let brand = '';
      do {
        brand = rng.chance(0.25) ? `${rng.pick(families)}lar` : rng.pick(places);
        name = `${brand} ${rng.pick(trades)}`;
      } while (names.has(name));
      names.add(name);
      let vkn = '';
      do {
        const first9 = String(rng.int(0, 999_999_999)).padStart(9, '0');
        vkn = `${first9}${vknCheckDigit(first9)}`;
      } while (vkns.has(vkn));
      vkns.add(vkn);
      const letters = asciiUpper(brand + name);
      let prefix = letters.slice(0, 3);
      for (let i = 3; prefixes.has(prefix); i++) prefix = letters.slice(0, 2) + (letters[i] ?? String.fromCharCode(65 + rng.int(0, 25)));
      prefixes.add(prefix);
      const [city, district, postalZone] = rng.pick(addresses);
      const domain = `${slug(brand)}${slug(rng.pick(trades).split(' ')[0] ?? '')}.com.tr`;
      out.push({
        no: out.length,
        vkn,
        name,
        kind,
        prefix,
        profile: kind === 'earsiv_retail' ? 'EARSIVFATURA' : kind === 'returns' || rng.chance(0.4) ? 'TEMELFATURA' : 'TICARIFATURA',
        taxOffice: rng.pick(taxOffices),
        street: rng.pick(streets),
        buildingNumber: String(rng.int(1, 240)),
        district,
        city,
        postalZone,
        website: `https://www.${domain}`,
        email: `efatura@${domain}`,
        phone: `(${rng.pick(['212', '216', '312', '232', '262', '224'])}) ${rng.int(200, 999)} ${String(rng.int(0, 9999)).padStart(4, '0')}`,
        embedsXslt: rng.chance(0.35),
        legacyTemplate: rng.chance(0.3),
      });
    }
  }
  return out;
}

export const suppliers: readonly Supplier[] = buildPopulation();

const byKind = new Map<KindId, Supplier[]>();
for (const s of suppliers) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);

/** Suppliers of a kind, largest first: callers pick with a decreasing weight (a few big suppliers dominate). */
export function suppliersOf(kind: KindId): readonly Supplier[] {
  const list = byKind.get(kind);
  if (!list) throw new RangeError(`no supplier of kind ${kind}`);
  return list;
}

const kindWeights = new Map<KindId, { weights: number[]; total: number }>();
for (const [kind, list] of byKind) {
  const weights = list.map((_, i) => 1 / (i + 1));
  kindWeights.set(kind, { weights, total: weights.reduce((a, b) => a + b, 0) });
}

/** Picks a supplier of a kind, weight 1/(rank+1). */
export function pickSupplier(rng: Rng, kind: KindId): Supplier {
  const w = kindWeights.get(kind);
  if (!w) throw new RangeError(`no supplier of kind ${kind}`);
  return rng.weighted(suppliersOf(kind), w.weights, w.total);
}
