import type { CategoryKey } from '../../domain/categories.js';
import { amount, VAT1, VAT10, VAT20, whole, withholdings, type ComposeContext, type Composition, type ExtraTax, type LineDraft, type Withholding } from './draft.js';
import type { Dec } from './decimal.js';
import { platesOf, salesPrefixOf } from './customer.js';
import { addDays } from './timeline.js';

/** Goods, services, logistics and travel invoices (ubl-tr.md §7.4, DESIGN.md categories). */

/** A catalogue item a supplier sells: quantity range, unit price range (TRY unless the kind is foreign). */
interface Item {
  name: string | readonly string[];
  category: CategoryKey;
  unit: string;
  qty: [number, number, number];
  price: [number, number];
  vat?: Dec;
  withholding?: Withholding;
  extra?: ExtraTax;
  brand?: string;
  model?: string;
}

const cities = ['İstanbul', 'Gebze', 'İzmir', 'Ankara', 'Bursa', 'Mersin', 'Kayseri', 'Adana', 'Konya', 'Tekirdağ'];
const airports = ['IST', 'SAW', 'ESB', 'ADB', 'AYT', 'ADA', 'TZX', 'GZT', 'ASR', 'DLM'];
const surnames = ['YILMAZ', 'KAYA', 'DEMİR', 'ŞAHİN', 'ÇELİK', 'ÖZTÜRK', 'AYDIN', 'ARSLAN'];
const initials = 'ABCDEFGHİKLMNOSTUY';

function itemLine(ctx: ComposeContext, item: Item, foreign: boolean, withholdingOn: boolean): LineDraft {
  const { rng, priceLevel } = ctx;
  const [qMin, qMax, qScale] = item.qty;
  const name = typeof item.name === 'string' ? item.name : ctx.rng.pick(item.name);
  return {
    name,
    category: item.category,
    quantity: amount(rng, qMin, qMax, qScale),
    unitCode: item.unit,
    price: amount(rng, item.price[0], item.price[1], 2, foreign ? 1 : priceLevel),
    vatPercent: item.vat ?? VAT20,
    ...(item.extra ? { extraTaxes: [item.extra] } : {}),
    ...(item.withholding && withholdingOn ? { withholding: item.withholding } : {}),
    ...(item.brand ? { brand: item.brand } : {}),
    ...(item.model ? { model: item.model } : {}),
    sellerItemId: `${ctx.supplier.prefix}-${(name.length * 7919 + name.charCodeAt(0) * 31) % 100000}`,
  };
}

/** 1..max lines drawn from a catalogue (the first item always present), optional withholding. */
function fromCatalogue(ctx: ComposeContext, items: readonly Item[], max: number, withholdingChance = 0, foreign = false): LineDraft[] {
  const withholdingOn = ctx.rng.chance(withholdingChance);
  const first = items[0];
  if (!first) throw new RangeError('empty catalogue');
  const lines = [itemLine(ctx, first, foreign, withholdingOn)];
  const extra = ctx.rng.int(0, max - 1);
  for (let i = 0; i < extra; i++) lines.push(itemLine(ctx, ctx.rng.pick(items), foreign, withholdingOn));
  return lines;
}

const route = (ctx: ComposeContext): string => {
  const a = ctx.rng.pick(cities);
  let b = ctx.rng.pick(cities);
  if (b === a) b = 'Kocaeli';
  return `${a} - ${b}`;
};

export function freight(ctx: ComposeContext): Composition {
  const tevkifat = ctx.rng.chance(0.7);
  const lines: LineDraft[] = [];
  const trips = ctx.rng.int(1, 8);
  for (let i = 0; i < trips; i++) {
    const byTonne = ctx.rng.chance(0.3);
    lines.push(
      itemLine(ctx, byTonne
        ? { name: `Yük Taşımacılığı Hizmeti (${route(ctx)})`, category: 'freight', unit: 'TNE', qty: [4, 26, 3], price: [900, 2200], withholding: withholdings.w624 }
        : { name: [`Nakliye Bedeli (${route(ctx)})`, `Taşıma Bedeli ${route(ctx)}`, 'Parsiyel Nakliye Bedeli'], category: 'freight', unit: 'C62', qty: [1, 4, 0], price: [9000, 48000], withholding: withholdings.w624 }, false, tevkifat),
    );
  }
  if (ctx.rng.chance(0.25)) lines.push(itemLine(ctx, { name: 'Depolama Hizmeti', category: 'freight', unit: ctx.rng.pick(['DAY', 'MON']), qty: [1, 30, 0], price: [1200, 9000] }, false, false));
  if (ctx.rng.chance(0.15)) lines.push(itemLine(ctx, { name: 'Forklift Kiralama', category: 'freight', unit: 'DAY', qty: [1, 10, 0], price: [2500, 4500] }, false, false));
  return { lines, notes: tevkifat ? ['KDV Tevkifatı uygulanmıştır (KDVGUT I/C-2.1.3.3.11 Yük taşımacılığı, 2/10).'] : [], orderReference: `SIP-${ctx.rng.int(10000, 99999)}` };
}

export function courier(ctx: ComposeContext): Composition {
  return {
    lines: fromCatalogue(ctx, [
      { name: ['Kargo Taşıma Bedeli', 'Yurtiçi Kargo Gönderi Ücreti', 'Kargo Gönderi Ücreti'], category: 'freight', unit: 'C62', qty: [3, 420, 0], price: [85, 260] },
      { name: 'Desi Farkı', category: 'freight', unit: 'C62', qty: [1, 40, 0], price: [20, 70] },
      { name: 'Adresten Alım Ücreti', category: 'freight', unit: 'C62', qty: [1, 20, 0], price: [40, 90] },
    ], 3),
    notes: ['Gönderi listesi ektedir.'],
  };
}

export function freightIntl(ctx: ComposeContext): Composition {
  const currency = ctx.rng.chance(0.7) ? 'USD' : 'EUR';
  const port = ctx.rng.pick(['Mersin - Hamburg', 'Ambarlı - Rotterdam', 'İzmir - Valencia', 'Gemlik - Antwerp']);
  return {
    currency,
    lines: fromCatalogue(ctx, [
      { name: `Navlun Bedeli (Denizyolu) ${port} 40' HC`, category: 'freight', unit: 'C62', qty: [1, 3, 0], price: [1600, 4300] },
      { name: 'Konşimento Bedeli', category: 'freight', unit: 'C62', qty: [1, 1, 0], price: [45, 95] },
      { name: 'Liman Elleçleme Bedeli', category: 'freight', unit: 'C62', qty: [1, 3, 0], price: [120, 340] },
    ], 3, 0, true),
    notes: [`Navlun ${currency} cinsindendir; TCMB döviz satış kuru uygulanmıştır.`],
  };
}

export function air(ctx: ComposeContext): Composition {
  const { rng } = ctx;
  const tickets = rng.int(1, 4);
  const lines: LineDraft[] = [];
  for (let i = 0; i < tickets; i++) {
    const from = rng.pick(airports);
    let to = rng.pick(airports);
    if (to === from) to = 'ESB';
    const pnr = Array.from({ length: 6 }, () => 'ABCDEFGHJKLMNPRSTUVYZ23456789'[rng.int(0, 28)]).join('');
    lines.push(itemLine(ctx, { name: `Uçak Bileti ${from}-${to} ${rng.chance(0.6) ? 'Gidiş-Dönüş ' : ''}(PNR: ${pnr}) Yolcu: ${rng.pick([...initials])}. ${rng.pick(surnames)}`, category: 'business_travel_air', unit: 'C62', qty: [1, 1, 0], price: [1800, 9500] }, false, false));
  }
  if (rng.chance(0.6)) lines.push(itemLine(ctx, { name: 'Acente Hizmet Bedeli', category: 'purchased_services', unit: 'C62', qty: [1, tickets, 0], price: [150, 450] }, false, false));
  return { lines, notes: ['Bilet bedelleri havayolu adına tahsil edilmiştir.'] };
}

/** Hotels bill KDV 10 % plus the 2 % accommodation tax (0059, outside the KDV base). */
export function hotel(ctx: ComposeContext): Composition {
  const accommodationTax: ExtraTax = { code: '0059', name: 'Konaklama Vergisi', percent: whole(2), inVatBase: false };
  const nights = ctx.rng.int(1, 6);
  const lines = [itemLine(ctx, { name: ['Konaklama Bedeli - Standart Oda', 'Oda Ücreti', 'Konaklama (Oda + Kahvaltı)'], category: 'business_travel_hotel', unit: 'DAY', qty: [nights, nights, 0], price: [2400, 7800], vat: VAT10, extra: accommodationTax }, false, false)];
  if (ctx.rng.chance(0.4)) lines.push(itemLine(ctx, { name: 'Yiyecek İçecek Bedeli', category: 'purchased_goods', unit: 'C62', qty: [1, 6, 0], price: [350, 1800], vat: VAT10 }, false, false));
  if (ctx.rng.chance(0.15)) lines.push(itemLine(ctx, { name: 'Toplantı Salonu Kiralama', category: 'purchased_services', unit: 'DAY', qty: [1, 2, 0], price: [6000, 18000] }, false, false));
  return { lines, typeCode: 'KONAKLAMAVERGISI', notes: [`Giriş: ${addDays(ctx.issueDate, -nights)} Çıkış: ${ctx.issueDate}`] };
}

export function ground(ctx: ComposeContext): Composition {
  const plate = ctx.rng.pick(['34 KRL 482', '06 AVS 117', '35 RNT 903', '34 HZM 650']);
  return {
    lines: fromCatalogue(ctx, [
      { name: [`Araç Kiralama Bedeli (Renault Clio, ${plate})`, `Araç Kiralama Bedeli (Fiat Egea, ${plate})`], category: 'business_travel_ground', unit: 'DAY', qty: [1, 30, 0], price: [1100, 2600] },
      { name: 'Havalimanı Transfer Hizmeti', category: 'business_travel_ground', unit: 'C62', qty: [1, 6, 0], price: [900, 2200] },
      { name: 'Taksi Ücreti', category: 'business_travel_ground', unit: 'C62', qty: [1, 12, 0], price: [250, 1200] },
    ], 2),
    notes: [],
  };
}

export function commuting(ctx: ComposeContext): Composition {
  const routes = ctx.rng.int(1, 4);
  const lines: LineDraft[] = [];
  for (let r = 1; r <= routes; r++) {
    lines.push(itemLine(ctx, { name: `Personel Servis Taşımacılığı Hizmeti - Güzergah ${r}`, category: 'employee_commuting', unit: 'MON', qty: [1, 1, 0], price: [42000, 125000], withholding: withholdings.w614 }, false, true));
  }
  return { lines, notes: ['Servis taşımacılığı hizmeti, 5/10 oranında KDV tevkifatına tabidir.'] };
}

const simple = (items: readonly Item[], max: number, withholdingChance = 0, notes: string[] = []) =>
  (ctx: ComposeContext): Composition => ({ lines: fromCatalogue(ctx, items, max, withholdingChance), notes });

export const consulting = simple([
  { name: ['Danışmanlık Hizmet Bedeli', 'Yönetim Danışmanlığı Hizmeti', 'Hukuki Danışmanlık Hizmet Bedeli'], category: 'purchased_services', unit: 'HUR', qty: [4, 120, 0], price: [2200, 6500] },
  { name: 'Mali Müşavirlik Hizmet Bedeli', category: 'purchased_services', unit: 'MON', qty: [1, 1, 0], price: [15000, 45000] },
  { name: 'Eğitim Hizmeti', category: 'purchased_services', unit: 'DAY', qty: [1, 3, 0], price: [18000, 42000] },
], 2);

export const software = simple([
  { name: ['Yazılım Lisans Bedeli (Yıllık)', 'ERP Bakım ve Destek Hizmeti', 'Bulut Sunucu Hizmeti'], category: 'purchased_services', unit: 'MON', qty: [1, 12, 0], price: [4500, 38000] },
  { name: 'Yazılım Geliştirme Hizmeti', category: 'purchased_services', unit: 'HUR', qty: [10, 160, 0], price: [1500, 3200] },
  { name: 'Alan Adı ve SSL Sertifikası', category: 'purchased_services', unit: 'ANN', qty: [1, 3, 0], price: [900, 4500] },
], 3);

export function softwareFx(ctx: ComposeContext): Composition {
  return {
    currency: 'USD',
    lines: fromCatalogue(ctx, [
      { name: ['Microsoft 365 Business Standard Abonelik', 'Google Workspace Business Abonelik', 'Adobe Creative Cloud Lisans'], category: 'purchased_services', unit: 'C62', qty: [5, 180, 0], price: [11, 28] },
      { name: 'Bulut Altyapı Hizmeti (Aylık Kullanım)', category: 'purchased_services', unit: 'MON', qty: [1, 1, 0], price: [800, 9500] },
    ], 2, 0, true),
    notes: ['Fatura USD cinsinden düzenlenmiştir.'],
  };
}

export const cleaning = simple([
  { name: 'Temizlik Hizmet Bedeli', category: 'purchased_services', unit: 'MON', qty: [1, 1, 0], price: [55000, 190000], withholding: withholdings.w612 },
  { name: 'Temizlik Malzemesi', category: 'purchased_goods', unit: 'C62', qty: [5, 60, 0], price: [45, 380] },
], 2, 0.85);

export const security = simple([
  { name: 'Özel Güvenlik Hizmet Bedeli', category: 'purchased_services', unit: 'MON', qty: [1, 1, 0], price: [70000, 240000], withholding: withholdings.w607 },
], 1, 0.9);

const oiv: ExtraTax = { code: '4080', name: 'Özel İletişim Vergisi', percent: whole(10), inVatBase: true };
export const telecom = simple([
  { name: 'Mobil Hat Kullanım Bedeli', category: 'purchased_services', unit: 'C62', qty: [8, 160, 0], price: [280, 650], extra: oiv },
  { name: 'Metro Ethernet İnternet Hizmeti (100 Mbps)', category: 'purchased_services', unit: 'MON', qty: [1, 1, 0], price: [6500, 18000], extra: oiv },
  { name: 'Sabit Telefon Hizmeti', category: 'purchased_services', unit: 'MON', qty: [1, 1, 0], price: [600, 2400], extra: oiv },
], 3);

export const maintenance = simple([
  { name: ['Jeneratör Periyodik Bakım Hizmeti', 'Asansör Bakım Bedeli', 'Kompresör Bakım ve Onarım Hizmeti'], category: 'purchased_services', unit: 'C62', qty: [1, 2, 0], price: [6000, 32000], withholding: withholdings.w603 },
  { name: 'Yedek Parça', category: 'purchased_goods', unit: 'C62', qty: [1, 12, 0], price: [250, 6500] },
], 3, 0.4);

const withDiscount = (ctx: ComposeContext, lines: LineDraft[]): LineDraft[] =>
  lines.map((l) => (ctx.rng.chance(0.15) ? { ...l, discountPercent: whole(ctx.rng.pick([3, 5, 10, 15])) } : l));

export function goods(items: readonly Item[], max: number) {
  return (ctx: ComposeContext): Composition => ({ lines: withDiscount(ctx, fromCatalogue(ctx, items, max)), notes: [], orderReference: `PO-${ctx.rng.int(100000, 999999)}` });
}

export const stationery = goods([
  { name: 'A4 Fotokopi Kağıdı 80 gr (5x500)', category: 'purchased_goods', unit: 'BX', qty: [2, 80, 0], price: [420, 640] },
  { name: ['Toner HP 59A', 'Toner Canon 052', 'Mürekkep Kartuşu Epson 103'], category: 'purchased_goods', unit: 'C62', qty: [1, 12, 0], price: [650, 3200] },
  { name: 'Dosya Klasör Geniş', category: 'purchased_goods', unit: 'C62', qty: [10, 200, 0], price: [35, 90] },
  { name: 'Tükenmez Kalem (50 adet)', category: 'purchased_goods', unit: 'PA', qty: [1, 10, 0], price: [180, 420] },
], 6);

export const packaging = goods([
  { name: ['Oluklu Koli 60x40x40', 'Oluklu Koli 40x30x30'], category: 'purchased_goods', unit: 'C62', qty: [200, 6000, 0], price: [14, 48] },
  { name: 'Streç Film 17 mikron', category: 'purchased_goods', unit: 'KGM', qty: [50, 1200, 1], price: [85, 120] },
  { name: 'Euro Palet (Ahşap)', category: 'purchased_goods', unit: 'C62', qty: [20, 400, 0], price: [280, 520] },
  { name: 'Koli Bandı 45x100', category: 'purchased_goods', unit: 'C62', qty: [36, 720, 0], price: [22, 45] },
], 5);

export const rawMaterial = goods([
  { name: ['Polietilen Granül (LDPE)', 'Polipropilen Granül (PP)'], category: 'purchased_goods', unit: 'KGM', qty: [500, 24000, 0], price: [52, 78] },
  { name: ['Çelik Sac DKP 2 mm', 'Galvaniz Sac 1.5 mm'], category: 'purchased_goods', unit: 'TNE', qty: [1, 40, 3], price: [28000, 41000] },
  { name: 'Alüminyum Profil 6063', category: 'purchased_goods', unit: 'KGM', qty: [200, 8000, 0], price: [145, 210] },
  { name: 'Endüstriyel Yapıştırıcı', category: 'purchased_goods', unit: 'KGM', qty: [20, 600, 0], price: [160, 340] },
], 4);

export const food = goods([
  { name: 'Damacana Su 19 L', category: 'purchased_goods', unit: 'C62', qty: [20, 300, 0], price: [80, 140], vat: VAT1 },
  { name: ['Çay 1000 gr', 'Türk Kahvesi 1000 gr'], category: 'purchased_goods', unit: 'C62', qty: [5, 60, 0], price: [320, 950], vat: VAT1 },
  { name: 'Personel Yemek Hizmeti (Tabldot)', category: 'purchased_services', unit: 'C62', qty: [300, 6000, 0], price: [145, 260], vat: VAT10 },
], 3);

export const capital = simple([
  { name: 'Dizüstü Bilgisayar', category: 'capital_goods', unit: 'C62', qty: [1, 25, 0], price: [32000, 78000], brand: 'Lenovo', model: 'ThinkPad T14 Gen 5' },
  { name: 'Sunucu (Rack 2U)', category: 'capital_goods', unit: 'C62', qty: [1, 4, 0], price: [240000, 690000], brand: 'Dell', model: 'PowerEdge R760' },
  { name: 'Akülü Forklift 2.5 t', category: 'capital_goods', unit: 'C62', qty: [1, 2, 0], price: [950000, 1600000] },
  { name: 'CNC Dik İşleme Merkezi', category: 'capital_goods', unit: 'C62', qty: [1, 1, 0], price: [3800000, 6500000] },
  { name: 'Split Klima 24000 BTU', category: 'capital_goods', unit: 'C62', qty: [1, 10, 0], price: [38000, 62000] },
], 3);

export const waste = simple([
  { name: ['Tehlikeli Atık Bertaraf Bedeli', 'Atık Yağ Bertaraf Bedeli'], category: 'waste', unit: 'KGM', qty: [120, 6000, 0], price: [7, 28] },
  { name: 'Ambalaj Atığı Toplama Hizmeti', category: 'waste', unit: 'MON', qty: [1, 1, 0], price: [4000, 15000] },
  { name: 'Hafriyat Atığı Taşıma', category: 'waste', unit: 'TNE', qty: [5, 80, 2], price: [350, 900] },
], 2);

export function rent(ctx: ComposeContext): Composition {
  const month = ctx.issueDate.slice(0, 7);
  const lines = fromCatalogue(ctx, [
    { name: [`Ofis Kira Bedeli (${month})`, `Depo Kira Bedeli (${month})`], category: 'leased_assets', unit: 'MON', qty: [1, 1, 0], price: [75000, 480000] },
    { name: 'Ortak Alan Aidat Bedeli', category: 'purchased_services', unit: 'MON', qty: [1, 1, 0], price: [6000, 40000] },
  ], 2);
  return { lines, notes: [`Kira dönemi: ${month}`] };
}

export const refrigerant = simple([
  { name: ['R-410A Soğutucu Gaz Dolumu', 'R-32 Gaz Dolumu', 'R-134a Gaz Dolumu'], category: 'refrigerant', unit: 'KGM', qty: [1, 28, 1], price: [600, 1250] },
  { name: 'Klima Bakım İşçiliği', category: 'purchased_services', unit: 'HUR', qty: [2, 24, 0], price: [700, 1400] },
], 2);

const returnReasons = ['Ürünler istenen vasıfta olmadığı için iade edilmiştir.', 'Hasarlı teslim edilen ürünlerin iadesidir.', 'Fazla gönderilen ürünlerin iadesidir.'];

/**
 * A customer of the organization returns goods it bought (IADE, positive amounts). For the receiver this
 * is not a purchase (ubl-tr.md §6.5): the manifest keeps the line's category, the sign comes from type × direction.
 */
export function returns(ctx: ComposeContext): Composition {
  const original = addDays(ctx.issueDate, -ctx.rng.int(3, 40));
  return {
    typeCode: 'IADE',
    lines: fromCatalogue(ctx, [
      { name: ['Notebook Çantası', 'Ambalaj Malzemesi', 'Plastik Kasa 600x400', 'Alüminyum Profil 6063'], category: 'purchased_goods', unit: ctx.rng.pick(['NIU', 'C62']), qty: [1, 60, 0], price: [35, 900] },
    ], 3),
    billingReference: { id: `${salesPrefixOf(ctx.customer.vkn)}${original.slice(0, 4)}${String(ctx.rng.int(1, 99_999)).padStart(9, '0')}`, issueDate: original },
    notes: [ctx.rng.pick(returnReasons)],
  };
}

/** e-Arşiv invoices from small sellers that treated the organization as not registered for e-Fatura. */
export function earsivRetail(ctx: ComposeContext): Composition {
  const plate = ctx.rng.pick(platesOf(ctx.customer.vkn));
  return {
    lines: fromCatalogue(ctx, [
      ctx.rng.pick<Item>([
        { name: 'Taksi Ücreti', category: 'business_travel_ground', unit: 'C62', qty: [1, 1, 0], price: [180, 1400] },
        { name: 'Yemek Bedeli', category: 'purchased_goods', unit: 'C62', qty: [1, 12, 0], price: [220, 900], vat: VAT10 },
        { name: 'Kırtasiye Malzemesi', category: 'purchased_goods', unit: 'C62', qty: [1, 20, 0], price: [25, 450] },
        { name: 'Otopark Ücreti', category: 'business_travel_ground', unit: 'HUR', qty: [1, 10, 0], price: [60, 180] },
      ]),
    ], 2),
    notes: [`Gönderim şekli: ELEKTRONİK. Araç: ${plate}`],
  };
}
