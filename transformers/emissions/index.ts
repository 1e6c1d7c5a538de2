export { calculate, type Calculation, type CalculationInput, type CalculationAudit, type AuditStep, type CalculationReason } from './calculate.js';
export { loadFactorLibrary, factorLibrary, factorRows, type FactorLibrary, type EmissionFactorRow } from './library.js';
export { EmissionFactor } from './factor.js';
export { categoryFactors } from './category-factors.js';
