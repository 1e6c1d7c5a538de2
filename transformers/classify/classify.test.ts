import { describe, expect, it } from 'vitest';
import { classifyLine, loadDefaultModel, normalizeText, OrganizationRule, type ClassifyInput } from './index.js';
import { calibrate } from './calibration.js';
import { predictText, probabilityOf } from './text-model.js';
import { turkishLowerCase } from './text.js';

const model = loadDefaultModel();
const classify = (input: ClassifyInput, rules: OrganizationRule[] = []) => classifyLine(input, { rules, model });

describe('Turkish text normalization', () => {
  it('lower-cases with the Turkish locale and folds diacritics', () => {
    expect(normalizeText('İLETİM BEDELİ')).toEqual({ lower: 'iletim bedeli', ascii: 'iletim bedeli' });
    expect(normalizeText('IŞIK  Yakıtı ')).toEqual({ lower: 'ışık yakıtı', ascii: 'isik yakiti' });
    // Text lower-cased elsewhere without the tr locale leaves "i̇" (i + combining dot).
    expect(normalizeText('MOTORİN'.toLowerCase()).ascii).toBe('motorin');
  });
  it('its fast Turkish lower case equals toLocaleLowerCase("tr-TR")', () => {
    for (const s of ['İSTANBUL IĞDIR', 'KURŞUNSUZ BENZİN', 'Işık İçin', 'ÇÖĞÜŞ Âİ', 'TRT PAYI', 'élan ÉLAN ß']) {
      expect(turkishLowerCase(s)).toBe(s.toLocaleLowerCase('tr-TR'));
    }
  });
});

describe('keyword rules on tricky Turkish', () => {
  it.each([
    ['MOTORİN', 'LTR', 'diesel'],
    ['MOTORIN', 'LTR', 'diesel'],
    ['motorin (diesel)', 'LTR', 'diesel'],
    ['Kırsal Motorini', 'LTR', 'diesel'],
    ['Motor Yağı 10W-40', 'LTR', 'purchased_goods'],
    ['MOTOR YAGI 5W30', 'LTR', 'purchased_goods'],
    ['AdBlue', 'LTR', 'purchased_goods'],
    ['KURŞUNSUZ BENZİN 95 OKTAN', 'LTR', 'petrol'],
    ['KURSUNSUZ BENZIN 95 OKTAN', 'LTR', 'petrol'],
    ['DOĞALGAZ TÜKETİM BEDELİ', 'SM3', 'natural_gas'],
    ['Dogal Gaz Bedeli', 'KWH', 'natural_gas'],
    ['R-410A gaz dolumu', 'KGM', 'refrigerant'],
    ['Damacana su 19 lt', 'C62', 'purchased_goods'],
    ['Su Tüketim Bedeli', 'MTQ', 'water'],
  ] as const)('%s (%s) → %s', (description, unitCode, category) => {
    expect(classify({ description, unitCode })).toMatchObject({ category, source: 'keyword_rule' });
  });

  it('electricity consumption is Scope 2, counted and auto-accepted with its calibrated confidence', () => {
    const c = classify({ description: 'Elektrik Tüketim Bedeli', unitCode: 'KWH' });
    expect(c).toMatchObject({ category: 'electricity', scope: 2, scope3Category: null, countsActivity: true, status: 'ready_for_ef_matching' });
    expect(c.confidence).toBeCloseTo(calibrate(model.calibration, 'keyword_unit', probabilityOf(model, predictText(model, { description: 'Elektrik Tüketim Bedeli', unitCode: 'KWH' }), 'electricity')) ?? -1, 3);
    expect(c.explanation).toContain('calibrated keyword_unit');
  });

  it.each([['Dağıtım Bedeli', 'KWH'], ['İLETİM BEDELİ', 'KWH'], ['ILETIM BEDELI', 'KWH'], ['Reaktif Enerji Bedeli (Endüktif)', 'K3'], ['Güç Bedeli', 'KWT']])(
    'electricity line %s does not count its kWh again', (description, unitCode) => {
      expect(classify({ description, unitCode })).toMatchObject({ category: 'electricity', countsActivity: false });
    });

  it('distribution on a gas bill in Sm3 is natural gas, not electricity', () => {
    expect(classify({ description: 'Dağıtım bedeli doğal gaz', unitCode: 'SM3' }).category).toBe('natural_gas');
  });

  it('commodity-neutral kWh lines follow the supplier: gas distributors bill in kWh too', () => {
    expect(classify({ description: 'Tüketim Bedeli', unitCode: 'KWH', supplierName: 'Esgaz Eskişehir Doğal Gaz' })).toMatchObject({ category: 'natural_gas', ruleId: 'kw.gas.supplier_energy_line' });
    expect(classify({ description: 'Enerji Bedeli', unitCode: 'KWH', supplierName: 'İGDAŞ İstanbul Gaz Dağıtım' }).category).toBe('natural_gas');
    expect(classify({ description: 'Tüketim Bedeli', unitCode: 'KWH', supplierName: 'Enerjisa Başkent' })).toMatchObject({ category: 'electricity', countsActivity: true });
    expect(classify({ description: 'Dağıtım Bedeli', unitCode: 'KWH', supplierName: 'Başkentgaz' }).category).toBe('natural_gas');
    expect(classify({ description: 'Dağıtım Bedeli', unitCode: 'KWH', supplierName: 'Toroslar Elektrik Perakende' })).toMatchObject({ category: 'electricity', countsActivity: false });
  });

  it.each([
    ['Tüketim Bedeli', 'KWH', 'BOTAŞ Boru Hatları ile Petrol Taşıma A.Ş.'],
    ['Tüketim Bedeli', 'KWH', 'Enerya Konya Gaz Dağıtım'],
    ['TÜKETİM BEDELİ', 'KWH', 'AKSA ÇORUH DOĞALGAZ DAĞITIM A.Ş.'],
    ['Aylık tüketim', 'KWH', 'AGDAŞ Adapazarı Gaz Dağıtım'],
    ['Enerji Bedeli', 'MWH', 'Palen Enerji Doğal Gaz'],
  ] as const)('gas distributor %s (%s) from "%s" is natural gas and counted', (description, unitCode, supplierName) => {
    expect(classify({ description, unitCode, supplierName })).toMatchObject({ category: 'natural_gas', countsActivity: true, status: 'ready_for_ef_matching' });
  });

  it('gas network charges (system use, distribution) are natural gas whose kWh is counted on the consumption line', () => {
    for (const [description, unitCode, supplierName] of [
      ['Sistem Kullanım Bedeli', 'KWH', 'Bursagaz'],
      ['SİSTEM KULLANIM BEDELİ', 'KWH', 'İGDAŞ'],
      ['Dağıtım Bedeli', 'KWH', 'Başkentgaz'],
      ['Sistem kullanım bedeli', 'SM3', undefined],
      ['Doğal gaz dağıtım hizmet bedeli', 'KWH', undefined],
    ] as const) {
      expect(classify({ description, unitCode, supplierName }), description).toMatchObject({ category: 'natural_gas', countsActivity: false });
    }
    // Named by no supplier or commodity: still gas (DESIGN.md), but for review.
    expect(classify({ description: 'Sistem Kullanım Bedeli', unitCode: 'C62' })).toMatchObject({ category: 'natural_gas', countsActivity: false });
    // An electricity distributor's system-use charge is electricity, not counted either.
    expect(classify({ description: 'Sistem Kullanım Bedeli', unitCode: 'KWH', supplierName: 'Başkent EDAŞ' })).toMatchObject({ category: 'electricity', countsActivity: false });
  });

  it('LPG retailers named "-gaz" are not gas distributors', () => {
    expect(classify({ description: 'Tüp gaz 12 kg', unitCode: 'C62', supplierName: 'Aygaz A.Ş.' }).category).not.toBe('natural_gas');
    expect(classify({ description: 'OTOGAZ', unitCode: 'LTR', supplierName: 'Mogaz Petrol Gazları' }).category).toBe('lpg');
  });

  it.each([
    ['Şarj Hizmeti', 'C62', 'Sharz Elektrikli Araç Şarj'],
    ['SARJ HIZMETI', 'KWH', undefined],
    ['DC Hızlı Şarj', 'KWH', 'Voltrun'],
    ['Elektrikli araç şarj ücreti', 'C62', undefined],
    ['Oturum enerji tüketimi', 'KWH', 'Eşarj Elektrikli Araçlar'],
  ] as const)('EV charging %s (%s) is electricity', (description, unitCode, supplierName) => {
    expect(classify({ description, unitCode, supplierName })).toMatchObject({ category: 'electricity', countsActivity: true, source: 'keyword_rule' });
  });

  it('chargers, cables and a station installation are not charging energy', () => {
    expect(classify({ description: 'Şarj kablosu Type 2', unitCode: 'C62', supplierName: 'ZES Şarj' }).category).not.toBe('electricity');
    expect(classify({ description: 'Şarj istasyonu kurulum hizmet bedeli', unitCode: 'C62' }).category).not.toBe('electricity');
    expect(classify({ description: 'Klima gaz şarjı R-410A', unitCode: 'KGM' }).category).toBe('refrigerant');
  });

  it.each([
    ['Mobil Hat', 'C62', undefined],
    ['Hat Kullanım Ücreti', 'C62', 'Vodafone Telekomünikasyon A.Ş.'],
    ['20 GB paketi', 'C62', undefined],
    ['Aylık tarife ücreti', 'C62', 'Turkcell İletişim Hizmetleri A.Ş.'],
    ['Roaming', 'C62', undefined],
  ] as const)('telecom line %s is a purchased service', (description, unitCode, supplierName) => {
    expect(classify({ description, unitCode, supplierName })).toMatchObject({ category: 'purchased_services', status: 'ready_for_ef_matching' });
  });

  it.each([
    ['Personel Yemek Hizmeti (Tabldot)', 'purchased_services'],
    ['Acente hizmet bedeli', 'purchased_services'],
    ['Yedek parça (rulman seti)', 'purchased_goods'],
  ] as const)('%s → %s', (description, category) => {
    expect(classify({ description, unitCode: 'C62', supplierName: 'Bakım Hizmetleri A.Ş.' })).toMatchObject({ category, source: 'keyword_rule' });
  });

  it('rent and monthly hire are leased assets; a day\'s hire is left to the text model', () => {
    expect(classify({ description: 'Ofis kirası', unitCode: 'MON' }).category).toBe('leased_assets');
    expect(classify({ description: 'Jeneratör kiralama', unitCode: 'MON' })).toMatchObject({ category: 'leased_assets', ruleId: 'kw.leased.hire_monthly' });
    expect(classify({ description: 'Seminer salonu kiralama', unitCode: 'DAY', supplierName: 'Otelcilik A.Ş.' }).ruleId).toBeUndefined();
  });

  it.each(['Enerji Fonu', 'TRT PAYI', 'Elektrik Tüketim Vergisi', 'Gecikme Zammı', 'Gecikme Faizi', 'İskonto', 'Güvence Bedeli', 'Özel İletişim Vergisi', 'Çevre Temizlik Vergisi'])('%s → not_emission', (description) => {
    expect(classify({ description, unitCode: 'C62' })).toMatchObject({ category: 'not_emission', scope: null, scope3Category: null });
  });
});

describe('the kinds of mistake of issue 14 (its own examples)', () => {
  it.each([
    ['motorin pompası değişimi', 'C62', undefined, 'purchased_services'],
    ['LPG tankı kiralaması', 'C62', undefined, 'leased_assets'],
    ['elektrik panosu montajı', 'C62', undefined, 'purchased_services'],
    ['doğalgaz kombisi bakımı', 'C62', undefined, 'purchased_services'],
    ['benzin bidonu', 'C62', undefined, 'purchased_goods'],
    ['kargo kolisi', 'C62', undefined, 'purchased_goods'],
    ['MAZOT', 'LTR', undefined, 'diesel'],
    ['EN590', 'LTR', undefined, 'diesel'],
    ['D2', 'LTR', undefined, 'diesel'],
    ['Ocean freight', 'C62', 'Bluewave Shipping Ltd', 'freight'],
    ['Customs clearance', 'C62', 'Bluewave Shipping Ltd', 'freight'],
    ['Advertising services', 'C62', 'Brightside Media Ltd', 'purchased_services'],
    ['Software subscription', 'MON', 'Cloudware Inc.', 'purchased_services'],
    ['Konaklama vergisi', 'C62', 'Grand Otel A.Ş.', 'not_emission'],
    ['Tüp depozitosu', 'C62', undefined, 'not_emission'],
    ['Sözleşme fesih bedeli', 'C62', undefined, 'not_emission'],
    ['Minibar', 'C62', 'Grand Otel A.Ş.', 'business_travel_hotel'],
    ['iPhone 15 128 GB', 'C62', 'Turkcell İletişim Hizmetleri A.Ş.', 'capital_goods'],
  ] as const)('%s (%s, %s) → %s', (description, unitCode, supplierName, category) => {
    expect(classify({ description, unitCode, supplierName }).category).toBe(category);
  });

  // The issue reads fuel by the piece as a product; the independent sets' authors read a bare fuel name in C62 as a
  // sloppy unit on litres ("Dizel 16 ADR 72", description decides), so the text model may overrule the rule: for review.
  it('a place name is no tape, and "Boğaz" in a supplier name is no gas company', () => {
    expect(classify({ description: 'Feribot bileti Bandırma-Yenikapı', unitCode: 'C62' }).category).toBe('business_travel_ground');
    expect(classify({ description: 'Tüketim bedeli', unitCode: 'KWH', supplierName: 'Boğaziçi Elektrik Dağıtım A.Ş.' }).category).toBe('electricity');
    expect(classify({ description: 'Moloz kabul bedeli', unitCode: 'MTQ', supplierName: 'Boğaz Döküm Sahası A.Ş.' }).category).toBe('waste');
  });

  it('a commodity word before a work is a modifier even when its unit rule does not apply', () => {
    const c = classify({ description: 'Şantiye geçici elektrik bağlantı bedeli', unitCode: 'C62' });
    expect(c.category === 'electricity' ? c.status : 'needs_review').toBe('needs_review');
  });

  it('fuel by the piece (C62) is never accepted without review as the fuel', () => {
    const c = classify({ description: 'Motorin', unitCode: 'C62' });
    expect(c.category === 'purchased_goods' ? 'needs_review' : c.status).toBe('needs_review');
  });

  it('a model guess of a commodity whose word is only a modifier is never accepted without review', () => {
    const c = classify({ description: 'Motorin tankı 1000 lt galvaniz', unitCode: 'C62' });
    expect(c.category === 'diesel' ? c.status : 'needs_review').toBe('needs_review');
  });
});

describe('Turkish spelling: softened stems, typos and ledger abbreviations', () => {
  it('a stem rule matches the softened form before a suffix (danışmanlık → danışmanlığı)', () => {
    expect(classify({ description: 'İş güvenliği danışmanlığı', unitCode: 'MON' })).toMatchObject({ category: 'purchased_services', source: 'keyword_rule' });
  });
  it.each([
    ['Elktrik tüketim bedeli', 'KWH', 'electricity'],
    ['Konaklma 2 gece', 'C62', 'business_travel_hotel'],
    ['Elk.Enerji Bdl.', 'KWH', 'electricity'],
    ['D.GAZ TÜK.', 'SM3', 'natural_gas'],
  ] as const)('%s (%s) → %s', (description, unitCode, category) => {
    expect(classify({ description, unitCode }).category).toBe(category);
  });
  it('a gas stove or a fuel card is never accepted as the commodity', () => {
    const stove = classify({ description: 'Doğalgaz sobası', unitCode: 'C62' });
    expect(stove.source).not.toBe('keyword_rule');
    expect(stove.category === 'natural_gas' ? stove.status : 'needs_review').toBe('needs_review');
    expect(classify({ description: 'Motorin kartı yıllık üyelik', unitCode: 'C62' }).category).not.toBe('diesel');
  });
});

describe('organization rules', () => {
  const vkn = '0123456789';
  it('win over keyword rules, most specific first', () => {
    const rules = [
      OrganizationRule.parse({ id: 'r-default', supplierVkn: vkn, category: 'purchased_goods' }),
      OrganizationRule.parse({ id: 'r-generator', supplierVkn: vkn, keyword: 'jenerator*', category: 'diesel' }),
    ];
    expect(classify({ description: 'Motorin', unitCode: 'LTR', supplierVkn: vkn }, rules)).toMatchObject({ category: 'purchased_goods', source: 'organization_rule', ruleId: 'r-default', confidence: 0.9 });
    expect(classify({ description: 'Jeneratör yakıtı', unitCode: 'LTR', supplierVkn: vkn }, rules)).toMatchObject({ category: 'diesel', ruleId: 'r-generator', confidence: 0.99, status: 'ready_for_ef_matching' });
    expect(classify({ description: 'Motorin', unitCode: 'LTR', supplierVkn: '9999999999' }, rules)).toMatchObject({ category: 'diesel', source: 'keyword_rule' });
  });
  it('item-code rules apply, and a supplier default leaves tax lines as not_emission', () => {
    const rules = [
      OrganizationRule.parse({ id: 'r-item', itemCode: 'SKU-77', category: 'capital_goods' }),
      OrganizationRule.parse({ id: 'r-retailer', supplierVkn: vkn, category: 'electricity' }),
    ];
    expect(classify({ description: 'Ürün', itemCode: 'SKU-77' }, rules)).toMatchObject({ category: 'capital_goods', confidence: 0.97, ruleId: 'r-item' });
    expect(classify({ description: 'TRT Payı', supplierVkn: vkn }, rules).category).toBe('not_emission');
    expect(classify({ description: 'Dağıtım Bedeli', unitCode: 'KWH', supplierVkn: vkn }, rules)).toMatchObject({ category: 'electricity', source: 'organization_rule', countsActivity: false });
  });
  it('a rule without any criterion is rejected', () => {
    expect(OrganizationRule.safeParse({ id: 'x', category: 'water' }).success).toBe(false);
  });
});

describe('text model and fallback', () => {
  it('classifies lines no rule covers', () => {
    const c = classify({ description: 'Marka vekilliği ücreti', unitCode: 'C62' });
    expect(c).toMatchObject({ category: 'purchased_services', source: 'text_model' });
    expect(c.modelVersion).toBe(model.version);
  });
  it('falls back to spend-based purchased goods/services with low confidence, queued for review', () => {
    const c = classify({ description: 'Qzx 4471 vb', unitCode: 'C62' });
    expect(c).toMatchObject({ source: 'spend_fallback', confidence: 0.3, status: 'needs_review' });
    expect(['purchased_goods', 'purchased_services']).toContain(c.category);
  });
  it('is deterministic', () => {
    const input = { description: 'Kargo gönderi ücreti', unitCode: 'C62', supplierName: 'Aras Kargo' };
    expect(classify(input)).toEqual(classify(input));
  });
});

describe('round-3 and round-4 vocabulary and head-noun patterns (issue 14 item 5)', () => {
  it.each([
    // A reactive charge in kWh or by the piece is a power-factor penalty; in kvarh (K3) it stays an uncounted electricity line.
    ['Reaktif Kapasitif Bedel', 'C62', undefined, 'not_emission'],
    // A circuit breaker rated in amperes is a part, not insurance.
    ['Otomatik sigorta C25 tek kutup', 'C62', undefined, 'purchased_goods'],
    ['Pano sigorta B16', 'C62', undefined, 'purchased_goods'],
    // A commodity named after a container or a work on it specifies it; an additive is not the fuel even in litres.
    ['Yakıt tankı (motorin) 5 ton', 'C62', undefined, 'capital_goods'],
    ['Motorin katkısı', 'LTR', undefined, 'purchased_goods'],
    ['Motorin (katkılı)', 'LTR', undefined, 'diesel'],
    ['Kombi bakımı doğalgazlı', 'C62', undefined, 'purchased_services'],
    // A broad rule's phrase that occurs twice is read at its last occurrence.
    ['Sayaç Değişim Bedeli - kombi sayacı', 'C62', undefined, 'purchased_services'],
    ['Transfer otel - havalimanı', 'C62', undefined, 'business_travel_ground'],
    ['Taksi otel - fabrika', 'C62', undefined, 'business_travel_ground'],
    ['Otopark ücreti 2 gün', 'DAY', undefined, 'purchased_services'],
    ['HGS geçiş ücreti', 'C62', undefined, 'purchased_services'],
    ['LNG teslimi tanker ile - fırın hattı', 'TNE', undefined, 'natural_gas'],
    // "R22.5" is a tyre size; a gas beside a BTU rating is the air conditioner's.
    ['Kamyon lastiği 295/80 R22.5', 'C62', undefined, 'purchased_goods'],
    ['Split klima 18000 BTU R410A', 'C62', undefined, 'capital_goods'],
    ['Hizmet faturası sefer 45', 'C62', 'Doğu Lojistik A.Ş.', 'freight'],
    ['Aylık bedel', 'MON', 'Yıldız Personel Taşımacılık Ltd. Şti.', 'employee_commuting'],
    ['Ek sefer cumartesi', 'C62', 'Servisçi Mehmet Turizm Taşımacılık', 'employee_commuting'],
    ['İşçi taşıma 3 araç', 'MON', undefined, 'employee_commuting'],
    ['Hizmet bedeli Mart', 'MTQ', 'İzmir Su ve Kanalizasyon İdaresi', 'water'],
    ['Bekleme ücreti 1 gün', 'DAY', undefined, 'not_emission'],
    // A return or credit note is no purchase; a hire car's return is left to the hire.
    ['İade - kırık palet', 'C62', undefined, 'not_emission'],
    ['Gutschrift Rechnung 4711', 'C62', undefined, 'not_emission'],
    ['Reinigung Büro März', 'MON', undefined, 'purchased_services'],
    ['Reparatur Hydraulikpumpe', 'C62', undefined, 'purchased_services'],
    ['Kayıp Kaçak Bedeli', 'KWH', undefined, 'electricity'],
    ['Trafo kayıpları bedeli', 'KWH', undefined, 'electricity'],
    ['Gaz açma bedeli', 'C62', 'Anadolu Gaz Dağıtım A.Ş.', 'purchased_services'],
    ['Filo araç yıkama', 'C62', undefined, 'purchased_services'],
    ['Zincirli testere zinciri', 'C62', undefined, 'purchased_goods'],
    ['Hidrolik pres 100 ton', 'C62', undefined, 'capital_goods'],
    ['Chiller 80 kW', 'C62', undefined, 'capital_goods'],
    ['Entsorgung Bauschutt', 'TNE', undefined, 'waste'],
    ['Jobticket Juli', 'C62', undefined, 'employee_commuting'],
    ['Wartung Kompressor', 'C62', undefined, 'purchased_services'],
    // Round 4.
    // A laboratory reagent is a consumable, not a reactive-energy charge; the bill's reactive phrase still is.
    ['CRP reaktif kiti', 'BX', undefined, 'purchased_goods'],
    ['Reaktif enerji bedeli', 'C62', undefined, 'not_emission'],
    // "gsm" after a weight is grammage.
    ['Banyo havlusu 500 gsm', 'C62', undefined, 'purchased_goods'],
    ['Hasta transfer hizmeti ambulans ile', 'C62', undefined, 'purchased_services'],
    ['Medikal oksijen tüp dolumu', 'KGM', undefined, 'purchased_goods'],
    ['Buhar otoklavı 300 lt', 'C62', undefined, 'capital_goods'],
    // A parenthetical is a note on the head; the head window stops at a work on the commodity.
    ['Akü 12V 60Ah (ambulans)', 'C62', undefined, 'purchased_goods'],
    ['Atık yağ toplama (mutfak fritözü)', 'LTR', undefined, 'waste'],
    // Round 5: sector heads (construction, agriculture, IT), tickets as heads, -li attributes, waste hauling.
    ['Paletli ekskavatör 22 ton', 'C62', undefined, 'capital_goods'],
    ['Ekskavatör kiralama aylık', 'MON', undefined, 'leased_assets'],
    ['Kule vinç bakımı', 'C62', undefined, 'purchased_services'],
    ['Taşeron hakediş no:7 - kaba inşaat', 'C62', undefined, 'purchased_services'],
    ['Kompoze gübre 20-20-0', 'TNE', undefined, 'purchased_goods'],
    ['Buğday tohumu sertifikalı', 'KGM', undefined, 'purchased_goods'],
    ['Akıllı tahta 86 inç', 'C62', undefined, 'capital_goods'],
    ['Uçak bileti genel müdür ADB-IST', 'C62', undefined, 'business_travel_air'],
    ['Otobüs bileti Ankara-Konya PNR 1234', 'C62', undefined, 'business_travel_ground'],
    ['Dökme LPG tankı 5 m3 LPG\'li', 'C62', undefined, 'capital_goods'],
    ['Sıcak su kazanı doğalgazlı 250 kW', 'C62', undefined, 'capital_goods'],
    ['Moloz nakliyesi döküm sahasına', 'C62', undefined, 'waste'],
    ['Evrak imha 12 kutu', 'C62', undefined, 'waste'],
    ['Kargo gönderimi - proje çizimleri', 'C62', undefined, 'freight'],
    ['Kurye yeleği reflektörlü', 'C62', undefined, 'purchased_goods'],
    ['Motorin ÖTV dahil', 'LTR', undefined, 'diesel'],
    // A device named as what a part is for is not the head.
    ['Rulman seti pompa için', 'SET', undefined, 'purchased_goods'],
    ['Sıcak su kazanı için doğalgaz brülörü', 'C62', undefined, 'capital_goods'],
  ] as const)('%s (%s, %s) → %s by a keyword rule', (description, unitCode, supplierName, category) => {
    expect(classify({ description, unitCode, ...(supplierName ? { supplierName } : {}) })).toMatchObject({ category, source: 'keyword_rule' });
  });
});
