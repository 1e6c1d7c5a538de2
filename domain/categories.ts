import { z } from 'zod';

/** Emission category keys of DESIGN.md. Sub-categories may be added under them; the keys stay. */
export const categoryKeys = [
  'electricity', 'natural_gas', 'diesel', 'petrol', 'lpg', 'fuel_oil', 'refrigerant', 'water',
  'purchased_goods', 'purchased_services', 'capital_goods', 'freight', 'waste',
  'business_travel_air', 'business_travel_hotel', 'business_travel_ground',
  'employee_commuting', 'leased_assets', 'not_emission',
] as const;
export const CategoryKey = z.enum(categoryKeys);
export type CategoryKey = z.infer<typeof CategoryKey>;

export type Scope = 1 | 2 | 3;
export interface CategoryScope {
  scope: Scope | null;
  /** GHG Protocol Scope 3 category (1–15) when scope is 3. */
  scope3Category: number | null;
}

/** Scope and Scope 3 category each key belongs to (DESIGN.md, "Emission categories"). */
export const categoryScopes: Readonly<Record<CategoryKey, CategoryScope>> = {
  electricity: { scope: 2, scope3Category: null },
  natural_gas: { scope: 1, scope3Category: null },
  diesel: { scope: 1, scope3Category: null },
  petrol: { scope: 1, scope3Category: null },
  lpg: { scope: 1, scope3Category: null },
  fuel_oil: { scope: 1, scope3Category: null },
  refrigerant: { scope: 1, scope3Category: null },
  water: { scope: 3, scope3Category: 1 },
  purchased_goods: { scope: 3, scope3Category: 1 },
  purchased_services: { scope: 3, scope3Category: 1 },
  capital_goods: { scope: 3, scope3Category: 2 },
  freight: { scope: 3, scope3Category: 4 },
  waste: { scope: 3, scope3Category: 5 },
  business_travel_air: { scope: 3, scope3Category: 6 },
  business_travel_hotel: { scope: 3, scope3Category: 6 },
  business_travel_ground: { scope: 3, scope3Category: 6 },
  employee_commuting: { scope: 3, scope3Category: 7 },
  leased_assets: { scope: 3, scope3Category: 8 },
  not_emission: { scope: null, scope3Category: null },
};
