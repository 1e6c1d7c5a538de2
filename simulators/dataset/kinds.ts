import type { ComposeContext, Composition } from './draft.js';
import { electricity, fuel, naturalGas, water } from './kinds-energy.js';
import * as trade from './kinds-trade.js';

/** What a supplier sells; each kind composes its own invoice lines. */
export const kindIds = [
  'electricity', 'natural_gas', 'water', 'fuel', 'freight', 'courier', 'freight_intl', 'air', 'hotel', 'ground',
  'commuting', 'consulting', 'software', 'software_fx', 'cleaning', 'security', 'telecom', 'maintenance',
  'stationery', 'packaging', 'raw_material', 'food', 'capital', 'waste', 'rent', 'refrigerant', 'returns', 'earsiv_retail',
] as const;
export type KindId = (typeof kindIds)[number];

export const composers: Readonly<Record<KindId, (ctx: ComposeContext) => Composition>> = {
  electricity, natural_gas: naturalGas, water, fuel,
  freight: trade.freight, courier: trade.courier, freight_intl: trade.freightIntl, air: trade.air, hotel: trade.hotel,
  ground: trade.ground, commuting: trade.commuting, consulting: trade.consulting, software: trade.software,
  software_fx: trade.softwareFx, cleaning: trade.cleaning, security: trade.security, telecom: trade.telecom,
  maintenance: trade.maintenance, stationery: trade.stationery, packaging: trade.packaging, raw_material: trade.rawMaterial,
  food: trade.food, capital: trade.capital, waste: trade.waste, rent: trade.rent, refrigerant: trade.refrigerant,
  returns: trade.returns, earsiv_retail: trade.earsivRetail,
};

/**
 * Share of each kind among inbox invoices, per mille: the mix of a mid-size manufacturer with offices,
 * a plant, a vehicle fleet and outbound logistics. e-Arşiv invoices are a separate stream (plan.ts).
 */
export const inboxKindShares: Readonly<Partial<Record<KindId, number>>> = {
  electricity: 55, natural_gas: 35, water: 18, fuel: 110, freight: 75, courier: 45, freight_intl: 20, air: 45,
  hotel: 40, ground: 35, commuting: 20, consulting: 30, software: 30, software_fx: 15, cleaning: 25, security: 20,
  telecom: 25, maintenance: 20, stationery: 40, packaging: 40, raw_material: 50, food: 25, capital: 35, waste: 20,
  rent: 25, refrigerant: 15, returns: 25,
};

export const inboxKinds = Object.keys(inboxKindShares) as KindId[];
export const inboxWeights = inboxKinds.map((k) => inboxKindShares[k] ?? 0);
export const inboxWeightTotal = inboxWeights.reduce((a, b) => a + b, 0);
