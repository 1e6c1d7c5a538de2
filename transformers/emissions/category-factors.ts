/**
 * Which factor each category uses: activity factors in order of preference, and the spend factor
 * (EPA v1.3 NAICS) when no physical quantity fits. Categories without a spend key are never
 * spend-based: fuels (ÖTV makes price ≠ activity), electricity (EPA excludes NAICS 2211), natural gas
 * (carbon.md: use the quantity), refrigerants (GWP data not shipped yet).
 */
import type { CategoryKey } from '../../domain/categories.js';
import { EPA_MEDIAN_KEY } from './factor.js';

export interface CategoryFactorChoice {
  activity: readonly string[];
  spend: string | null;
  /** Why there is no spend factor, recorded on the line when no activity factor applies. */
  noSpendReason?: string;
}

const epa = (naics: string): string => `epa.v1_3.naics.${naics}`;

export const categoryFactors: Readonly<Record<CategoryKey, CategoryFactorChoice>> = {
  electricity: { activity: ['electricity.tr.grid.location'], spend: null, noSpendReason: 'electricity is activity-based only (kWh); EPA v1.3 excludes electricity generation' },
  natural_gas: { activity: ['natural_gas.tr.ipcc_botas.kwh_gcv', 'natural_gas.tr.ipcc_botas.sm3'], spend: null, noSpendReason: 'natural gas is activity-based only (kWh or Sm3)' },
  diesel: { activity: ['diesel.mineral.desnz.l'], spend: null, noSpendReason: 'fuel is never spend-based (ÖTV): needs litres' },
  petrol: { activity: ['petrol.mineral.desnz.l'], spend: null, noSpendReason: 'fuel is never spend-based (ÖTV): needs litres' },
  lpg: { activity: ['lpg.desnz.l', 'lpg.desnz.kg'], spend: null, noSpendReason: 'fuel is never spend-based (ÖTV): needs litres or kg' },
  fuel_oil: { activity: [], spend: null, noSpendReason: 'fuel is never spend-based (ÖTV) and no default fuel-oil factor is shipped yet' },
  refrigerant: { activity: [], spend: null, noSpendReason: 'refrigerant GWPs (kg of gas × GWP) are not shipped yet' },
  water: { activity: ['water.supply.m3'], spend: epa('221310') },
  purchased_goods: { activity: [], spend: EPA_MEDIAN_KEY },
  purchased_services: { activity: [], spend: EPA_MEDIAN_KEY },
  capital_goods: { activity: [], spend: EPA_MEDIAN_KEY },
  freight: { activity: ['freight.road.hgv_diesel.average_laden'], spend: epa('484121') },
  waste: { activity: [], spend: epa('562111') },
  business_travel_air: { activity: ['flight.international.average.rf'], spend: epa('481111') },
  business_travel_hotel: { activity: ['hotel.tr.room_night'], spend: epa('721110') },
  // Taxi (0.566) rather than car rental (0.110): ground-travel lines mix both; the higher is the conservative choice.
  business_travel_ground: { activity: ['taxi.regular.p_km'], spend: epa('485310') },
  employee_commuting: { activity: ['coach.p_km'], spend: epa('485410') },
  leased_assets: { activity: [], spend: epa('531120') },
  not_emission: { activity: [], spend: null, noSpendReason: 'not an emission line (tax, penalty, interest, discount)' },
};
