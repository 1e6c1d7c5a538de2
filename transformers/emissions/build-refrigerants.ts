/**
 * Refrigerant factors (kg CO2e per kg of gas) for the factor library: for each designation in
 * refrigerants.csv, the mass-weighted sum of its species' GWP-100 from the GWP table, once per GWP basis.
 * Pure: build.ts hands in the files' text and SHA-256.
 */
import { add, dec, mul, toPlainText } from '../decimal/index.js';
import { csvRecords } from './csv.js';
import { EmissionFactor, GWP_BASES, refrigerantFactorKey, type GwpBasis } from './factor.js';

export const GWP_FILE = 'source/globalwarmingpotentials.csv';
export const REFRIGERANTS_FILE = 'refrigerants.csv';

export interface RefrigerantSources { gwp: { text: string; sha256: string }; refrigerants: { text: string } }

class RefrigerantSourceError extends Error {
  override name = 'RefrigerantSourceError';
  constructor(file: string, message: string) { super(`${file}: ${message}`); }
}

const GWP_COLUMN: Readonly<Record<GwpBasis, string>> = { AR4: 'AR4GWP100', AR5: 'AR5GWP100', AR6: 'AR6GWP100' };
const GWP_EDITION: Readonly<Record<GwpBasis, string>> = {
  AR4: 'IPCC AR4 GWP-100 (GHG Protocol GWP table, Feb 2016)',
  AR5: 'IPCC AR5 GWP-100 (GHG Protocol GWP table, Feb 2016)',
  AR6: 'IPCC AR6 WG1 GWP-100 (Chapter 7 SM Table 7.SM.7)',
};

function gwpTable(text: string): Map<string, Record<string, string>> {
  // The file opens with '#' comment lines naming its sources.
  const body = text.split(/\r?\n/).filter((l) => !l.startsWith('#')).join('\n');
  return new Map(csvRecords(body, GWP_FILE).map((r) => [r.Species ?? '', r]));
}

export function refrigerantFactors(files: RefrigerantSources): EmissionFactor[] {
  const gwp = gwpTable(files.gwp.text);
  const blends = new Map<string, { species: string; percent: string }[]>();
  for (const r of csvRecords(files.refrigerants.text, REFRIGERANTS_FILE)) {
    blends.set(r.designation ?? '', [...(blends.get(r.designation ?? '') ?? []), { species: r.species ?? '', percent: r.mass_percent ?? '' }]);
  }
  return [...blends].flatMap(([designation, parts]) => {
    const total = parts.reduce((s, p) => add(s, dec(p.percent, `${designation} mass_percent`)), dec('0'));
    if (toPlainText(total) !== '100') throw new RefrigerantSourceError(REFRIGERANTS_FILE, `${designation} composition sums to ${toPlainText(total)} %, not 100`);
    return GWP_BASES.map((basis) => {
      const terms = parts.map((p) => {
        const value = gwp.get(p.species)?.[GWP_COLUMN[basis]];
        if (!value) throw new RefrigerantSourceError(GWP_FILE, `no ${GWP_COLUMN[basis]} for ${p.species} (${designation})`);
        return { ...p, value };
      });
      const sum = terms.reduce((s, t) => add(s, mul(dec(t.value), dec(t.percent))), dec('0'));
      return EmissionFactor.parse({
        key: refrigerantFactorKey(designation, basis), edition: GWP_EDITION[basis], category: 'refrigerant', scope: 1, scope3Category: null,
        method: 'activity', unit: 'kg', value: toPlainText(mul(sum, dec('0.01'))), currencyYear: null, priceBasis: null, tag: '[V3]',
        gwpBasis: basis, source: `${designation} GWP-100 ${basis}: ${terms.map((t) => `${t.percent} % ${t.species} × ${t.value}`).join(' + ')} (openclimatedata/globalwarmingpotentials 0.13.1)`,
        sourceUrl: 'https://github.com/openclimatedata/globalwarmingpotentials', licence: 'CC0 1.0', sourceSha256: files.gwp.sha256,
        sourceRow: `${GWP_COLUMN[basis]} of ${terms.map((t) => t.species).join(', ')}; ${REFRIGERANTS_FILE} ${designation}`,
        includesRf: null, geography: null, notes: 'fugitive emissions: kg of refrigerant charged (refilled) × GWP',
      });
    });
  });
}
