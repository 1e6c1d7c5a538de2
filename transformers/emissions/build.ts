/**
 * Builds the committed factor library (data/factor-library.json) from the source files in data/.
 * Pure: the caller reads the files and passes their text and SHA-256; scripts/build-factors.ts writes the result.
 */
import { categoryScopes, CategoryKey } from '../../domain/categories.js';
import { CanonicalUnit } from '../../domain/units.js';
import { csvRecords } from './csv.js';
import { add, compare, dec, mul, toPlainText } from '../decimal/index.js';
import { refrigerantFactors, GWP_FILE, REFRIGERANTS_FILE } from './build-refrigerants.js';
import { EPA_MEDIAN_KEY, EmissionFactor, type FactorLibraryFile } from './factor.js';

export const FACTOR_SET_VERSION = '2025.2';
export const EPA_FILE = 'source/epa_supply_chain_ghg_ef_v1.3.0_naics_co2e_usd2022.csv';
export const ACTIVITY_FILE = 'activity-factors.csv';
export { GWP_FILE, REFRIGERANTS_FILE };

export interface SourceFile { text: string; sha256: string }
export interface SourceManifestEntry { sourceSha256: string | null }

export class FactorSourceError extends Error {
  override name = 'FactorSourceError';
  constructor(readonly file: string, message: string) { super(`${file}: ${message}`); }
}

const nullIfEmpty = (s: string | undefined): string | null => (s && s.trim() !== '' ? s.trim() : null);

function activityFactors(file: SourceFile): EmissionFactor[] {
  return csvRecords(file.text, ACTIVITY_FILE).map((r, i) => {
    const category = CategoryKey.parse(r.category);
    const scope = Number(r.scope);
    return EmissionFactor.parse({
      key: r.key, edition: r.edition, category,
      scope: scope === 1 || scope === 2 || scope === 3 ? scope : null,
      scope3Category: nullIfEmpty(r.scope3_category) ? Number(r.scope3_category) : categoryScopes[category].scope3Category,
      method: 'activity', unit: CanonicalUnit.parse(r.unit), value: r.value,
      currencyYear: null, priceBasis: null, tag: r.tag, gwpBasis: nullIfEmpty(r.gwp_basis), source: r.source, sourceUrl: nullIfEmpty(r.source_url),
      licence: r.licence, sourceSha256: null, sourceRow: `${ACTIVITY_FILE} row ${i + 1}`,
      includesRf: r.includes_rf === 'true' ? true : r.includes_rf === 'false' ? false : null,
      geography: nullIfEmpty(r.geography), notes: r.notes ?? '',
    });
  });
}

const EPA_SOURCE = 'US EPA Supply Chain GHG Emission Factors v1.3.0 (USEEIO, 2022 GHG data), 2017 NAICS-6, "Supply Chain Emission Factors with Margins"';
const EPA_URL = 'https://pasteur.epa.gov/uploads/10.23719/1531143/';
const EPA_LICENCE = 'US Government work, public domain; attribution recommended; no EPA seal or implied endorsement';

/** Factor values are written exact when they terminate within 9 decimals, else rounded to 9. */
const FACTOR_SCALE = 9;

function epaFactors(file: SourceFile): EmissionFactor[] {
  const rows = csvRecords(file.text, EPA_FILE);
  const factors = rows.map((r) => {
    if (r.Unit !== 'kg CO2e/2022 USD, purchaser price') throw new FactorSourceError(EPA_FILE, `unexpected unit "${r.Unit}" for NAICS ${r['2017 NAICS Code']}`);
    return EmissionFactor.parse({
      key: `epa.v1_3.naics.${r['2017 NAICS Code']}`, edition: 'EPA SEF v1.3.0', category: null, scope: 3, scope3Category: null,
      method: 'spend', unit: 'USD', value: toPlainText(dec(r['Supply Chain Emission Factors with Margins'] ?? '', 'with margins'), FACTOR_SCALE),
      currencyYear: '2022', priceBasis: 'purchaser', tag: '[V3]', gwpBasis: null, source: `${EPA_SOURCE}: ${r['2017 NAICS Title']}`, sourceUrl: EPA_URL,
      licence: EPA_LICENCE, sourceSha256: file.sha256, sourceRow: `NAICS ${r['2017 NAICS Code']}`, includesRf: null, geography: 'US',
      notes: `USEEIO ${r['Reference USEEIO Code']}; third-party byte copy of the official release, not yet compared with it`,
    });
  });
  return [...factors, epaMedian(factors, file.sha256)];
}

/** carbon.md §4.2 fallback: the median "with margins" value over all EPA rows (computed, so tagged [I]). */
function epaMedian(factors: EmissionFactor[], sha256: string): EmissionFactor {
  const values = factors.map((f) => dec(f.value)).sort(compare);
  const mid = Math.floor(values.length / 2);
  const lower = values[mid - 1];
  const upper = values[mid];
  if (!lower || !upper) throw new FactorSourceError(EPA_FILE, 'too few rows for a median');
  const median = values.length % 2 === 0 ? mul(add(lower, upper), dec('0.5')) : upper;
  return EmissionFactor.parse({
    key: EPA_MEDIAN_KEY, edition: 'EPA SEF v1.3.0', category: null, scope: 3, scope3Category: 1, method: 'spend', unit: 'USD',
    value: toPlainText(median, FACTOR_SCALE), currencyYear: '2022', priceBasis: 'purchaser', tag: '[I]', gwpBasis: null,
    source: `${EPA_SOURCE}: median over all ${values.length} rows (computed)`, sourceUrl: EPA_URL, licence: EPA_LICENCE,
    sourceSha256: sha256, sourceRow: `median of ${values.length} rows`, includesRf: null, geography: 'US',
    notes: 'fallback for heterogeneous purchased goods and services; always flagged for review',
  });
}

export interface FactorSources { activity: SourceFile; epa: SourceFile; gwp: SourceFile; refrigerants: SourceFile }

/**
 * The library file content. Refuses a source whose SHA-256 differs from the one recorded in
 * data/sources.json, so a silently changed source file cannot change factors.
 */
export function buildFactorLibrary(files: FactorSources, manifest: Record<string, SourceManifestEntry>): FactorLibraryFile {
  const byName: Record<string, SourceFile> = { [ACTIVITY_FILE]: files.activity, [EPA_FILE]: files.epa, [GWP_FILE]: files.gwp, [REFRIGERANTS_FILE]: files.refrigerants };
  for (const name of [EPA_FILE, GWP_FILE]) {
    const recorded = manifest[name]?.sourceSha256 ?? null;
    if (recorded !== byName[name]?.sha256) throw new FactorSourceError(name, `SHA-256 ${byName[name]?.sha256} differs from the recorded ${recorded}`);
  }
  const factors = [...activityFactors(files.activity), ...epaFactors(files.epa), ...refrigerantFactors(files)];
  const seen = new Set<string>();
  for (const f of factors) {
    const id = `${f.key}@${f.edition}`;
    if (seen.has(id)) throw new FactorSourceError(f.sourceRow, `duplicate factor ${id}`);
    seen.add(id);
  }
  return {
    setVersion: FACTOR_SET_VERSION,
    generatedBy: 'scripts/build-factors.ts',
    sources: Object.fromEntries(Object.entries(byName).map(([name, file]) => [name, { sha256: file.sha256, recordedSha256: manifest[name]?.sourceSha256 ?? null }])),
    factors,
  };
}
