/**
 * Unit-code and Turkish keyword rules (carbon.md §7 step 5, vocabulary from ubl-tr.md §7). Evaluated in
 * order, first hit wins, so exclusions ("motor yağı", "AdBlue", "damacana su") come before the fuel and
 * water rules they would otherwise trip. Phrases use the syntax of `phraseRegex` on ASCII-folded text.
 *
 * Confidence: a keyword confirmed by a fitting unit code, or an unambiguous multi-word phrase, 0.9
 * (auto-accepted); a single generic keyword 0.85 (queued for review unless the text model agrees).
 */
import type { CategoryKey } from '../../domain/categories.js';
import { COMMODITY_CATEGORIES, isAttributeForm, isModifierOnly, namesProductFor, namesPurpose, phraseNamesHead } from './head-noun.js';
import { broadLexicon, commodityLexicon, HOSTING_WORDS, nonEmissionLexicon, supplierLexicon } from './keyword-lexicon.js';
import { supplierKind, type SupplierKind } from './supplier-kind.js';
import { normalizeText, phraseAlternation, phraseRegex, type NormalizedText } from './text.js';
import { ENERGY_UNITS, FUEL_UNITS, GAS_UNITS, PHYSICAL_UNITS } from './unit-codes.js';

export interface KeywordRule {
  id: string;
  category: CategoryKey;
  /** Any of these phrases; empty means the unit code alone decides. */
  phrases: readonly string[];
  /** Required unit codes (UN/ECE, upper case), if any. */
  units?: readonly string[];
  /** Unit codes under which the rule must not fire. */
  notUnits?: readonly string[];
  /** The supplier must be of this kind (from its name), for commodity-neutral lines like "Tüketim Bedeli". */
  supplier?: SupplierKind;
  /** Phrases that stop the rule (an explicit other commodity in the text). */
  unless?: readonly string[];
  confidence: number;
  /** false: the line's quantity is counted on another line (electricity distribution, reactive energy…). */
  countsActivity?: false;
  /**
   * Broad head-noun rules: when several match, the one whose phrase ends last wins (Turkish and English
   * compounds put the head last: "kamera sistemi kurulumu" is an installation, "kompresör hava filtresi" a filter).
   */
  rightmost?: true;
  /** The phrase must be the head of the line, as for commodity rules (head-noun.ts), though the category is not one. */
  headOnly?: true;
}

// Rated currents of miniature circuit breakers with their tripping curve (B, C, D): "c16".
const BREAKER_RATINGS = ['b', 'c', 'd'].flatMap((curve) => [6, 10, 16, 20, 25, 32, 40, 50, 63].map((amps) => `${curve}${amps}`));

// "gsm" is also grams per square metre, the weight of a towel, a fabric or paper: not a mobile line.
const GRAMMAGE_GOODS = ['havlu*', 'towel*', 'kagit*', 'paper*', 'kumas*', 'fabric*', 'tekstil*', 'textile*', 'karton*', 'nevresim*', 'carsaf*'];

const PATIENT_TRANSPORT = ['hasta*', 'ambulans*', 'ambulance*'];

const REFRIGERANT = ['r 22', 'r22', 'r 32', 'r32', 'r 134a', 'r134a', 'r 404a', 'r404a', 'r 407c', 'r407c', 'r 410a', 'r410a', 'r 290', 'r290', 'r 1234yf', 'r1234yf', 'r 507a', 'r507a', 'r 600a', 'r600a'];

export const keywordRules: readonly KeywordRule[] = [
  ...nonEmissionLexicon,
  // Tax-only, finance and correction lines: not emissions (ubl-tr.md §7.1).
  { id: 'kw.tax.energy_fund', category: 'not_emission', phrases: ['enerji fonu*', 'trt pay*', 'elektrik tuketim vergi*', 'belediye tuketim vergi*', 'btv', 'damga vergi*', 'belediye harc*', 'tapu harc*', 'kdv', 'otv', 'oiv', 'ozel iletisim vergi*', 'cevre temizlik vergi*', 'ctv'], unless: ['dahil'], confidence: 0.9 },
  { id: 'kw.finance.penalty_interest', category: 'not_emission', phrases: ['gecikme zamm*', 'gecikme faiz*', 'gecikme bedel*', 'gecikme ucret*', 'gecikme tazminat*', 'faiz*', 'vade fark*', 'kur fark*', 'ceza*', 'cezai', 'guvence bedel*', 'yuvarlama*', 'kurus fark*', 'mahsub*', 'mahsup*'], notUnits: PHYSICAL_UNITS, confidence: 0.9 },
  { id: 'kw.finance.discount', category: 'not_emission', phrases: ['iskonto*', 'indirim*'], notUnits: PHYSICAL_UNITS, confidence: 0.85 },

  // Natural gas before electricity: gas bills carry "Dağıtım Bedeli" and kWh too. Network charges come
  // first: "Sistem Kullanım Bedeli" / "Dağıtım Bedeli" repeat the consumption quantity (or bill the network
  // alone while a supplier bills the gas), so their kWh/Sm³ is never counted (ubl-tr.md §7.1–§7.2).
  { id: 'kw.gas.network', category: 'natural_gas', phrases: ['sistem kullanim*', 'dagitim*', 'iletim*', 'kapasite bedel*'], supplier: 'gas', unless: ['elektrik*', 'nakliye*', 'kargo*'], confidence: 0.9, countsActivity: false },
  { id: 'kw.gas.network_phrase', category: 'natural_gas', phrases: ['dogal gaz dagitim*', 'dogalgaz dagitim*', 'dagitim bedel* dogal gaz*', 'dagitim bedel* dogalgaz*', 'dogal gaz sistem kullanim*', 'dogalgaz sistem kullanim*'], confidence: 0.9, countsActivity: false },
  // Electricity tariffs call their network charges "sistem kullanım" too: the supplier decides.
  { id: 'kw.electricity.network_supplier', category: 'electricity', phrases: ['sistem kullanim*'], supplier: 'electricity', confidence: 0.9, countsActivity: false },
  { id: 'kw.gas.network_unit', category: 'natural_gas', phrases: ['sistem kullanim*', 'dagitim*'], units: ['SM3', 'NM3'], confidence: 0.9, countsActivity: false },
  // A system-use charge naming no commodity: DESIGN.md lists it as a gas-bill line; not counted either way.
  { id: 'kw.gas.network_unnamed', category: 'natural_gas', phrases: ['sistem kullanim*'], unless: ['elektrik*', 'iletim*'], confidence: 0.85, countsActivity: false },
  // Liquefied natural gas delivered by the tonne is the gas itself, whatever the tanker or the furnace it is for.
  { id: 'kw.gas.lng_mass', category: 'natural_gas', phrases: ['lng', 'sivilastirilmis dogal*', 'liquefied natural*'], units: ['TNE', 'KGM', 'MTQ', 'SM3', 'NM3'], confidence: 0.9 },
  { id: 'kw.gas.phrase', category: 'natural_gas', phrases: ['dogal gaz*', 'dogalgaz*', 'cng', 'sikistirilmis dogal*'], confidence: 0.9 },
  { id: 'kw.gas.unit_keyword', category: 'natural_gas', phrases: ['gaz bedel*', 'gaz tuketim*'], units: GAS_UNITS, confidence: 0.9 },
  // "Tüketim Bedeli" alone: gas only in standard cubic metres (MTQ is also the water unit).
  { id: 'kw.gas.consumption_sm3', category: 'natural_gas', phrases: ['tuketim bedel*'], units: ['SM3', 'NM3'], confidence: 0.9 },

  // Commodity-neutral energy lines decided by the supplier: gas is billed in kWh too (ubl-tr.md §7.2).
  { id: 'kw.gas.supplier_energy_line', category: 'natural_gas', phrases: ['tuketim*', 'enerji bedel*', 'bedel*', 'sarfiyat*', 'kullanim*', 'satis*'], units: [...ENERGY_UNITS, ...GAS_UNITS], supplier: 'gas', unless: ['elektrik*'], confidence: 0.9 },

  // Electricity lines whose kWh is counted on the consumption line, or that carry no active energy.
  { id: 'kw.electricity.network', category: 'electricity', phrases: ['dagitim bedel*', 'iletim bedel*', 'iletim sistem*', 'dagitim sistem*'], notUnits: GAS_UNITS, confidence: 0.9, countsActivity: false },
  { id: 'kw.electricity.service_power', category: 'electricity', phrases: ['psh', 'perakende satis hizmet*', 'guc bedel*', 'guc asim*'], confidence: 0.9, countsActivity: false },
  // Reactive energy metered in kvarh (K3) is an electricity bill line that is never counted; a reactive charge in kWh
  // or by the piece is a penalty for the power factor, no emission (the labelling conventions of all sets). Only the bill's
  // reactive phrases: a laboratory's "reaktif kiti" or "Hemogram reaktifi" is a reagent (kw.goods.consumables).
  { id: 'kw.electricity.reactive_unit', category: 'electricity', phrases: [], units: ['K3'], confidence: 0.9, countsActivity: false },
  { id: 'kw.electricity.reactive', category: 'not_emission', phrases: ['reaktif enerji*', 'reaktif enduktif*', 'reaktif kapasitif*', 'reaktif tuketim*', 'reaktif bedel*', 'reaktif ceza*', 'kapasitif*', 'enduktif*'], confidence: 0.9 },
  { id: 'kw.electricity.consumption', category: 'electricity', phrases: ['elektrik*', 'elk', 'aktif enerji*', 'aktif tuketim*', 'enerji tuketim*', 'enerji bedel*', 'tek zaman*', 'gunduz tuketim*', 'puant*', 'gece tuketim*', 'trafo bosta*', 'trafo kayip*', 'kayip kacak*', 'sarj*'], units: ENERGY_UNITS, confidence: 0.9 },
  { id: 'kw.electricity.phrase', category: 'electricity', phrases: ['elektrik tuketim bedel*', 'aktif enerji bedel*', 'elektrik enerji*'], confidence: 0.9 },
  { id: 'kw.electricity.supplier_energy_line', category: 'electricity', phrases: ['tuketim*', 'enerji*'], units: ENERGY_UNITS, supplier: 'electricity', unless: ['gaz*', 'dogalgaz*'], confidence: 0.9 },
  { id: 'kw.gas.unit_only', category: 'natural_gas', phrases: [], units: ['SM3', 'NM3'], confidence: 0.85 },

  // Refrigerants before LPG ("R-290 propan") and before fuels.
  // A gas named beside a device's rating ("Split klima 24000 BTU inverter R32") is the device's; "R22.5" is a tyre size.
  { id: 'kw.refrigerant', category: 'refrigerant', phrases: [...REFRIGERANT, 'sogutucu gaz*', 'sogutucu akiskan*', 'klima gaz*', 'gaz dolum*', 'gaz sarj*', 'gaz takviye*', 'gaz ilave*'], unless: ['btu', 'inverter', 'lastik*', 'jant*'], confidence: 0.9 },

  // EV charging (ProfileID ENERJI, SARJ/SARJANLIK invoices, ubl-tr.md §7.5): electricity delivered to a vehicle.
  // Chargers, cables and station installation are goods or services, not energy.
  { id: 'kw.electricity.ev_charging', category: 'electricity', phrases: ['sarj hizmet*', 'sarj bedel*', 'sarj ucret*', 'sarj enerji*', 'sarj tuketim*', 'sarj islem*', 'sarj seans*', 'hizli sarj*', 'ac sarj*', 'dc sarj*', 'arac sarj*', 'elektrikli arac sarj*'], unless: ['kurulum*', 'montaj*', 'kablo*', 'aleti*', 'cihaz*', 'adaptor*', 'unite*', 'bakim*', 'ariza*'], confidence: 0.9 },
  { id: 'kw.electricity.ev_supplier', category: 'electricity', phrases: ['sarj*', 'enerji*', 'kwh'], supplier: 'ev_charging', unless: ['kurulum*', 'montaj*', 'kablo*', 'aleti*', 'cihaz*', 'adaptor*', 'unite*', 'bakim*', 'ariza*', 'uyelik*', 'kart*', 'otopark*'], confidence: 0.9 },

  // Telecom: mobile and fixed lines, data packages (purchased services; DESIGN.md "telekom").
  { id: 'kw.services.telecom', category: 'purchased_services', phrases: ['mobil hat*', 'hat kullanim*', 'hat bedel*', 'hat ucret*', 'gsm*', 'gb paket*', 'gb internet*', 'data paket*', 'mobil data*', 'mobil internet*', 'internet paket*', 'ses paket*', 'dakika paket*', 'sms paket*', 'konusma ucret*', 'sabit telefon*', 'roaming', 'yurt disi kullanim*'], unless: GRAMMAGE_GOODS, confidence: 0.9 },
  { id: 'kw.services.telecom_supplier', category: 'purchased_services', phrases: ['hat', 'hatti', 'hatlar*', 'paket*', 'tarife*', 'abonelik*', 'kullanim bedel*', 'gb', 'dakika*', 'sms', 'internet*', 'data'], supplier: 'telecom', unless: ['cihaz*', 'telefon cihaz*', 'taksit*', 'modem satis*', 'iphone*', 'galaxy*', 'cep telefon*', 'akilli telefon*', 'handset*', 'tablet*'], confidence: 0.9 },

  // Not fuel, though it sounds like it or is sold at the pump (motor ≠ motorin).
  { id: 'kw.waste.used_oil', category: 'waste', phrases: ['atik yag*', 'atik madeni yag*', 'atik motor yag*', 'kullanilmis yag*', 'used oil*'], confidence: 0.9 },
  { id: 'kw.goods.lubricants', category: 'purchased_goods', phrases: ['adblue', 'motor yag*', 'madeni yag*', 'hidrolik yag*', 'antifriz*'], confidence: 0.9 },
  { id: 'kw.goods.drinking_water', category: 'purchased_goods', phrases: ['damacana*', 'icme suyu', 'camasir suyu*'], confidence: 0.9 },

  { id: 'kw.fuel.diesel.unit', category: 'diesel', phrases: ['motorin*', 'dizel*', 'diesel*', 'eurodiesel*', 'gasoil*', 'gas oil', 'mgo'], units: FUEL_UNITS, confidence: 0.9 },
  { id: 'kw.fuel.petrol.unit', category: 'petrol', phrases: ['benzin*', 'kursunsuz*', 'oktan*'], units: FUEL_UNITS, confidence: 0.9 },
  { id: 'kw.fuel.lpg.unit', category: 'lpg', phrases: ['otogaz*', 'autogas', 'autogaz', 'lpg', 'tup gaz*', 'tupgaz*', 'tupu', 'propan*', 'butan*'], units: FUEL_UNITS, confidence: 0.9 },
  { id: 'kw.fuel.fuel_oil.unit', category: 'fuel_oil', phrases: ['fuel oil*', 'kalorifer yakit*', 'kalyak', 'bunker*'], units: FUEL_UNITS, confidence: 0.9 },
  // Fuel sold by the piece (a can, a bottle of additive) is a product, not litres of fuel; LPG cylinders are the gas.
  { id: 'kw.goods.fuel_by_piece', category: 'purchased_goods', phrases: ['motorin*', 'dizel*', 'diesel*', 'benzin*', 'kursunsuz*'], units: ['C62', 'NIU', 'PA', 'BX', 'SET'], headOnly: true, confidence: 0.85 },
  { id: 'kw.fuel.diesel', category: 'diesel', phrases: ['motorin*', 'dizel yakit*', 'diesel yakit*', 'diesel fuel*', 'eurodiesel*', 'gasoil*'], confidence: 0.85 },
  { id: 'kw.fuel.petrol', category: 'petrol', phrases: ['benzin*', 'kursunsuz*', 'gasoline*'], confidence: 0.85 },
  { id: 'kw.fuel.lpg', category: 'lpg', phrases: ['otogaz*', 'lpg', 'tup gaz*', 'tupgaz*'], confidence: 0.85 },
  { id: 'kw.fuel.fuel_oil', category: 'fuel_oil', phrases: ['fuel oil*', 'kalorifer yakit*'], confidence: 0.85 },

  { id: 'kw.water.unit', category: 'water', phrases: ['su*', 'atiksu*', 'atik su*'], units: ['MTQ', 'R9'], confidence: 0.9 },
  { id: 'kw.water.phrase', category: 'water', phrases: ['su tuketim*', 'su bedel*', 'su fatura*', 'su ucret*', 'atiksu*', 'sebeke suyu', 'su kullanim*', 'kanalizasyon bedel*', 'kanal bedel*'], confidence: 0.9 },

  // Before freight: hauling spoil or waste to a dump site is waste treatment ("Hafriyat nakliyesi … döküm sahasına").
  // The hauling phrases come first: their own transport word is not a head that makes the waste a modifier.
  { id: 'kw.waste', category: 'waste', phrases: ['hafriyat nakl*', 'hafriyat tasima*', 'moloz nakl*', 'moloz tasima*', 'atik nakl*', 'atik tasima*', 'atik*', 'hafriyat*', 'cop*', 'bertaraf*', 'geri donusum*', 'moloz*'], confidence: 0.9 },
  // Buying the shuttle vehicle itself ("personel servis midibüsü alımı") is a capital good, not commuting.
  { id: 'kw.commuting', category: 'employee_commuting', phrases: ['servis tasima*', 'personel servis*', 'personel tasima*', 'isci servis*', 'isci tasima*', 'vardiya servis*', 'personel ulasim*', 'personel ring*', 'ring sefer*'], unless: ['alim*', 'satin al*', 'satis*'], confidence: 0.9 },
  { id: 'kw.freight.unit', category: 'freight', phrases: [], units: ['TKM'], confidence: 0.9 },
  { id: 'kw.freight.phrase', category: 'freight', phrases: ['nakliye*', 'nakliyat*', 'navlun*', 'kargo*', 'kurye*', 'lojistik*', 'depolama*', 'yuk tasima*', 'ardiye*', 'desi', 'desisi', 'desili', 'konsimento*', 'elleclem*', 'gumrukleme*'], confidence: 0.9 },
  { id: 'kw.travel.air', category: 'business_travel_air', phrases: ['ucak bilet*', 'pnr', 'havayol*', 'hava yolu*', 'ucus*', 'flight*'], unless: ['otobus*', 'tren*', 'feribot*', 'vapur*'], confidence: 0.9 },
  // A taxi or transfer to the hotel is the ride (kw.travel.ground), not the stay.
  { id: 'kw.travel.hotel', category: 'business_travel_hotel', phrases: ['konaklama*', 'otel*', 'geceleme*', 'pansiyon*', 'accommodation'], unless: ['taksi', 'taksisi', 'transfer', 'transferi', 'shuttle*'], confidence: 0.9 },
  // A fleet's washing, cards or purchase is not its lease.
  { id: 'kw.leased.long_term', category: 'leased_assets', phrases: ['uzun donem*', 'operasyonel kiralama', 'operasyonel leasing', 'filo*'], unless: ['yikama*', 'kart*', 'alim*', 'alimi'], confidence: 0.85 },
  // A patient's transfer or an ambulance is a health service (kw.services.phrase), not business travel.
  // "taksit" (instalment) is not "taksi"; "transfer pricing" is not a transfer. Hire by the month or year is a lease.
  { id: 'kw.travel.ground', category: 'business_travel_ground', phrases: ['taksi', 'taksisi', 'taksi ucret*', 'taksi bedel*', 'taksi fis*', 'taxi*', 'arac kiralama*', 'rent a car', 'otobus bilet*', 'otobusu bilet*', 'tren bilet*', 'feribot*', 'havalimani transfer*', 'havaalani transfer*', 'airport transfer*', 'transfer hizmet*', 'transfer ucret*', 'transfer bedel*', 'vip transfer*', 'transfer otel*', 'otel transfer*'], notUnits: ['MON', 'ANN'], unless: PATIENT_TRANSPORT, confidence: 0.9 },
  // Rent of premises, or hire by the month/year (a lease); hire by the day or hour is a service the text model decides.
  { id: 'kw.leased.rent', category: 'leased_assets', phrases: ['kira', 'kirasi', 'kiralari', 'kira bedel*', 'kira ucret*', 'kira tutar*', 'kira stopaj*'], confidence: 0.85 },
  { id: 'kw.leased.hire_monthly', category: 'leased_assets', phrases: ['kiralama*', 'kiralik*'], units: ['MON', 'ANN'], unless: HOSTING_WORDS, confidence: 0.85 },
  ...commodityLexicon,
  ...supplierLexicon,
  // DESIGN.md's typical lines for the broad categories; everything else is left to the text model.
  // Unambiguous service and goods phrases the text model misread ("Personel Yemek Hizmeti" is catering, not commuting).
  // Parking and road tolls are services bought on the road, not travel (the conventions: the ride is what is travel).
  { id: 'kw.services.phrase', category: 'purchased_services', phrases: ['yemek hizmet*', 'catering*', 'tabldot*', 'yemek kart*', 'acente hizmet*', 'acenta hizmet*', 'acente komisyon*', 'hasta transfer*', 'hasta nakl*', 'ambulans hizmet*', 'ikram*', 'otopark ucret*', 'otopark bedel*', 'park ucret*', 'parking fee*', 'parkgebuhr*', 'hgs', 'ogs', 'otoyol gecis*', 'kopru gecis*', 'kopru otoyol*', 'gecis ucret*', 'toll*', 'maut*', 'vinyet*', 'vignette*', 'wartung*'], confidence: 0.9 },
  // A circuit breaker rated in amperes ("Otomatik sigorta 3x32A", "sigorta C16") is a part, not insurance.
  { id: 'kw.goods.phrase', category: 'purchased_goods', phrases: ['yedek parca*', 'sarf malzeme*', 'otomatik sigorta*', 'kacak akim*', 'nh sigorta*', 'cam sigorta*', 'medikal oksijen*', 'medikal gaz*', 'tibbi oksijen*', 'tibbi gaz*', 'medical oxygen*', 'medical gas*', 'sivi oksijen*', 'sivi azot*', 'azot protoksit*', 'helyum*', 'helium*', 'liquid he', 'test kit*', 'test paket*', 'test strip*', ...BREAKER_RATINGS.map((r) => `sigorta ${r}`)], confidence: 0.9 },
  { id: 'kw.capital', category: 'capital_goods', phrases: ['demirbas*', 'bilgisayar', 'dizustu*', 'arac alim*', 'makinesi', 'makine alim*'], confidence: 0.85, rightmost: true },
  { id: 'kw.services', category: 'purchased_services', phrases: ['danismanlik*', 'yazilim*', 'temizlik hizmet*', 'guvenlik hizmet*', 'internet*', 'aidat*'], confidence: 0.85, rightmost: true },
  { id: 'kw.goods', category: 'purchased_goods', phrases: ['hammadde*', 'ambalaj*', 'kirtasiye*', 'gida*'], confidence: 0.85, rightmost: true },
  ...broadLexicon,
];

interface CompiledRule { rule: KeywordRule; any: RegExp | null; patterns: RegExp[]; unless: RegExp | null }
/**
 * A broad rule's phrase may occur twice ("Sayaç Değişim Bedeli - kombi sayaç"): its last occurrence is the head.
 * Broad rules' patterns are global for this; the others' are not.
 */
function lastMatch(pattern: RegExp, text: string): RegExpExecArray | null {
  pattern.lastIndex = 0;
  let last: RegExpExecArray | null = null;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) last = m;
  return last;
}
const alternation = (phrases: readonly string[]): RegExp | null => (phrases.length ? phraseAlternation(phrases) : null);
// One alternation per rule screens the text; the single phrases only name which one matched.
const compiled: readonly CompiledRule[] = keywordRules.map((rule) => ({
  rule, patterns: rule.phrases.map((p) => (rule.rightmost ? new RegExp(phraseRegex(p).source, 'g') : phraseRegex(p))), any: alternation(rule.phrases), unless: alternation(rule.unless ?? []),
}));

// A phrase matches from the start of a word, so a line can only match rules whose phrases' first word shares
// its first (up to) three letters with one of the line's words: an index by that prefix skips the other rules.
const KEY_LENGTH = 3;
const firstWordKey = (phrase: string): string => (normalizeText(phrase.replace(/\*/g, ' ')).ascii.split(' ')[0] ?? '').slice(0, KEY_LENGTH);
const rulesByKey = new Map<string, number[]>();
const unitOnlyRules: number[] = [];
compiled.forEach(({ rule }, i) => {
  if (rule.phrases.length === 0) unitOnlyRules.push(i);
  for (const key of new Set(rule.phrases.map(firstWordKey))) rulesByKey.set(key, [...(rulesByKey.get(key) ?? []), i]);
});

/** Which rules the folded text can match at all: those keyed by a prefix (1–3 letters) of one of its words. */
function candidateRules(ascii: string): Uint8Array {
  const candidate = new Uint8Array(compiled.length);
  for (const i of unitOnlyRules) candidate[i] = 1;
  for (const word of ascii.split(' ')) {
    for (let n = 1; n <= Math.min(KEY_LENGTH, word.length); n++) {
      for (const i of rulesByKey.get(word.slice(0, n)) ?? []) candidate[i] = 1;
    }
  }
  return candidate;
}

/** A rule's phrase match: the last occurrence for a broad head-noun rule (the head is last), else the first. */
const matchOf = (rule: KeywordRule, pattern: RegExp, ascii: string): RegExpExecArray | null => (rule.rightmost ? lastMatch(pattern, ascii) : pattern.exec(ascii));

/**
 * A commodity rule whose unit does not fit still tells which commodity word stands as a modifier ("Şantiye geçici
 * elektrik bağlantı bedeli" by the piece): the text model may then not decide that commodity without review.
 */
function noteModifier({ rule, any, patterns }: CompiledRule, ascii: string, modifiers: Set<CategoryKey> | undefined): void {
  if (!modifiers || !any || !COMMODITY_CATEGORIES.has(rule.category) || !any.test(ascii)) return;
  for (const pattern of patterns) {
    const m = matchOf(rule, pattern, ascii);
    if (m && isModifierOnly(ascii, m.index, m.index + m[0].length)) modifiers.add(rule.category);
  }
}

export { supplierKind, type SupplierKind };

export interface KeywordHit { rule: KeywordRule; matched: string }

/**
 * The first rule whose unit and supplier conditions hold and one of whose phrases occurs in the folded text as
 * the head (not as a modifier: head-noun.ts). Categories whose keyword stood only as a modifier go to `modifiers`.
 */
export function matchKeywordRule(text: NormalizedText, unitCode: string | undefined, supplier?: NormalizedText, modifiers?: Set<CategoryKey>): KeywordHit | null {
  const unit = unitCode?.trim().toUpperCase();
  const kind = supplierKind(supplier);
  let best: { hit: KeywordHit; end: number } | null = null;
  const candidate = candidateRules(text.ascii);
  for (let r = 0; r < compiled.length; r++) {
    if (!candidate[r]) continue;
    const { rule, any, patterns, unless } = compiled[r]!;
    if (best && !rule.rightmost) continue;
    if (rule.units && (!unit || !rule.units.includes(unit))) {
      noteModifier(compiled[r]!, text.ascii, modifiers);
      continue;
    }
    if (rule.notUnits && unit && rule.notUnits.includes(unit)) continue;
    if (rule.supplier && rule.supplier !== kind) continue;
    if (unless?.test(text.ascii)) continue;
    if (!any) return { rule, matched: `unit ${unit}` };
    if (!any.test(text.ascii)) continue;
    for (let i = 0; i < patterns.length; i++) {
      const m = matchOf(rule, patterns[i]!, text.ascii);
      if (!m) continue;
      // "motorin pompası", "kargo kolisi": the commodity word is a modifier; the head decides (the next rules, the model).
      const end = m.index + m[0].length;
      // A unit that fits the commodity confirms it ("Dizel - jeneratör tankı dolumu" in litres is diesel).
      // A product made for the fuel ("Fuel oil katkısı" in litres) is not confirmed by it.
      const commodity = COMMODITY_CATEGORIES.has(rule.category) && (!rule.units || namesProductFor(text.ascii, end));
      const phrase = rule.phrases[i] ?? '';
      const readsHead = commodity || rule.headOnly;
      if (readsHead && !phraseNamesHead(m[0]) && (isAttributeForm(phrase, m[0].trim()) || isModifierOnly(text.ascii, m.index, end))) {
        if (commodity) modifiers?.add(rule.category);
        break;
      }
      const hit = { rule, matched: phrase };
      if (!rule.rightmost) return hit;
      if (namesPurpose(text.ascii, m.index, end)) continue;
      if (!best || end > best.end) best = { hit, end };
    }
  }
  return best?.hit ?? null;
}
