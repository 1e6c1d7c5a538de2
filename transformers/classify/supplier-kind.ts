/**
 * What a supplier sells, read from its folded name: evidence for commodity-neutral lines ("Tüketim Bedeli" in kWh
 * from a gas distributor, "Hizmet bedeli" from a waste company, "Minibar" on a hotel's invoice).
 */
import type { NormalizedText } from './text.js';

/**
 * 'fuel' (LPG and fuel retailers: Aygaz, Mogaz…) only keeps their "-gaz" names from reading as gas distributors;
 * "Petrol Taşıma" (pipeline transport, BOTAŞ's legal name) is not a fuel retailer.
 */
export type SupplierKind = 'gas' | 'electricity' | 'ev_charging' | 'telecom' | 'fuel' | 'water' | 'waste' | 'hotel' | 'airline' | 'courier' | 'staff_shuttle';

// Folded-name evidence of what a supplier sells. Gas distributors' trade names end in "gaz"/"gas" or are
// the sector's acronyms and brands (İGDAŞ, AGDAŞ, GAZDAŞ, BOTAŞ, Enerya); electricity companies say
// "elektrik" or are EDAŞ/EPSAŞ/Enerjisa; charging networks say "şarj" (also inside "Eşarj").
const SUPPLIER_PATTERNS: ReadonlyArray<[SupplierKind, RegExp]> = [
  ['ev_charging', /(?:^| )(?:\S*sarj\S*|elektrikli arac\S*)(?= |$)/],
  ['gas', /(?:^| )(?:(?!bogaz(?: |$))\S*gaz|\S*gas|dogal ?gaz\S*|gazdas|\S*gdas|botas|enerya)(?= |$)/],
  ['electricity', /(?:^| )(?:elektrik\S*|enerjisa|\S*edas|\S*epsas)(?= |$)/],
  ['telecom', /(?:^| )(?:telekom\S*|iletisim hizmet\S*|turkcell|vodafone|superonline|turknet|gsm)(?= |$)/],
  ['fuel', /(?:^| )(?:aygaz|ipragaz|mogaz|milangaz|likitgaz|lpg|otogaz|akaryakit\S*|petrol\S*(?! tasima))(?= |$)/],
  // Utilities and service companies whose generic lines ("Hizmet bedeli", "Tüketim bedeli", "Minibar") only the name explains.
  ['water', /(?:^| )(?:su ve kanalizasyon|su idare\S*|\S*su\S* kanalizasyon\S*|water|wasserwerk\S*|stadtwerke)(?= |$)/],
  ['waste', /(?:^| )(?:atik\S*|geri donusum\S*|cevre hizmet\S*|waste|recycling|entsorgung\S*)(?= |$)/],
  ['hotel', /(?:^| )(?:otel\S*|hotel\S*|resort|palas|motel|pansiyon\S*)(?= |$)/],
  ['airline', /(?:^| )(?:hava ?yollari|havayolu|havacilik|hava tasimaciligi|airlines?|airways)(?= |$)/],
  // Hauliers and forwarders bill generic "Hizmet faturası … sefer" lines; a staff or passenger (turizm) transport company is not one.
  ['courier', /(?:^| )(?:kargo|kurye\S*|express|ekspres|posta\S*|courier|lojistik\S*|nakliyat\S*|nakliye\S*|(?<!personel |turizm |hava )tasimacili[kg]\S*|spedition\S*|forwarding)(?= |$)/],
  ['staff_shuttle', /(?:^| )(?:personel tasimacili[kg]\S*|servis turizm|servisci\S*|personel servis\S*|shuttle)(?= |$)/],
];

/**
 * What a supplier sells, from its folded name; null when the name says nothing or names two commodities
 * ("Elektrik ve Doğalgaz"), so the line text has to decide.
 */
export function supplierKind(supplier: NormalizedText | undefined): SupplierKind | null {
  const name = supplier?.ascii ?? '';
  if (!name) return null;
  const kinds = SUPPLIER_PATTERNS.filter(([, pattern]) => pattern.test(name)).map(([kind]) => kind);
  // A charging network's name says "elektrikli araç şarj": the charging kind wins over electricity.
  if (kinds[0] === 'ev_charging') return 'ev_charging';
  return kinds.length === 1 ? (kinds[0] ?? null) : null;
}
