import { mix32 } from './random.js';
import type { PartyId } from './draft.js';

/** A site of the receiving organization with its utility meters; stable per customer VKN. */
export interface Facility {
  name: string;
  installationNo: string;
  meterNo: string;
  subscriberNo: string;
}

const siteNames = ['Merkez Ofis', 'Gebze Fabrika', 'Tuzla Lojistik Depo', 'Ankara Bölge Ofisi'];
const cache = new Map<string, { facilities: Facility[]; plates: string[]; prefix: string }>();

function digits(seed: number, n: number): string {
  let out = '';
  for (let h = seed; out.length < n; h = mix32(h + 0x9e3779b9)) out += String(h % 100_000);
  return (String((seed % 9) + 1) + out).slice(0, n);
}

function profileOf(vkn: string): { facilities: Facility[]; plates: string[]; prefix: string } {
  const hit = cache.get(vkn);
  if (hit) return hit;
  const base = mix32(Number(vkn.slice(0, 9)) ^ 0xfac1);
  const facilities = siteNames.map((name, i) => ({
    name,
    installationNo: digits(mix32(base + i * 3 + 1), 8),
    meterNo: digits(mix32(base + i * 3 + 2), 9),
    subscriberNo: digits(mix32(base + i * 3 + 3), 7),
  }));
  const letters = 'ABCDEFGHJKLMNPRSTUVYZ';
  const plates = Array.from({ length: 9 }, (_, i) => {
    const h = mix32(base + 100 + i);
    const l = (k: number) => letters[(h >>> (k * 5)) % letters.length] ?? 'A';
    return `${['34', '41', '06', '16'][h % 4]} ${l(1)}${l(2)}${h % 3 === 0 ? l(3) : ''} ${100 + (h % 900)}`;
  });
  const profile = { facilities, plates, prefix: `S${'ABCDEFGHJKLMNPRSTUVYZ'[base % 21]}${'ABCDEFGHJKLMNPRSTUVYZ'[(base >>> 8) % 21]}` };
  cache.set(vkn, profile);
  return profile;
}

export const facilitiesOf = (vkn: string): readonly Facility[] => profileOf(vkn).facilities;
/** Company vehicle plates (fuel-card and car-rental lines). */
export const platesOf = (vkn: string): readonly string[] => profileOf(vkn).plates;
/** The organization's own sales series, referenced by returns (IADE) its customers send back. */
export const salesPrefixOf = (vkn: string): string => profileOf(vkn).prefix;

export function utilityIds(f: Facility, withSubscriber: boolean): PartyId[] {
  const ids = [
    { scheme: 'TESISATNO', id: f.installationNo },
    { scheme: 'SAYACNO', id: f.meterNo },
  ];
  return withSubscriber ? [...ids, { scheme: 'ABONENO', id: f.subscriberNo }] : ids;
}
