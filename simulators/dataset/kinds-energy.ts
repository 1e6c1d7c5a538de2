import { dec, formatDec, type Dec } from './decimal.js';
import { amount, VAT10, VAT20, whole, type ComposeContext, type Composition, type ExtraTax, type LineDraft } from './draft.js';
import { facilitiesOf, platesOf, utilityIds } from './customer.js';
import { addDays, previousMonth } from './timeline.js';

/** Energy and fuel bills (ubl-tr.md §7.1–§7.3): quantities in KWH, SM3, MTQ, LTR with their taxes. */

const trDate = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

const energyFund: ExtraTax = { code: '8002', name: 'Enerji Fonu', percent: whole(1), inVatBase: true };
const trtShare: ExtraTax = { code: '8004', name: 'TRT Payı', percent: whole(2), inVatBase: true };
const consumptionTax: ExtraTax = { code: '4071', name: 'Elektrik ve Havagazı Tüketim Vergisi', percent: whole(1), inVatBase: true };

function meterNote(first: number, used: number, multiplier: number): string {
  return `İlk Endeks: ${first} Son Endeks: ${first + Math.round(used / multiplier)} Çarpan: ${multiplier}`;
}

export function electricity({ rng, supplier, issueDate, customer, priceLevel }: ComposeContext): Composition {
  const facility = rng.pick(facilitiesOf(customer.vkn));
  const kwh = rng.int(2_500, 160_000);
  const energyTaxes = supplier.legacyTemplate ? [energyFund, trtShare, consumptionTax] : [energyFund, consumptionTax];
  const lines: LineDraft[] = [];
  if (rng.chance(0.45)) {
    const t1 = Math.round(kwh * (0.55 + rng.float() * 0.1));
    const t2 = Math.round(kwh * (0.15 + rng.float() * 0.05));
    const rates: Array<[string, number, number]> = [
      ['Gündüz Tüketim Bedeli (T1)', t1, 2.45],
      ['Puant Tüketim Bedeli (T2)', t2, 3.7],
      ['Gece Tüketim Bedeli (T3)', kwh - t1 - t2, 1.52],
    ];
    for (const [name, q, p] of rates) {
      lines.push({ name, category: 'electricity', quantity: whole(q), unitCode: 'KWH', price: amount(rng, p * 0.95, p * 1.05, 6, priceLevel), vatPercent: VAT20, extraTaxes: energyTaxes });
    }
  } else {
    lines.push({
      name: rng.pick(['Aktif Enerji Bedeli', 'Enerji Tüketim Bedeli', 'Elektrik Tüketim Bedeli', 'Tek Zaman Tüketim Bedeli']),
      category: 'electricity',
      quantity: whole(kwh),
      unitCode: 'KWH',
      price: amount(rng, 2.2, 2.75, 6, priceLevel),
      vatPercent: VAT20,
      extraTaxes: energyTaxes,
    });
  }
  // Distribution is billed per kWh on the same consumption: the kWh must be counted once (DESIGN.md).
  lines.push({ name: 'Dağıtım Bedeli', category: 'electricity', quantity: whole(kwh), unitCode: 'KWH', price: amount(rng, 0.85, 1.05, 6, priceLevel), vatPercent: VAT20 });
  if (rng.chance(0.3)) {
    lines.push({ name: 'Güç Bedeli', category: 'electricity', quantity: whole(Math.max(15, Math.round(kwh / 320))), unitCode: 'KWT', price: amount(rng, 38, 52, 4, priceLevel), vatPercent: VAT20 });
  }
  if (rng.chance(0.2)) {
    lines.push({ name: 'Reaktif Enerji Bedeli (Endüktif)', category: 'electricity', quantity: whole(Math.round(kwh * 0.04)), unitCode: 'K3', price: amount(rng, 0.6, 0.9, 6, priceLevel), vatPercent: VAT20 });
  }
  if (rng.chance(0.35)) {
    lines.push({ name: 'Sayaç Okuma Bedeli', category: 'electricity', quantity: whole(1), unitCode: 'C62', price: amount(rng, 9, 14, 2, priceLevel), vatPercent: VAT20 });
  }
  if (rng.chance(0.06)) {
    lines.push({ name: 'Gecikme Bedeli', category: 'not_emission', quantity: whole(1), unitCode: 'C62', price: amount(rng, 40, 900, 2, priceLevel), vatPercent: VAT20 });
  }
  const multiplier = rng.pick([1, 1, 40, 80, 120]);
  return {
    lines,
    period: previousMonth(issueDate),
    customerIds: utilityIds(facility, false),
    notes: [
      `Tesis: ${facility.name} Tesisat No: ${facility.installationNo}`,
      meterNote(rng.int(10_000, 900_000), kwh, multiplier),
      `Son Ödeme Tarihi: ${trDate(addDays(issueDate, 10))}`,
    ],
  };
}

/** 1 Sm³ ≈ 10.64 kWh at BOTAŞ's reference calorific value (ubl-tr.md §7.2). */
export function naturalGas({ rng, issueDate, customer, priceLevel }: ComposeContext): Composition {
  const facility = rng.pick(facilitiesOf(customer.vkn));
  const sm3 = rng.int(300, 28_000);
  const k = dec(rng.int(100_500, 103_500), 5);
  const lines: LineDraft[] = [];
  const notes = [`Tesis: ${facility.name} Tesisat No: ${facility.installationNo}`];
  if (rng.chance(0.7)) {
    const kwh = Math.round((sm3 * k.units * 10.64) / 100_000);
    const otv: ExtraTax = { code: '0071', name: 'ÖTV', perUnit: amount(rng, 0.0021, 0.0023, 4, priceLevel), inVatBase: true };
    lines.push({ name: rng.pick(['Doğal Gaz Tüketim Bedeli', 'Tüketim Bedeli', 'DOĞALGAZ TÜKETİM BEDELİ']), category: 'natural_gas', quantity: whole(kwh), unitCode: 'KWH', price: amount(rng, 1.0, 1.25, 6, priceLevel), vatPercent: VAT20, extraTaxes: [otv] });
    lines.push({ name: 'Sistem Kullanım Bedeli', category: 'natural_gas', quantity: whole(kwh), unitCode: 'KWH', price: amount(rng, 0.03, 0.045, 6, priceLevel), vatPercent: VAT20 });
    notes.push(`Tüketim: ${sm3} m3 Düzeltme Katsayısı (K): ${formatDec(k)} Üst Isıl Değer: 9155 kcal/Sm3 (10.64 kWh/Sm3) Enerji: ${kwh} kWh`);
  } else {
    const otv: ExtraTax = { code: '0071', name: 'ÖTV', perUnit: amount(rng, 0.0225, 0.0235, 4, priceLevel), inVatBase: true };
    lines.push({ name: 'Doğal Gaz Tüketim Bedeli', category: 'natural_gas', quantity: whole(sm3), unitCode: rng.chance(0.8) ? 'SM3' : 'MTQ', price: amount(rng, 10.8, 13.2, 6, priceLevel), vatPercent: VAT20, extraTaxes: [otv] });
    notes.push(`İlk Endeks: ${rng.int(1000, 90_000)} Tüketim: ${sm3} Sm3`);
  }
  if (rng.chance(0.05)) {
    lines.push({ name: 'Gecikme Zammı', category: 'not_emission', quantity: whole(1), unitCode: 'C62', price: amount(rng, 30, 700, 2, priceLevel), vatPercent: VAT20 });
  }
  notes.push(`Son Ödeme Tarihi: ${trDate(addDays(issueDate, 12))}`);
  return { lines, period: previousMonth(issueDate), customerIds: utilityIds(facility, true), notes };
}

export function water({ rng, issueDate, customer, priceLevel }: ComposeContext): Composition {
  const facility = rng.pick(facilitiesOf(customer.vkn));
  const m3 = rng.int(20, 2_400);
  const ctv: ExtraTax = { code: '8008', name: 'Çevre Temizlik Vergisi', perUnit: amount(rng, 0.7, 0.8, 4, priceLevel), inVatBase: false };
  return {
    lines: [
      { name: 'Su Tüketim Bedeli', category: 'water', quantity: whole(m3), unitCode: 'MTQ', price: amount(rng, 55, 75, 4, priceLevel), vatPercent: VAT10, extraTaxes: [ctv] },
      { name: 'Atık Su Bedeli', category: 'water', quantity: whole(m3), unitCode: 'MTQ', price: amount(rng, 24, 33, 4, priceLevel), vatPercent: VAT10 },
    ],
    period: previousMonth(issueDate),
    customerIds: utilityIds(facility, true),
    notes: [`Abone No: ${facility.subscriberNo} Tesis: ${facility.name}`, `Son Ödeme Tarihi: ${trDate(addDays(issueDate, 15))}`],
  };
}

interface FuelProduct {
  names: readonly string[];
  category: 'diesel' | 'petrol' | 'lpg' | 'fuel_oil';
  /** Net price and ÖTV per litre, TRY, late 2025. */
  net: number;
  otv: number;
}
const fuels: readonly FuelProduct[] = [
  { names: ['MOTORİN', 'Motorin (Diesel)', 'Euro Diesel', 'Ultra Force Motorin', 'Kırsal Motorin'], category: 'diesel', net: 30.4, otv: 15.4 },
  { names: ['KURŞUNSUZ BENZİN 95 OKTAN', 'Benzin', 'Kurşunsuz Benzin'], category: 'petrol', net: 28.6, otv: 16.3 },
  { names: ['OTOGAZ', 'LPG', 'Otogaz (LPG)'], category: 'lpg', net: 19.2, otv: 4.7 },
  { names: ['Kalorifer Yakıtı', 'Fuel Oil'], category: 'fuel_oil', net: 27.5, otv: 2.1 },
];
const fuelWeights = [0.66, 0.22, 0.09, 0.03];
const stations = ['Kadıköy', 'Gebze OSB', 'Tuzla', 'Bornova', 'Çankaya', 'Nilüfer', 'TEM Otoyolu', 'Hadımköy'];

/** Fuel-card invoice: one line per fill-up, plate and station in the line note, ÖTV per litre. */
export function fuel({ rng, issueDate, customer, priceLevel }: ComposeContext): Composition {
  const fills = rng.int(1, 14);
  const plates = platesOf(customer.vkn);
  const lines: LineDraft[] = [];
  for (let i = 0; i < fills; i++) {
    const product = rng.weighted(fuels, fuelWeights, 1);
    const plate = rng.pick(plates);
    const day = addDays(issueDate, -rng.int(1, 28));
    const perUnit: Dec = amount(rng, product.otv, product.otv, 4, priceLevel);
    lines.push({
      name: rng.pick(product.names),
      category: product.category,
      quantity: amount(rng, product.category === 'lpg' ? 15 : 25, product.category === 'diesel' ? 320 : 65, 2),
      unitCode: 'LTR',
      price: amount(rng, product.net * 0.97, product.net * 1.03, 4, priceLevel),
      vatPercent: VAT20,
      extraTaxes: [{ code: '0071', name: 'ÖTV', perUnit, inVatBase: true }],
      note: `Plaka: ${plate} Tarih: ${trDate(day)} ${String(rng.int(6, 22)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')} İstasyon: ${rng.pick(stations)}`,
    });
  }
  if (rng.chance(0.08)) {
    // AdBlue is sold at the pump but is not fuel (ubl-tr.md §7.3).
    lines.push({ name: 'AdBlue', category: 'purchased_goods', quantity: amount(rng, 10, 40, 0), unitCode: 'LTR', price: amount(rng, 18, 26, 4, priceLevel), vatPercent: VAT20, note: `Plaka: ${rng.pick(plates)}` });
  }
  return { lines, notes: ['Taşıt tanıma sistemi (TTS) ile yapılan akaryakıt alımlarıdır.'] };
}

