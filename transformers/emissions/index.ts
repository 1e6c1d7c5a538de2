export { calculate, type Calculation, type CalculationInput, type CalculationOptions, type CalculationAudit, type AuditStep, type CalculationReason } from './calculate.js';
export type { AuditedFactor } from './audit.js';
export { loadFactorLibrary, factorLibrary, factorRows, type FactorLibrary, type EmissionFactorRow } from './library.js';
export { DEFAULT_GWP_BASIS, EmissionFactor, GWP_BASES, type GwpBasis } from './factor.js';
export { categoryFactors, factorChoice, subcategoryFactors } from './category-factors.js';
