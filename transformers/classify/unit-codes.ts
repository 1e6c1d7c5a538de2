/** UN/ECE Rec 20 unit codes (upper case) that the keyword rules take as evidence of a commodity. */
export const FUEL_UNITS = ['LTR', 'D40', 'KGM', 'TNE', 'GLL'];
export const GAS_UNITS = ['SM3', 'NM3', 'MTQ', 'R9'];
export const ENERGY_UNITS = ['KWH', 'MWH', 'GWH', 'D32'];
export const PHYSICAL_UNITS = [...FUEL_UNITS, ...GAS_UNITS, ...ENERGY_UNITS];
