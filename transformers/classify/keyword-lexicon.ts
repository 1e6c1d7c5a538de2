/**
 * Keyword rules beyond the Turkish bill vocabulary of keyword-rules.ts: charges that are no emission (deposits,
 * advances, local taxes, penalties, termination fees), the trade and folded names of fuels (MAZOT, EN590,
 * Super E10, Heizöl), the English and German lines of foreign suppliers, and the head nouns of works, devices
 * and consumables that decide the broad categories. Same phrase syntax and confidence policy as keyword-rules.ts.
 */
import type { KeywordRule } from './keyword-rules.js';
import { SECTOR_CAPITAL, SECTOR_GOODS, SECTOR_SERVICES } from './sector-lexicon.js';
import { ENERGY_UNITS, FUEL_UNITS, PHYSICAL_UNITS } from './unit-codes.js';

/** A server rented by the month or hour (VPS, hosting, cloud) is a hosting service, not a leased asset. */
export const HOSTING_WORDS: readonly string[] = ['sunucu*', 'server*', 'vps', 'hosting*', 'bulut*', 'cloud*'];

/** Evaluated first: a deposit on an LPG tank or a city tax on a hotel bill is neither LPG nor a stay. */
export const nonEmissionLexicon: readonly KeywordRule[] = [
  {
    id: 'kw.finance.deposit_advance', category: 'not_emission', confidence: 0.9, notUnits: PHYSICAL_UNITS,
    phrases: ['depozito*', 'kapora*', 'avans*', 'on odeme*', 'pesinat*', 'deposit', 'security deposit', 'advance payment*', 'prepayment*', 'down payment', 'kaution',
      'refund*', 'bedeli iadesi', 'bedel iade*', 'ucret iade*', 'iade kesinti*', 'iade tutar*'],
  },
  // A return ("İade - hatalı koli", a credit note) is no purchase (the conventions' non-emission list); a hire car's return is the hire.
  { id: 'kw.finance.return', category: 'not_emission', confidence: 0.9, notUnits: PHYSICAL_UNITS, unless: ['arac*', 'teslim*', 'kargo*', 'nakliye*', 'gonderi*', 'shipping*'], phrases: ['iade', 'iadesi', 'iade faturasi', 'credit note*', 'gutschrift*', 'return credit*'] },
  {
    id: 'kw.finance.levy_penalty', category: 'not_emission', confidence: 0.9, notUnits: PHYSICAL_UNITS,
    unless: ['danismanlik*', 'hizmet*', 'musavir*'],
    phrases: [
      'harc', 'harci', 'harclar*', 'konaklama vergi*', 'havalimani vergi*', 'havaalani vergi*', 'gumruk vergi*', 'vergi fark*', 'fesih*', 'tazminat*', 'hasar bedel*',
      'cayma bedel*', 'bekleme ucret*', 'bekleme bedel*', 'waiting time*', 'standgeld*', 'taahhut boz*', 'taahhut ceza*', 'taahhut iptal*', 'no show', 'noshow', 'demuraj*', 'ciro prim*', 'trafik ceza*', 'degisiklik ceza*',
      'city tax', 'tourist tax', 'tourism levy', 'airport tax*', 'customs duty', 'stamp duty', 'late payment*', 'interest', 'penalty', 'demurrage*', 'detention*',
      'damage charge*', 'termination fee*', 'cancellation fee*', 'discount', 'rebate', 'tourism fee*', 'tourism dirham*', 'municipality fee*',
      'municipal fee*', 'municipal tax*', 'change fee*', 'import duty*', 'duty advanced*', 'duties advanced*', 'differenza cambi*', 'differenze cambi*', 'ecart de change*', 'kursdifferenz*', 'exchange rate diff*', 'fx difference*', 'currency difference*', 'vat', 'sales tax*', 'withholding tax*', 'rabatt', 'skonto', 'kurtaxe', 'mahngebuhr*', 'verzugszins*',
    ],
  },
];

/** Trade names, abbreviations and foreign-language lines of the commodity categories (after the Turkish rules). */
export const commodityLexicon: readonly KeywordRule[] = [
  { id: 'kw.fuel.diesel.trade', category: 'diesel', phrases: ['mazot*', 'en590', 'en 590', 'd2', 'euro dizel*', 'dizel', 'diesel', 'gasoil*', 'gas oil', 'mgo', 'mot'], units: FUEL_UNITS, confidence: 0.9 },
  { id: 'kw.fuel.petrol.trade', category: 'petrol', phrases: ['super e10', 'super e5', 'super plus*', 'super 95', 'superbenzin*', 'gasoline*', 'unleaded*', 'petrol', 'bnz*', 'k benzin*', 'v max*', 'ultimate 95*'], units: FUEL_UNITS, confidence: 0.9 },
  { id: 'kw.fuel.fuel_oil.trade', category: 'fuel_oil', phrases: ['heizol*', 'heating oil*', 'hfo*', 'f oil*', 'mazut*', 'fuel oil*', 'kalorifer yakit*', 'kalyak'], confidence: 0.9 },
  { id: 'kw.fuel.lpg.trade', category: 'lpg', phrases: ['autogas', 'oto gaz*', 'propane*', 'propan tup*', 'butan kartus*', 'gaz kartus*', 'tup dolum*', 'lpg dolum*', 'lpg tup*'], unless: ['argon*', 'oksijen*', 'azot*', 'co2', 'karbondioksit*', 'nitrogen*', 'helyum*', 'asetilen*', 'yangin*'], confidence: 0.9 },
  { id: 'kw.gas.foreign', category: 'natural_gas', phrases: ['natural gas*', 'gas consumption*', 'gas supply*', 'gas bill*', 'erdgas*', 'lng', 'cng'], confidence: 0.9 },
  { id: 'kw.electricity.network_foreign', category: 'electricity', phrases: ['netznutzung*', 'network charge*', 'distribution charge*', 'transmission charge*', 'dagitm*', 'dagtim*'], units: ENERGY_UNITS, confidence: 0.9, countsActivity: false },
  { id: 'kw.electricity.foreign', category: 'electricity', phrases: ['electricity*', 'electric power', 'power consumption*', 'ev charging*', 'charging session*', 'strom*', 'arbeitspreis*', 'day rate', 'night rate', 'peak rate', 'elk enerji*', 'elektrik gider*'], confidence: 0.9 },
  { id: 'kw.water.foreign', category: 'water', phrases: ['water supply', 'water charge*', 'water consumption', 'water bill*', 'water and sewerage*', 'sewerage*', 'sewage*', 'wastewater*', 'trinkwasser*', 'abwasser*', 'wasser', 'wasserversorgung*', 'wasserverbrauch*', 'wassergeld*', 'wassergebuhr*', 'frischwasser*', 'tanker su*', 'su tankeri*'], confidence: 0.9 },
  { id: 'kw.refrigerant.trade', category: 'refrigerant', phrases: ['freon*', 'kaltemittel*', 'refrigerant*', 'klimaya gaz*', 'gaz basim*'], confidence: 0.9 },
  { id: 'kw.travel.air.foreign', category: 'business_travel_air', phrases: ['airfare*', 'air ticket*', 'air travel*', 'excess baggage*', 'fazla bagaj*', 'ek bagaj*', 'baggage*', 'seat selection*', 'koltuk secim*', 'jet kiralama*', 'charter ucus*', 'yolcu tasima*', 'flug*', 'priority boarding*', 'fast track*', 'lounge*', 'upgrade ucret*', 'bilet degisiklik*'], confidence: 0.9 },
  { id: 'kw.travel.hotel.foreign', category: 'business_travel_hotel', phrases: ['hotel*', 'room night*', 'lodging*', 'ubernachtung*', 'hebergement*', 'nuitee*', 'minibar*', 'oda servis*', 'room service', 'early check in*', 'late check out*'], confidence: 0.9 },
  { id: 'kw.travel.ground.foreign', category: 'business_travel_ground', phrases: ['car hire*', 'car rental*', 'ride hailing*', 'rideshare*', 'train ticket*', 'rail ticket*', 'bus ticket*', 'airport shuttle*', 'shuttle transfer*', 'zugticket*', 'bahnticket*', 'mietwagen*', 'intercity*', 'ferry*', 'uber*', 'yht bilet*', 'vapur*', 'deniz otobus*', 'drop off fee*', 'one way fee*', 'refuelling charge*', 'refueling charge*', 'biglietto*', 'billet de train*'], notUnits: ['MON', 'ANN'], confidence: 0.9 },
  {
    id: 'kw.freight.foreign', category: 'freight', confidence: 0.9,
    phrases: ['ocean freight*', 'sea freight*', 'air freight*', 'road freight*', 'rail freight*', 'freight*', 'shipping*', 'courier*', 'express delivery*', 'thc*', 'terminal handling*', 'bill of lading*', 'awb*', 'postage*', 'customs clearance*', 'forwarding*', 'haulage*', 'trucking*', 'fracht*', 'warehousing*', 'storage and handling*', 'pallet storage*', 'waybill*', 'air waybill*', 'customs brokerage*', 'antrepo*', 'palet tasima*', 'konteyner tasima*', 'baf', 'bunker adjustment*', 'esya tasima*', 'parca esya*', 'tup tasima*', 'nakliy*', 'nakli', 'sevkiyat*', 'navlun*', 'trasporto*', 'trasporti*', 'spedizion*', 'transporte*', 'last mile*', 'parcel*', 'son mil*', 'koli tasima*', 'palet basi depolama*', '3pl'], unless: ['hasta*', 'ambulans*'],
  },
  { id: 'kw.waste.foreign', category: 'waste', phrases: ['waste*', 'recycling*', 'abfall*', 'mullabfuhr*', 'vidanjor*', 'fosseptik*', 'evrak imha*', 'imha hizmet*', 'geri kazanim*', 'hurda*', 'entsorgung*', 'abfallentsorgung*', 'altol*', 'imha', 'imhasi', 'imha bedel*', 'fiziksel imha*', 'destruction*', 'shredding*', 'dokum sahas*', 'dokum bedel*', 'moloz kabul*', 'hafriyat kabul*'], confidence: 0.9 },
  { id: 'kw.commuting.foreign', category: 'employee_commuting', phrases: ['jobticket*', 'job ticket*', 'commuter*', 'commuting*', 'employee shuttle*', 'staff shuttle*', 'ise gidis*', 'ulasim kart*', 'toplu tasima kart*', 'toplu ulasim*', 'akbil*', 'istanbulkart*'], confidence: 0.9 },
];

/** Generic lines that only the supplier's kind explains (after the commodity rules: the line's own words win). */
export const supplierLexicon: readonly KeywordRule[] = [
  { id: 'kw.supplier.water', category: 'water', supplier: 'water', phrases: ['tuketim*', 'kullanim bedel*', 'aylik bedel*', 'fatura bedel*', 'consumption*', 'charge*', 'verbrauch*'], unless: ['sayac*', 'baglanti*', 'abone*'], confidence: 0.9 },
  // A generic line in cubic metres on a water utility's invoice is its water ("Hizmet bedeli … Tesisat 3310").
  { id: 'kw.supplier.water_unit', category: 'water', supplier: 'water', phrases: [], units: ['MTQ', 'R9'], unless: ['sayac*', 'baglanti*', 'abone*'], confidence: 0.9 },
  { id: 'kw.supplier.waste', category: 'waste', supplier: 'waste', phrases: ['hizmet bedel*', 'aylik bedel*', 'hizmet*', 'toplama*', 'tasima*', 'konteyner*', 'service*', 'collection*'], unless: ['yazilim*', 'danismanlik*', 'egitim*', 'analiz*'], confidence: 0.9 },
  { id: 'kw.supplier.staff_shuttle', category: 'employee_commuting', supplier: 'staff_shuttle', phrases: ['hizmet bedel*', 'aylik bedel*', 'servis*', 'hat', 'km*', 'guzergah*', 'sefer*', 'tasima*', 'shuttle*', 'service*'], unless: ['bakim*', 'tamir*', 'lastik*', 'alim*'], confidence: 0.9 },
  {
    id: 'kw.supplier.hotel', category: 'business_travel_hotel', supplier: 'hotel', confidence: 0.9, unless: ['toplanti*', 'salon*', 'organizasyon*', 'etkinlik*', 'meeting*', 'conference*'],
    phrases: ['minibar*', 'yemek*', 'yemeg*', 'aksam yemeg*', 'ogle yemeg*', 'kahvalti*', 'oda*', 'camasir*', 'laundry*', 'room*', 'restoran*', 'restaurant*', 'bar', 'icecek*', 'erken giris*', 'gec cikis*', 'otopark*', 'parking*', 'spa*', 'breakfast*', 'dinner*'],
  },
  { id: 'kw.supplier.airline', category: 'business_travel_air', supplier: 'airline', phrases: ['tasima bedel*', 'bilet*', 'bagaj*', 'koltuk*', 'surcharge*', 'fare*', 'ticket*', 'yolcu*', 'ucret*'], unless: ['kargo*', 'cargo*', 'freight*', 'vergi*', 'harc*', 'ceza*', 'iade*', 'tax*', 'penalty*'], confidence: 0.9 },
  { id: 'kw.supplier.courier', category: 'freight', supplier: 'courier', phrases: ['gonderi*', 'teslimat*', 'dagitim*', 'hizmet bedel*', 'hizmet fatura*', 'sefer*', 'tasima*', 'alim*', 'son mil*', 'delivery*', 'shipment*', 'zarf*', 'koli*', 'paket*', 'desi', 'desisi', 'desili'], unless: ['sigorta*', 'yazilim*', 'ambalaj*'], confidence: 0.9 },
];

/** Head nouns of works, devices and consumables (after the commodity rules, so their modifiers were seen first). */
export const broadLexicon: readonly KeywordRule[] = [
  {
    id: 'kw.services.works', category: 'purchased_services', confidence: 0.85, rightmost: true,
    phrases: [
      'montaj*', 'demontaj*', 'kurulum*', 'bakim*', 'onarim*', 'tamir*', 'revizyon*', 'iscili*', 'temizlig*', 'temizlik hizmet*', 'analiz*', 'olcum*', 'muayene*',
      'kalibrasyon*', 'servis ucret*', 'servis ve ayar*', 'ayar*', 'degisim*', 'sigorta*', 'komisyon*', 'tahsilat*', 'arsivleme*', 'tarama hizmet*', 'kesme baglama*',
      'baglanti bedel*', 'kesme acma*', 'acma kapama*', 'acma bedel*', 'acma ucret*', 'kesme bedel*', 'kopya bedel*', 'fotokopi hizmet*', 'baski hizmet*', 'ariza*', 'mudahale*', 'sayac*', 'tespit*', 'test*', 'proje', 'projesi', 'proje bedel*', 'proje hizmet*', 'projelendirme*', 'etut*', 'musavirlik*', 'musavirligi', 'reklam*', 'kiralama* reklam*', 'noter*',
      'yenileme*', 'sargi*', 'management fee*', 'frais de gestion*', 'yonetim ucret*', 'kacak arama*', 'consulting*', 'consultancy*', 'legal*', 'attorney*', 'advertising*', 'marketing*', 'subscription*', 'software*', 'saas', 'hosting*', 'cloud*',
      'license*', 'licence*', 'audit*', 'accounting*', 'maintenance*', 'repair*', 'cleaning*', 'security service*', 'training*', 'beratung*', 'bank charge*',
      'insurance*', 'agency fee*', 'service fee*', 'support*', 'services', 'hizmet', 'hizmeti', 'hizmetleri', 'fees', 'report*', 'research*',
      'design*', 'translation*', 'ceviri*', 'tercume*', 'recruitment*', 'membership*', 'uyelik*', 'webinar*', 'retainer*', 'denetim*', 'sertifikasyon*',
      'yikama*', 'kargo takip*', 'organizasyon*', 'ilaclama*', 'peyzaj*', 'hasere*', 'pest control*', 'landscaping*', 'payroll*',
      'conference fee*', 'registration fee*', 'banka masraf*', 'hesap isletim*', 'eft', 'havale*', 'kasko*', 'police*', 'avukat*', 'hukuk*',
      'reparatur*', 'reinigung*', 'versicherung*', 'schulung*', 'lizenz*', 'honorar*', 'montage*', 'instandhaltung*', 'stationery*',
      'muhasebe*', 'bordro*', 'kursu', 'kurs ucret*', 'bank fee*', 'bank charges', 'transaction fee*', 'wire fee*', 'domain*', 'ssl*', 'colocation*', 'data center*', 'printing*', 'tescil*', 'basvuru*', 'rapor*', 'raporlama*',
      ...SECTOR_SERVICES,
    ],
  },
  // Hire by the day or hour is a service the text model decides (kw.leased.hire_monthly is the lease by the month).
  { id: 'kw.leased.hire', category: 'leased_assets', confidence: 0.85, rightmost: true, notUnits: ['DAY', 'HUR'], phrases: ['kiralama*', 'kiralamasi', 'kira bedel*', 'kirasi', 'rental*', 'rent', 'lease*', 'leasing*', 'hire*', 'miete*', 'buromiete*', 'bueromiete*', 'mietzins*'], unless: HOSTING_WORDS },
  {
    id: 'kw.capital.assets', category: 'capital_goods', confidence: 0.85, rightmost: true,
    phrases: [
      'mobilya*', 'ofis masa*', 'calisma masa*', 'toplanti masa*', 'sandalye*', 'ofis koltug*', 'calisma koltug*', 'yonetici koltug*', 'ergonomik koltug*', 'dolap*', 'server*', 'sunucu*', 'tablet*', 'laptop*', 'notebook bilgisayar*', 'monitor*',
      'yazici*', 'printer*', 'akilli telefon*', 'cep telefon*', 'cekici*', 'dorse*', 'kamyonet*', 'otomobil*', 'forklift*', 'jenerator*', 'kombi*', 'kazan', 'kazani', 'klima*',
      'ups', 'gunes panel*', 'solar panel*', 'konteyner ofis*', 'turnike*', 'kamera*', 'terazi*', 'tezgah*', 'makine*', 'makina*', 'kompresor*', 'pano*', 'panosu',
      'pompa', 'pompasi', 'pompalar*', 'pump*', 'tank', 'tanki', 'bisiklet*', 'minibus*', 'midibus*', 'panelvan*', 'kasa imalat*', 'vehicle purchase*', 'purchase',
      'buzdolab*', 'camasir makine*', 'bulasik makine*', 'televizyon*', 'projeksiyon*', 'kamyon', 'traktor*', 'chair*', 'desk*', 'furniture*',
      'machine*', 'chiller*', 'sogutma grub*', 'pres', 'presi', 'abkant*', 'kuhlschrank*', 'equipment purchase*', 'ekipman alim*', 'cihaz alim*', 'iphone*', 'galaxy*', 'handset*',
      'otoklav*', 'autoclave*', 'sterilizator*', 'sterilisator*', 'dampfsterilisator*', 'defibrilator*', 'rontgen*', 'x ray*', 'mri', 'tomograf*', 'ultrason cihaz*', 'ventilator*',
      'yazar kasa*', 'pos cihaz*', 'pos terminal*', 'gondol*', 'ironer*', 'utu silindir*', 'blast chiller*', 'sok sogutucu*', 'firin*',
      ...SECTOR_CAPITAL,
    ],
  },
  {
    id: 'kw.goods.consumables', category: 'purchased_goods', confidence: 0.85, rightmost: true,
    phrases: [
      'regulator*', 'hortum*', 'bidon*', 'filtre*', 'terlik*', 'dedektor*', 'kova*', 'poset*', 'kutu*', 'koli*', 'kolisi', 'canta*', 'somun*', 'civata*', 'vida*', 'ekmek*',
      'kraker*', 'icecek*', 'argon*', 'oksijen*', 'azot*', 'karbondioksit*', 'co2 gaz*', 'kuru buz*', 'tiner*', 'solvent*', 'white spirit*', 'bitum*', 'yangin sondurme*',
      'katki*', 'kartvizit*', 'brosur*', 'afis*', 'roll up*', 'kagit*', 'kalem*', 'toner*', 'kartus*', 'maske*', 'eldiven*', 'boru*', 'borusu', 'kablo*', 'lamba*', 'ampul*',
      'deterjan*', 'sabun*', 'manifold*', 'aparat*', 'alet*', 'yedek parca*', 'parca*', 'mouse', 'klavye*', 'keyboard*', 'usb*',
      'paper*', 'kapak*', 'salmastra*', 'conta*', 'rulman*', 'kayis*', 'motoru', 'yay', 'yayi',
      'malzeme*', 'kimyasal*', 'cimento*', 'celik*', 'profil*', 'granul*', 'plastik*', 'tel', 'teli', 'tisort*', 'ayakkabi*', 'elbise*', 'kiyafet*',
      'pirinc*', 'seker*', 'cay', 'kahve*', 'asit*', 'soda*', 'pecete*', 'havlu*', 'bardak*', 'tabak*', 'ajanda*', 'defter*', 'zimba*', 'zimpara*',
      'matkap*', 'tornavida*', 'testere*', 'zincir*', 'lastik*', 'lastigi', 'etiket*', 'bant', 'bandi', 'bantlar*', 'strec*', 'aku', 'akusu', 'insaat demir*', 'tugla*', 'hazir beton*', 'seramik*', 'fayans*', 'palet*', 'boya*', 'firca*', 'sunger*', 'supplies', 'cartridge*', 'cable*', 'spare part*', 'consumable*', 'coffee*', 'meyve*', 'temizleyici*', 'dezenfektan*',
      'reaktif kit*', 'reaktifi', 'reaktifleri', 'reagent*', 'reactif*', 'kit', 'kiti', 'indikator*', 'prob', 'probu', 'probe*', 'kateter*', 'kanul*', 'sutur*', 'sonda', 'sondasi', 'sondalar*', 'enjektor*',
      'tek kullanimlik*', 'disposable*', 'onluk*', 'forma*', 'nevresim*', 'carsaf*', 'yastik*', 'battaniye*', 'towel*', 'peynir*', 'vodka*', 'whisky*', 'wine*', 'sarap*', 'bira*', 'beer*', 'raki*',
      ...SECTOR_GOODS,
    ],
  },
];
