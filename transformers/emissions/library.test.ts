import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EPA_FILE } from './build.js';
import { libraryJson } from '../../scripts/build-factors.js';
import { categoryFactors, factorRows, loadFactorLibrary } from './index.js';

const data = (name: string) => new URL(`./data/${name}`, import.meta.url);
const library = loadFactorLibrary();

describe('factor library', () => {
  it('the EPA source file matches the SHA-256 recorded in sources.json (that of the EPA publication)', () => {
    const sha = createHash('sha256').update(readFileSync(data(EPA_FILE))).digest('hex');
    expect(sha).toBe('c7f508646ee091cb2218be65dec0e2bdb6143ba8511773d486c9e87f6df84177');
    const manifest = JSON.parse(readFileSync(data('sources.json'), 'utf8')) as Record<string, { sourceSha256: string | null }>;
    expect(manifest[EPA_FILE]?.sourceSha256).toBe(sha);
    for (const f of library.factors.filter((x) => x.key.startsWith('epa.'))) expect(f.sourceSha256).toBe(sha);
  });

  it('the committed factor-library.json is exactly what the build script generates from the sources', () => {
    expect(readFileSync(data('factor-library.json'), 'utf8')).toBe(libraryJson());
  });

  it('holds the EPA rows, the computed median and the carbon.md activity factors with their tags', () => {
    expect(library.factors.filter((f) => f.key.startsWith('epa.v1_3.naics.'))).toHaveLength(1016);
    expect(library.byKey.get('epa.v1_3.median_all_rows')?.value).toBe('0.173');
    expect(library.byKey.get('epa.v1_3.naics.484121')?.value).toBe('0.595');
    expect(library.byKey.get('electricity.tr.grid.location')).toMatchObject({ value: '0.439', tag: '[V]', unit: 'kWh' });
    expect(library.byKey.get('natural_gas.tr.ipcc_botas.sm3')).toMatchObject({ value: '1.936', tag: '[I]' });
    expect(library.byKey.get('diesel.mineral.desnz.l')).toMatchObject({ value: '2.66155', tag: '[V3]' });
  });

  it('every factor a category points to exists', () => {
    for (const choice of Object.values(categoryFactors)) {
      for (const key of [...choice.activity, ...(choice.spend ? [choice.spend] : [])]) expect(library.byKey.has(key), key).toBe(true);
    }
  });

  it('factorRows gives exactly the emission_factors fields, unique on (key, edition)', () => {
    const rows = factorRows(library);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(['edition', 'key', 'licence', 'metadata', 'source', 'sourceSha256', 'unit', 'validFrom', 'validTo', 'value']);
    expect(new Set(rows.map((r) => `${r.key}@${r.edition}`)).size).toBe(rows.length);
    expect(rows.find((r) => r.key === 'epa.v1_3.naics.484121')).toMatchObject({ unit: 'kg CO2e/2022 USD', value: '0.595' });
    expect(rows.find((r) => r.key === 'electricity.tr.grid.location')).toMatchObject({ unit: 'kg CO2e/kWh', sourceSha256: null });
  });
});
