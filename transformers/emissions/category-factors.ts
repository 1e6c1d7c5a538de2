/**
 * Which factor each category uses: activity factors in order of preference, and the spend factor
 * (EPA v1.3 NAICS) when no physical quantity fits. Categories without a spend key are never
 * spend-based: fuels (ÖTV makes price ≠ activity), electricity (EPA excludes NAICS 2211), natural gas
 * (carbon.md: use the quantity), refrigerants (kg of gas × GWP). A line's sub-category (classify/subcategories.ts)
 * picks a closer factor where the library has one: every sub-category the classifier emits is mapped here.
 */
import type { CategoryKey } from '../../domain/categories.js';
import type { SubcategoryKey } from '../classify/subcategories.js';
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
  fuel_oil: { activity: ['fuel_oil.residual.desnz.l', 'fuel_oil.residual.ipcc.kg'], spend: null, noSpendReason: 'fuel is never spend-based (ÖTV): needs litres, kg or t' },
  // The factor is the named gas's (refrigerantFactorKey); a line naming no known gas gets no result.
  refrigerant: { activity: [], spend: null, noSpendReason: 'refrigerants need kg of a named gas (R-410A, R-32, …) × its GWP' },
  water: { activity: ['water.supply.m3'], spend: epa('221310') },
  purchased_goods: { activity: [], spend: EPA_MEDIAN_KEY },
  purchased_services: { activity: [], spend: EPA_MEDIAN_KEY },
  capital_goods: { activity: [], spend: EPA_MEDIAN_KEY },
  freight: { activity: ['freight.road.hgv_diesel.average_laden'], spend: epa('484121') },
  waste: { activity: [], spend: epa('562111') },
  business_travel_air: { activity: ['flight.international.average.rf'], spend: epa('481111') },
  business_travel_hotel: { activity: ['hotel.tr.room_night'], spend: epa('721110') },
  // Unnamed ground travel: taxi (0.566) rather than car rental (0.110), the conservative choice.
  business_travel_ground: { activity: ['taxi.regular.p_km'], spend: epa('485310') },
  employee_commuting: { activity: ['coach.p_km'], spend: epa('485410') },
  leased_assets: { activity: [], spend: epa('531120') },
  not_emission: { activity: [], spend: null, noSpendReason: 'not an emission line (tax, penalty, interest, discount)' },
};

const spendOnly = (naics: string): CategoryFactorChoice => ({ activity: [], spend: epa(naics) });

/** EPA v1.3 rows of carbon.md §4.2 (or the closest NAICS-6 title) per sub-category. */
export const subcategoryFactors: Readonly<Record<SubcategoryKey, CategoryFactorChoice>> = {
  'ground.car_rental': spendOnly('532111'),
  'ground.taxi': { activity: ['taxi.regular.p_km'], spend: epa('485310') },
  'ground.bus': { activity: ['coach.p_km'], spend: epa('485210') },
  'ground.rail': { activity: ['rail.uk_national.p_km'], spend: epa('482111') },
  'ground.ferry': spendOnly('483114'),
  'freight.sea': { activity: ['freight.sea.container_average'], spend: epa('483111') },
  'freight.air': { activity: ['freight.air.long_haul.rf'], spend: epa('481112') },
  'freight.rail': { activity: ['freight.rail'], spend: epa('482111') },
  'freight.courier': spendOnly('492110'),
  'freight.warehousing': spendOnly('493110'),
  'freight.forwarding': spendOnly('488510'),
  'freight.road': { activity: ['freight.road.hgv_diesel.average_laden'], spend: epa('484121') },
  // A wastewater line repeats the supply volume: counted once more with the treatment factor, not the supply one.
  'water.wastewater': { activity: ['water.treatment.m3'], spend: epa('221320') },
  'water.supply': { activity: ['water.supply.m3'], spend: epa('221310') },
  'waste.hazardous': spendOnly('562211'),
  'waste.collection': spendOnly('562111'),
  'goods.computers': spendOnly('334111'),
  'goods.phones': spendOnly('334220'),
  'goods.office_supplies': spendOnly('424120'),
  'goods.cleaning_products': spendOnly('325611'),
  'goods.lubricants': spendOnly('324191'),
  'goods.packaging': spendOnly('322211'),
  'goods.furniture': spendOnly('337214'),
  'capital.computers': spendOnly('334111'),
  'capital.phones': spendOnly('334220'),
  'capital.vehicles': spendOnly('336111'),
  'capital.furniture': spendOnly('337214'),
  'capital.construction_machinery': spendOnly('333120'),
  'services.cleaning': spendOnly('561720'),
  'services.security': spendOnly('561612'),
  'services.temp_staff': spendOnly('561320'),
  'services.software': spendOnly('511210'),
  'services.it': spendOnly('541511'),
  'services.hosting': spendOnly('518210'),
  'services.telecom_mobile': spendOnly('517312'),
  'services.telecom_fixed': spendOnly('517311'),
  'services.advertising': spendOnly('541810'),
  'services.legal': spendOnly('541110'),
  'services.accounting': spendOnly('541211'),
  'services.consulting': spendOnly('541611'),
  'services.engineering': spendOnly('541330'),
  'services.catering': spendOnly('722511'),
  'services.insurance': spendOnly('524126'),
  'services.banking': spendOnly('522110'),
  'services.vehicle_repair': spendOnly('811111'),
  'services.machinery_repair': spendOnly('811310'),
  'services.computer_repair': spendOnly('811212'),
  'services.construction': spendOnly('236220'),
  'services.electrical_installation': spendOnly('238210'),
  'services.plumbing': spendOnly('238220'),
  'services.training': spendOnly('611430'),
  'services.printing': spendOnly('323111'),
  'services.customs_brokerage': spendOnly('488510'),
  'services.landscaping': spendOnly('561730'),
  'services.payroll': spendOnly('541214'),
};

/** The factor choice of a line: its sub-category's when it has one, else its category's. */
export function factorChoice(category: CategoryKey, subcategory: string | null | undefined): CategoryFactorChoice {
  const sub = subcategory ? (subcategoryFactors as Readonly<Record<string, CategoryFactorChoice>>)[subcategory] : undefined;
  return sub ?? categoryFactors[category];
}
