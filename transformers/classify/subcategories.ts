/**
 * Sub-categories: the kind of spend inside a category, where the factor library has a closer factor than
 * the category's default (car rental vs taxi, computers vs the EPA median, sea vs road freight, wastewater vs
 * water supply), and the gas of a refrigerant line. Decided from the folded line text after the category;
 * emissions/category-factors.ts maps each key to its factor. First matching phrase list wins.
 */
import type { CategoryKey } from '../../domain/categories.js';
import { phraseAlternation, type NormalizedText } from './text.js';

export const subcategoryKeys = [
  'ground.car_rental', 'ground.taxi', 'ground.bus', 'ground.rail', 'ground.ferry',
  'freight.sea', 'freight.air', 'freight.rail', 'freight.courier', 'freight.warehousing', 'freight.forwarding', 'freight.road',
  'water.wastewater', 'water.supply',
  'waste.hazardous', 'waste.collection',
  'goods.computers', 'goods.phones', 'goods.office_supplies', 'goods.cleaning_products', 'goods.lubricants', 'goods.packaging', 'goods.furniture',
  'capital.computers', 'capital.phones', 'capital.vehicles', 'capital.furniture', 'capital.construction_machinery',
  'services.cleaning', 'services.security', 'services.temp_staff', 'services.software', 'services.it', 'services.hosting',
  'services.telecom_mobile', 'services.telecom_fixed', 'services.advertising', 'services.legal', 'services.accounting',
  'services.consulting', 'services.engineering', 'services.catering', 'services.insurance', 'services.banking',
  'services.vehicle_repair', 'services.machinery_repair', 'services.computer_repair', 'services.construction',
  'services.electrical_installation', 'services.plumbing', 'services.training', 'services.printing', 'services.customs_brokerage',
  'services.landscaping', 'services.payroll',
] as const;
export type SubcategoryKey = (typeof subcategoryKeys)[number];

type Phrases = ReadonlyArray<readonly [SubcategoryKey, readonly string[]]>;

const COMPUTERS = ['bilgisayar*', 'dizustu*', 'notebook*', 'laptop*', 'masaustu bilgisayar*', 'tablet*', 'monitor*', 'sunucu*', 'server*', 'yazici*', 'printer*', 'computer*'];
const PHONES = ['cep telefon*', 'akilli telefon*', 'telefon cihaz*', 'iphone*', 'samsung galaxy*', 'smartphone*', 'handset*', 'mobile phone*'];
const FURNITURE = ['mobilya*', 'ofis masa*', 'calisma masa*', 'ofis koltug*', 'sandalye*', 'dolap*', 'furniture*'];

const byCategory: Partial<Record<CategoryKey, Phrases>> = {
  business_travel_ground: [
    ['ground.car_rental', ['arac kiralama*', 'arac kira*', 'oto kiralama*', 'rent a car', 'car rental*', 'kiralik arac*', 'gunluk kiralama*', 'vehicle rental*', 'car hire']],
    ['ground.taxi', ['taksi*', 'taxi*', 'uber*', 'bitaksi*']],
    ['ground.bus', ['otobus*', 'coach*', 'bus ticket*']],
    ['ground.rail', ['tren*', 'yht', 'demiryol*', 'marmaray', 'train*', 'rail*']],
    ['ground.ferry', ['feribot*', 'vapur*', 'deniz otobus*', 'ido', 'ferry*']],
  ],
  freight: [
    ['freight.sea', ['deniz yolu*', 'denizyolu*', 'deniz nakliye*', 'deniz tasima*', 'konteyner navlun*', 'ocean freight*', 'sea freight*', 'konsimento*', 'fcl', 'lcl', 'bill of lading', 'gemi*']],
    ['freight.air', ['hava kargo*', 'havayolu kargo*', 'hava yolu kargo*', 'hava navlun*', 'air freight*', 'air cargo*', 'awb', 'ucak kargo*']],
    ['freight.rail', ['demiryolu tasima*', 'demiryolu nakliye*', 'vagon*', 'rail freight*', 'tren ile tasima*']],
    ['freight.courier', ['kargo*', 'kurye*', 'gonderi*', 'desi', 'desisi', 'desili', 'courier*', 'express delivery*', 'parcel*', 'koli gonderi*', 'posta*']],
    ['freight.warehousing', ['depolama*', 'ardiye*', 'antrepo*', 'warehous*', 'storage*', 'elleclem*', 'handling']],
    ['freight.forwarding', ['gumrukleme*', 'gumruk musavir*', 'forwarding*', 'freight forwarder*', 'customs clearance*', 'customs brokerage*']],
    ['freight.road', ['nakliye*', 'nakliyat*', 'tir*', 'kamyon*', 'karayolu*', 'yuk tasima*', 'road freight*', 'trucking*', 'parsiyel*']],
  ],
  water: [
    ['water.wastewater', ['atiksu*', 'atik su*', 'kanal*', 'kanalizasyon*', 'aritma*', 'wastewater*', 'sewage*', 'sewer*']],
    ['water.supply', ['su*', 'sebeke suyu', 'water*']],
  ],
  waste: [
    ['waste.hazardous', ['tehlikeli atik*', 'tibbi atik*', 'kimyasal atik*', 'atik yag*', 'hazardous*', 'medical waste*']],
    ['waste.collection', ['atik*', 'cop*', 'hafriyat*', 'moloz*', 'bertaraf*', 'geri donusum*', 'waste*', 'garbage*', 'recycling*']],
  ],
  purchased_goods: [
    ['goods.computers', COMPUTERS],
    ['goods.phones', PHONES],
    ['goods.lubricants', ['motor yag*', 'madeni yag*', 'hidrolik yag*', 'gres*', 'antifriz*', 'lubricant*', 'engine oil*']],
    ['goods.cleaning_products', ['deterjan*', 'temizlik malzeme*', 'sabun*', 'camasir suyu*', 'dezenfektan*', 'detergent*', 'cleaning supplies']],
    ['goods.office_supplies', ['kirtasiye*', 'fotokopi kagid*', 'a4 kagit*', 'kalem*', 'dosya*', 'toner*', 'kartus*', 'stationery*', 'office supplies']],
    ['goods.packaging', ['ambalaj*', 'koli*', 'karton*', 'strec*', 'palet*', 'poset*', 'packaging*', 'cardboard box*']],
    ['goods.furniture', FURNITURE],
  ],
  capital_goods: [
    ['capital.computers', COMPUTERS],
    ['capital.phones', PHONES],
    ['capital.vehicles', ['arac alim*', 'binek arac*', 'otomobil*', 'kamyonet*', 'arac satis*', 'vehicle purchase*', 'sifir arac*']],
    ['capital.furniture', FURNITURE],
    ['capital.construction_machinery', ['forklift*', 'is makine*', 'ekskavator*', 'kepce*', 'vinc*', 'jenerator*']],
  ],
  purchased_services: [
    ['services.cleaning', ['temizlik hizmet*', 'temizlik bedel*', 'ofis temizlig*', 'temizlik personel*', 'cleaning service*', 'janitorial*']],
    ['services.security', ['guvenlik hizmet*', 'ozel guvenlik*', 'guvenlik personel*', 'security service*', 'security guard*']],
    ['services.temp_staff', ['personel temin*', 'gecici personel*', 'isgucu temin*', 'taseron personel*', 'temporary staff*']],
    ['services.hosting', ['hosting*', 'sunucu kiralama*', 'bulut*', 'cloud*', 'veri merkez*', 'colocation*', 'alan adi*', 'domain*', 'aws', 'azure']],
    ['services.software', ['yazilim*', 'lisans*', 'abonelik*', 'software*', 'subscription*', 'saas', 'license*', 'licence*', 'microsoft 365', 'office 365']],
    ['services.it', ['bilgi islem*', 'it hizmet*', 'it destek*', 'sistem destek*', 'teknik destek*', 'it support*', 'web tasarim*', 'programlama*', 'yazilim gelistirme*']],
    ['services.telecom_mobile', ['mobil*', 'gsm*', 'gb*', 'hat*', 'roaming', 'sms*', 'dakika*', 'tarife*', 'mobile*']],
    ['services.telecom_fixed', ['internet*', 'fiber*', 'adsl*', 'vdsl*', 'sabit telefon*', 'metro ethernet*', 'data hatt*', 'broadband*']],
    ['services.advertising', ['reklam*', 'ilan*', 'tanitim*', 'google ads*', 'sosyal medya*', 'advertising*', 'marketing*', 'pazarlama*', 'billboard*']],
    ['services.legal', ['avukat*', 'hukuk*', 'dava*', 'noter*', 'legal*', 'attorney*', 'law firm*']],
    ['services.accounting', ['muhasebe*', 'mali musavir*', 'smmm*', 'denetim*', 'bagimsiz denetim*', 'audit*', 'accounting*', 'bookkeeping*']],
    ['services.payroll', ['bordro*', 'payroll*']],
    ['services.consulting', ['danismanlik*', 'consulting*', 'consultancy*', 'musavirlik*']],
    ['services.engineering', ['muhendislik*', 'proje cizim*', 'etut*', 'engineering*']],
    ['services.catering', ['yemek*', 'catering*', 'tabldot*', 'ikram*', 'restoran*', 'lokanta*', 'kahvalti*', 'meal*']],
    ['services.insurance', ['sigorta*', 'police*', 'kasko*', 'insurance*']],
    ['services.banking', ['banka*', 'komisyon*', 'eft*', 'havale*', 'pos*', 'bank charge*', 'banking*']],
    ['services.vehicle_repair', ['arac bakim*', 'arac tamir*', 'oto tamir*', 'oto bakim*', 'periyodik bakim*', 'lastik degisim*', 'kaporta*', 'boya*', 'oto yikama*', 'car repair*']],
    ['services.computer_repair', ['bilgisayar tamir*', 'bilgisayar bakim*', 'yazici bakim*', 'fotokopi bakim*']],
    ['services.electrical_installation', ['elektrik tesisat*', 'elektrik montaj*', 'pano montaj*', 'panosu montaj*', 'aydinlatma montaj*', 'kablo cekim*', 'electrical installation*']],
    ['services.plumbing', ['tesisat*', 'sihhi tesisat*', 'kombi bakim*', 'kombisi bakim*', 'kalorifer tesisat*', 'plumbing*']],
    ['services.machinery_repair', ['bakim*', 'onarim*', 'tamir*', 'revizyon*', 'servis bedel*', 'ariza*', 'degisim*', 'repair*', 'maintenance*']],
    ['services.construction', ['insaat*', 'tadilat*', 'boya badana*', 'siva*', 'yapim isi*', 'construction*', 'renovation*']],
    ['services.training', ['egitim*', 'seminer*', 'kurs*', 'training*', 'workshop*']],
    ['services.printing', ['baski*', 'matbaa*', 'brosur*', 'kartvizit*', 'afis*', 'printing*']],
    ['services.customs_brokerage', ['gumruk musavir*', 'gumrukleme*', 'customs clearance*', 'customs brokerage*']],
    ['services.landscaping', ['peyzaj*', 'bahce bakim*', 'cim bicme*', 'landscaping*']],
  ],
};

// One alternation per sub-category: a line is tested against each key once.
const compiled = new Map(Object.entries(byCategory).map(([category, list]) => [
  category, list.map(([key, phrases]) => [key, phraseAlternation(phrases)] as const),
]));

// Refrigerant designations (ASHRAE 34): "R-410A", "r410a", "R 134a". 400/500 series are blends with
// upper-case letters; the letters of single species (134a, 227ea) are lower case.
const REFRIGERANT_DESIGNATION = /(?:^| )r ?(\d{2,4})([a-z]{0,2})(?= |$)/;

/** `refrigerant.R-410A`: the gas named on a refrigerant line, or null when it names none. */
export function refrigerantSubcategory(text: NormalizedText): string | null {
  const m = REFRIGERANT_DESIGNATION.exec(text.ascii);
  if (!m) return null;
  const [, number = '', letters = ''] = m;
  const blend = number.startsWith('4') || number.startsWith('5');
  return `refrigerant.R-${number}${blend ? letters.toUpperCase() : letters}`;
}

/** The sub-category of a line of `category`, or null when the category's default factor applies. */
export function subcategoryOf(category: CategoryKey, text: NormalizedText): string | null {
  if (category === 'refrigerant') return refrigerantSubcategory(text);
  for (const [key, pattern] of compiled.get(category) ?? []) {
    if (pattern.test(text.ascii)) return key;
  }
  return null;
}
