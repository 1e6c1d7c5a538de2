/**
 * Head nouns of Turkish sectors the bill vocabulary does not reach (construction, agriculture, food, education,
 * logistics, manufacturing, IT), written from general knowledge of each trade, not from any labelled line. They
 * join the broad head-noun rules of keyword-lexicon.ts (weak 0.85, the last phrase in the line wins), so a work or
 * a hire named after the asset ("ekskavatör kiralama", "vinç bakımı") still decides.
 */

/** Machinery, vehicles, plant and durable equipment bought as assets. */
export const SECTOR_CAPITAL: readonly string[] = [
  // construction plant and site equipment
  'ekskavator*', 'excavator*', 'kazici yukleyici*', 'beko loder*', 'loder*', 'wheel loader*', 'dozer*', 'buldozer*', 'greyder*', 'kompaktor*',
  'silindir compactor*', 'kule vinc*', 'mobil vinc*', 'paletli vinc*', 'transmikser*', 'beton santral*', 'kirici hammer*', 'hidrolik kirici*', 'delici makine*',
  'kalip seti*', 'tunel kalip*', 'yasam konteyner*', 'yatakhane konteyner*', 'santiye konteyner*', 'prefabrik ofis*', 'prefabrik yapi*', 'asansor', 'asansoru', 'yuruyen merdiven*',
  'elevator*', 'escalator*', 'pickup*', 'pick up', 'damperli kamyon*', 'ambulans alim*', 'araci alim*',
  // agriculture
  'bicerdover*', 'balya makine*', 'pulluk*', 'mibzer*', 'ilaclama makine*', 'romork*', 'sera sistem*',
  // manufacturing and logistics
  'cnc*', 'torna*', 'freze*', 'enjeksiyon makine*', 'robot*', 'konveyor*', 'conveyor*', 'paketleme makine*', 'dolum makine*', 'raf sistem*', 'istif makine*',
  'buhar kazan*', 'kalorifer kazan*', 'sogutma kule*', 'brulor*', 'burner*', 'makasli platform*', 'hidrolik platform*', 'manlift*', 'yuk asansor*', 'reach truck*', 'istif arac*',
  'trafo alim*', 'transformator*', 'invertor*', 'inverter*', 'olcum cihaz*', 'drone*', 'dron',
  // IT, education and office
  'storage array*', 'disk array*', 'appliance*', 'el terminal*', 'barkod okuyucu*', 'el bilgisayar*', 'handheld*', 'workstation*', 'is istasyonu',
  'akilli tahta*', 'etkilesimli tahta*', 'interactive board*', 'mikroskop*', 'santrifuj*', 'spektrofotometre*', 'sarj istasyon*', 'charging station*', 'wallbox*',
  'su sebil*', 'sebil', 'sebili',
  // an instalment on a device is the device ("Cihaz taksidi - akıllı telefon")
  'cihaz taksit*', 'telefon taksit*',
];

/** Materials, inputs and consumables of those trades. */
export const SECTOR_GOODS: readonly string[] = [
  // construction materials and site consumables
  'beton', 'betonu', 'agrega*', 'kum', 'cakil*', 'alci*', 'siva', 'briket*', 'gazbeton*', 'kiremit*', 'parke*', 'laminat*', 'mermer*', 'granit*',
  'membran*', 'tas yunu*', 'cam yunu*', 'xps', 'eps', 'pvc*', 'isicam*', 'vetrocamera*', 'kelepce*', 'ankraj*', 'dubel*', 'halat*', 'sapan*', 'aksesuar*',
  'projektor*', 'armatur*', 'isitici*', 'kask*', 'yelek*', 'helmet*', 'batarya*', 'battery*', 'tuz', 'tuzu', 'tablet tuz*', 'nozul*', 'nozzle*', 'memesi',
  // agriculture
  'gubre*', 'tohum*', 'fide', 'fidesi', 'fidan*', 'yem', 'yemi', 'hayvan yem*', 'zirai ilac*', 'pestisit*', 'herbisit*', 'fungisit*', 'insektisit*', 'silaj*', 'saman*', 'yonca*',
  // food
  'sut', 'sutu', 'yogurt*', 'tavuk*', 'kiyma*', 'sebze*', 'zeytinyag*', 'aycicek yag*', 'makarna*', 'bulgur*', 'mercimek*', 'nohut*', 'salca*', 'baharat*', 'yumurta*', 'tereyag*',
  // education, IT parts and packaging
  'kitap*', 'oyuncak*', 'tebesir*', 'materyal*', 'bellek*', 'harddisk*', 'packaging*', 'sticker*',
  // packaging, textile, automotive parts and chemicals of manufacturing
  'kopuk*', 'balonlu naylon*', 'naylon*', 'jelatin*', 'iplik*', 'kumas*', 'elyaf*', 'pamuk*', 'polyester*', 'fermuar*', 'dugme*', 'astar*',
  'balata*', 'amortisor*', 'buji*', 'silecek*', 'kostik*', 'hidroklorik*', 'sulfurik*', 'klor', 'hidrojen peroksit*', 'recine*', 'epoksi*', 'silikon*',
  'tutkal*', 'yapistirici*', 'macun*', 'nisasta*', 'maya', 'mayasi', 'kakao*', 'cikolata*', 'findik*', 'domates*', 'patates*', 'sogan*', 'balik*',
  'ilac', 'ilaci', 'ilaclar*',
];

/** Works, contracts and professional services of those trades. */
export const SECTOR_SERVICES: readonly string[] = [
  // construction contracts: a subcontractor's progress payment is the work
  'hakedis*', 'hak edis*', 'taseron*', 'sondaj*', 'deney*', 'deneyi', 'numune alim*', 'zemin etud*', 'jeoteknik*', 'gozetim*', 'ekspertiz*', 'mimarlik*',
  'muhendislik*', 'harita*', 'rolove*', 'aplikasyon*',
  // staffing, contract manufacturing, farm and school services, software
  'personel kiralama*', 'gecici personel*', 'isci temin*', 'fason*', 'boyama hizmet*', 'kaplama hizmet*', 'isil islem*', 'lazer kesim*', 'kesim hizmet*',
  'veteriner*', 'hasat*', 'budama*', 'egitim hizmet*', 'ders ucret*', 'ogrenim ucret*', 'seminer ucret*', 'seminer katilim*', 'sinav ucret*', 'lisans*', 'abonelik*',
  'barindirma*', 'bulut hizmet*', 'sosyal medya*', 'seo',
  // hire with an operator is a service, not an asset the company operates
  'operatorlu*', 'with operator', 'mit bediener*',
  // media, events and online operations
  'cekim*', 'produksiyon*', 'tasarim*', 'registration*', 'bandwidth*', 'cdn', 'handling fee*', 'chargeback*', 'processing fee*',
];
