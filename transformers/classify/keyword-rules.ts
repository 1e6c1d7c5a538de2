/**
 * Unit-code and Turkish keyword rules (carbon.md §7 step 5, vocabulary from ubl-tr.md §7). Evaluated in
 * order, first hit wins, so exclusions ("motor yağı", "AdBlue", "damacana su") come before the fuel and
 * water rules they would otherwise trip. Phrases use the syntax of `phraseRegex` on ASCII-folded text.
 *
 * Confidence: a keyword confirmed by a fitting unit code, or an unambiguous multi-word phrase, 0.9
 * (auto-accepted); a single generic keyword 0.85 (queued for review unless the text model agrees).
 */
import type { CategoryKey } from '../../domain/categories.js';
import { phraseRegex, type NormalizedText } from './text.js';

export interface KeywordRule {
  id: string;
  category: CategoryKey;
  /** Any of these phrases; empty means the unit code alone decides. */
  phrases: readonly string[];
  /** Required unit codes (UN/ECE, upper case), if any. */
  units?: readonly string[];
  /** Unit codes under which the rule must not fire. */
  notUnits?: readonly string[];
  /** The supplier must be of this utility kind (from its name), for commodity-neutral lines like "Tüketim Bedeli". */
  supplier?: 'gas' | 'electricity';
  /** Phrases that stop the rule (an explicit other commodity in the text). */
  unless?: readonly string[];
  confidence: number;
  /** false: the line's quantity is counted on another line (electricity distribution, reactive energy…). */
  countsActivity?: false;
}

const FUEL_UNITS = ['LTR', 'D40', 'KGM', 'TNE', 'GLL'];
const GAS_UNITS = ['SM3', 'NM3', 'MTQ', 'R9'];
const ENERGY_UNITS = ['KWH', 'MWH', 'GWH', 'D32'];
const PHYSICAL_UNITS = [...FUEL_UNITS, ...GAS_UNITS, ...ENERGY_UNITS];
const REFRIGERANT = ['r 22', 'r22', 'r 32', 'r32', 'r 134a', 'r134a', 'r 404a', 'r404a', 'r 407c', 'r407c', 'r 410a', 'r410a', 'r 290', 'r290', 'r 1234yf', 'r1234yf', 'r 507a', 'r507a', 'r 600a', 'r600a'];

export const keywordRules: readonly KeywordRule[] = [
  // Tax-only, finance and correction lines: not emissions (ubl-tr.md §7.1).
  { id: 'kw.tax.energy_fund', category: 'not_emission', phrases: ['enerji fonu*', 'trt pay*', 'elektrik tuketim vergi*', 'belediye tuketim vergi*', 'btv', 'damga vergi*', 'belediye harc*', 'tapu harc*', 'kdv', 'otv'], confidence: 0.9 },
  { id: 'kw.finance.penalty_interest', category: 'not_emission', phrases: ['gecikme zamm*', 'gecikme faiz*', 'faiz*', 'vade fark*', 'kur fark*', 'ceza*', 'cezai', 'guvence bedel*', 'yuvarlama*', 'kurus fark*', 'mahsub*', 'mahsup*'], notUnits: PHYSICAL_UNITS, confidence: 0.9 },
  { id: 'kw.finance.discount', category: 'not_emission', phrases: ['iskonto*', 'indirim*'], notUnits: PHYSICAL_UNITS, confidence: 0.85 },

  // Natural gas before electricity: gas bills carry "Dağıtım Bedeli" and kWh too.
  { id: 'kw.gas.phrase', category: 'natural_gas', phrases: ['dogal gaz*', 'dogalgaz*', 'cng', 'sikistirilmis dogal*'], confidence: 0.9 },
  { id: 'kw.gas.unit_keyword', category: 'natural_gas', phrases: ['gaz bedel*', 'gaz tuketim*', 'sistem kullanim*'], units: GAS_UNITS, confidence: 0.9 },
  // "Tüketim Bedeli" alone: gas only in standard cubic metres (MTQ is also the water unit).
  { id: 'kw.gas.consumption_sm3', category: 'natural_gas', phrases: ['tuketim bedel*'], units: ['SM3', 'NM3'], confidence: 0.9 },

  // Commodity-neutral energy lines decided by the supplier: gas is billed in kWh too (ubl-tr.md §7.2).
  { id: 'kw.gas.supplier_energy_line', category: 'natural_gas', phrases: ['tuketim*', 'enerji bedel*', 'dagitim bedel*', 'bedel*'], units: [...ENERGY_UNITS, ...GAS_UNITS], supplier: 'gas', unless: ['elektrik*'], confidence: 0.9 },

  // Electricity lines whose kWh is counted on the consumption line, or that carry no active energy.
  { id: 'kw.electricity.network', category: 'electricity', phrases: ['dagitim bedel*', 'iletim bedel*'], notUnits: GAS_UNITS, confidence: 0.9, countsActivity: false },
  { id: 'kw.electricity.service_power', category: 'electricity', phrases: ['psh', 'sayac okuma*', 'perakende satis hizmet*', 'guc bedel*', 'guc asim*'], confidence: 0.9, countsActivity: false },
  { id: 'kw.electricity.reactive', category: 'electricity', phrases: ['reaktif*'], confidence: 0.9, countsActivity: false },
  { id: 'kw.electricity.reactive_unit', category: 'electricity', phrases: [], units: ['K3'], confidence: 0.9, countsActivity: false },
  { id: 'kw.electricity.consumption', category: 'electricity', phrases: ['elektrik*', 'elk', 'aktif enerji*', 'aktif tuketim*', 'enerji tuketim*', 'enerji bedel*', 'tek zaman*', 'gunduz tuketim*', 'puant*', 'gece tuketim*', 'trafo bosta*', 'sarj*'], units: ENERGY_UNITS, confidence: 0.9 },
  { id: 'kw.electricity.phrase', category: 'electricity', phrases: ['elektrik tuketim bedel*', 'aktif enerji bedel*', 'elektrik enerji*'], confidence: 0.9 },
  { id: 'kw.electricity.supplier_energy_line', category: 'electricity', phrases: ['tuketim*', 'enerji*'], units: ENERGY_UNITS, supplier: 'electricity', unless: ['gaz*', 'dogalgaz*'], confidence: 0.9 },
  { id: 'kw.gas.unit_only', category: 'natural_gas', phrases: [], units: ['SM3', 'NM3'], confidence: 0.85 },

  // Refrigerants before LPG ("R-290 propan") and before fuels.
  { id: 'kw.refrigerant', category: 'refrigerant', phrases: [...REFRIGERANT, 'sogutucu gaz*', 'sogutucu akiskan*', 'klima gaz*', 'gaz dolum*', 'gaz sarj*', 'gaz takviye*', 'gaz ilave*'], confidence: 0.9 },

  // Not fuel, though it sounds like it or is sold at the pump (motor ≠ motorin).
  { id: 'kw.goods.lubricants', category: 'purchased_goods', phrases: ['adblue', 'motor yag*', 'madeni yag*', 'hidrolik yag*', 'antifriz*'], confidence: 0.9 },
  { id: 'kw.goods.drinking_water', category: 'purchased_goods', phrases: ['damacana*', 'icme suyu', 'camasir suyu*'], confidence: 0.9 },

  { id: 'kw.fuel.diesel.unit', category: 'diesel', phrases: ['motorin*', 'dizel*', 'diesel*', 'eurodiesel*'], units: FUEL_UNITS, confidence: 0.9 },
  { id: 'kw.fuel.petrol.unit', category: 'petrol', phrases: ['benzin*', 'kursunsuz*', 'oktan*'], units: FUEL_UNITS, confidence: 0.9 },
  { id: 'kw.fuel.lpg.unit', category: 'lpg', phrases: ['otogaz*', 'autogas', 'autogaz', 'lpg', 'tup gaz*', 'tupu', 'propan*', 'butan*'], units: FUEL_UNITS, confidence: 0.9 },
  { id: 'kw.fuel.fuel_oil.unit', category: 'fuel_oil', phrases: ['fuel oil*', 'kalorifer yakit*', 'kalyak', 'bunker*'], units: FUEL_UNITS, confidence: 0.9 },
  { id: 'kw.fuel.diesel', category: 'diesel', phrases: ['motorin*', 'dizel yakit*', 'diesel yakit*', 'eurodiesel*'], confidence: 0.85 },
  { id: 'kw.fuel.petrol', category: 'petrol', phrases: ['benzin*', 'kursunsuz*'], confidence: 0.85 },
  { id: 'kw.fuel.lpg', category: 'lpg', phrases: ['otogaz*', 'lpg', 'tup gaz*'], confidence: 0.85 },
  { id: 'kw.fuel.fuel_oil', category: 'fuel_oil', phrases: ['fuel oil*', 'kalorifer yakit*'], confidence: 0.85 },

  { id: 'kw.water.unit', category: 'water', phrases: ['su*', 'atiksu*', 'atik su*'], units: ['MTQ', 'R9'], confidence: 0.9 },
  { id: 'kw.water.phrase', category: 'water', phrases: ['su tuketim*', 'su bedel*', 'atiksu*', 'sebeke suyu', 'su kullanim*'], confidence: 0.9 },

  { id: 'kw.commuting', category: 'employee_commuting', phrases: ['servis tasima*', 'personel servis*', 'personel tasima*', 'isci servis*', 'vardiya servis*', 'personel ulasim*'], confidence: 0.9 },
  { id: 'kw.freight.unit', category: 'freight', phrases: [], units: ['TKM'], confidence: 0.9 },
  { id: 'kw.freight.phrase', category: 'freight', phrases: ['nakliye*', 'nakliyat*', 'navlun*', 'kargo*', 'kurye*', 'lojistik*', 'depolama*', 'yuk tasima*', 'ardiye*'], confidence: 0.9 },
  { id: 'kw.travel.air', category: 'business_travel_air', phrases: ['ucak bilet*', 'pnr', 'havayol*', 'hava yolu*', 'ucus*', 'flight*'], confidence: 0.9 },
  { id: 'kw.travel.hotel', category: 'business_travel_hotel', phrases: ['konaklama*', 'otel*', 'geceleme*', 'pansiyon*', 'accommodation'], confidence: 0.9 },
  { id: 'kw.leased.long_term', category: 'leased_assets', phrases: ['uzun donem*', 'operasyonel kiralama', 'operasyonel leasing', 'filo*'], confidence: 0.85 },
  { id: 'kw.travel.ground', category: 'business_travel_ground', phrases: ['taksi*', 'arac kiralama*', 'rent a car', 'otobus bilet*', 'tren bilet*', 'feribot*', 'transfer*'], confidence: 0.9 },
  { id: 'kw.leased.rent', category: 'leased_assets', phrases: ['kira*'], confidence: 0.85 },
  { id: 'kw.waste', category: 'waste', phrases: ['atik*', 'hafriyat*', 'cop*', 'bertaraf*', 'geri donusum*', 'moloz*'], confidence: 0.9 },
  // DESIGN.md's typical lines for the broad categories; everything else is left to the text model.
  { id: 'kw.capital', category: 'capital_goods', phrases: ['demirbas*', 'bilgisayar', 'dizustu*', 'arac alim*', 'makinesi', 'makine alim*'], confidence: 0.85 },
  { id: 'kw.services', category: 'purchased_services', phrases: ['danismanlik*', 'yazilim*', 'temizlik hizmet*', 'guvenlik hizmet*', 'internet*', 'gsm', 'hat bedel*'], confidence: 0.85 },
  { id: 'kw.goods', category: 'purchased_goods', phrases: ['hammadde*', 'ambalaj*', 'kirtasiye*', 'gida*'], confidence: 0.85 },
];

interface CompiledRule { rule: KeywordRule; any: RegExp | null; patterns: RegExp[]; unless: RegExp | null }
const alternation = (patterns: RegExp[]): RegExp | null => (patterns.length ? new RegExp(patterns.map((p) => `(?:${p.source})`).join('|')) : null);
// One alternation per rule screens the text; the single phrases only name which one matched.
const compiled: readonly CompiledRule[] = keywordRules.map((rule) => {
  const patterns = rule.phrases.map(phraseRegex);
  return { rule, patterns, any: alternation(patterns), unless: alternation((rule.unless ?? []).map(phraseRegex)) };
});

/** Utility kind of a supplier from its folded name: gas distributors ("İGDAŞ", "Başkentgaz") or electricity retailers. */
export function supplierKind(supplier: NormalizedText | undefined): 'gas' | 'electricity' | null {
  const name = supplier?.ascii ?? '';
  if (/elektrik|enerjisa/.test(name)) return 'electricity';
  if (/(?:^| )(?:\S*gaz|\S*gas|igdas)(?= |$)/.test(name)) return 'gas';
  return null;
}

export interface KeywordHit { rule: KeywordRule; matched: string }

/** The first rule whose unit and supplier conditions hold and one of whose phrases occurs in the folded text. */
export function matchKeywordRule(text: NormalizedText, unitCode: string | undefined, supplier?: NormalizedText): KeywordHit | null {
  const unit = unitCode?.trim().toUpperCase();
  const kind = supplierKind(supplier);
  for (const { rule, any, patterns, unless } of compiled) {
    if (rule.units && (!unit || !rule.units.includes(unit))) continue;
    if (rule.notUnits && unit && rule.notUnits.includes(unit)) continue;
    if (rule.supplier && rule.supplier !== kind) continue;
    if (unless?.test(text.ascii)) continue;
    if (!any) return { rule, matched: `unit ${unit}` };
    if (!any.test(text.ascii)) continue;
    const i = patterns.findIndex((p) => p.test(text.ascii));
    if (i >= 0) return { rule, matched: rule.phrases[i] ?? '' };
  }
  return null;
}
