import type { CategoryKey } from '../../domain/categories.js';
import { dec, type Dec } from './decimal.js';
import type { Rng } from './random.js';
import type { Supplier } from './suppliers.js';

/** A non-VAT tax on a line (ubl-tr.md §3): a percent of the net or an amount per unit. */
export interface ExtraTax {
  code: string;
  name: string;
  percent?: Dec;
  perUnit?: Dec;
  /** ÖTV, energy fund, TRT share, consumption tax and ÖİV are part of the KDV base; accommodation tax is not. */
  inVatBase: boolean;
}

/** KDV withholding (tevkifat) of a line: code and the withheld share of the VAT (ubl-tr.md §3). */
export interface Withholding {
  code: string;
  name: string;
  numerator: number;
  denominator: number;
}

/** One invoice line before amounts are computed. */
export interface LineDraft {
  name: string;
  category: CategoryKey;
  quantity: Dec;
  unitCode: string;
  price: Dec;
  vatPercent: Dec;
  extraTaxes?: ExtraTax[];
  withholding?: Withholding;
  discountPercent?: Dec;
  note?: string;
  sellerItemId?: string;
  brand?: string;
  model?: string;
}

export interface PartyId {
  scheme: string;
  id: string;
}

/** What a kind composes for one invoice; the model turns it into amounts and the XML. */
export interface Composition {
  lines: LineDraft[];
  notes: string[];
  typeCode?: string;
  currency?: 'USD' | 'EUR';
  period?: [string, string];
  /** Extra customer identifiers on utility bills (TESISATNO, SAYACNO, ABONENO). */
  customerIds?: PartyId[];
  billingReference?: { id: string; issueDate: string };
  orderReference?: string;
}

/** Context a kind composes from. */
export interface ComposeContext {
  rng: Rng;
  supplier: Supplier;
  issueDate: string;
  customer: { vkn: string; name: string };
  /** Price level relative to late 2025 (TRY inflation), applied to TRY prices and per-unit taxes. */
  priceLevel: number;
}

/** A uniformly random decimal in [min, max] with `scale` decimals, times a level. */
export function amount(rng: Rng, min: number, max: number, scale: number, level = 1): Dec {
  const f = 10 ** scale;
  return dec(Math.max(1, Math.round((min + rng.float() * (max - min)) * level * f)), scale);
}

export const whole = (n: number): Dec => dec(n, 0);
export const percent = (p: number): Dec => (Number.isInteger(p) ? dec(p, 0) : dec(Math.round(p * 10), 1));

export const VAT20 = whole(20);
export const VAT10 = whole(10);
export const VAT1 = whole(1);

export const withholdings = {
  w603: { code: '603', name: 'Makine, Teçhizat, Demirbaş ve Taşıtlara Ait Tadil, Bakım ve Onarım Hizmetleri', numerator: 7, denominator: 10 },
  w607: { code: '607', name: 'Özel Güvenlik Hizmeti', numerator: 9, denominator: 10 },
  w612: { code: '612', name: 'Temizlik Hizmeti', numerator: 9, denominator: 10 },
  w614: { code: '614', name: 'Servis Taşımacılığı Hizmeti', numerator: 5, denominator: 10 },
  w624: { code: '624', name: 'Yük Taşımacılığı Hizmeti', numerator: 2, denominator: 10 },
} as const satisfies Record<string, Withholding>;
