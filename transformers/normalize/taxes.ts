/**
 * GİB tax type codes (ubl-tr.md §3; labels as in the public UBL-TR code list) grouped by what they do
 * to spend and totals. KDV is recoverable and never spend; ÖTV, energy fund, TRT share and consumption
 * taxes raise the KDV base; income/corporate tax withholding (stopaj) is shown as a tax but reduces
 * the tax-inclusive amount.
 */
import { z } from 'zod';

/**
 * `kdv_not_charged`: a KDV subtotal with a TaxExemptionReasonCode whose amount the document does not
 * charge (ISTISNA, OZELMATRAH: GİB's samples leave it out of TaxInclusiveAmount). Exempt subtotals that
 * are charged (YOLCUBERABER, code 501 "KDV hesaplanarak") stay `kdv`; the totals decide (normalize.ts).
 */
export const TaxKind = z.enum(['kdv', 'kdv_not_charged', 'otv', 'energy_fund', 'trt_share', 'consumption_tax', 'stoppage', 'other']);
export type TaxKind = z.infer<typeof TaxKind>;

const kinds: Readonly<Record<string, TaxKind>> = {
  '0015': 'kdv',
  '0071': 'otv', // petroleum and natural gas (1st list), per unit
  '0073': 'otv',
  '0074': 'otv',
  '0075': 'otv',
  '0076': 'otv',
  '0077': 'otv',
  '9077': 'otv', // motor vehicles (2nd list)
  '4171': 'otv', // ÖTV withholding on petroleum/gas products
  '8002': 'energy_fund',
  '8004': 'trt_share',
  '8005': 'consumption_tax', // electricity consumption tax
  '4071': 'consumption_tax', // electricity and gas consumption tax
  '0003': 'stoppage', // income tax withholding
  '0011': 'stoppage', // corporate tax withholding
  '9040': 'stoppage', // pasture fund
};

export function taxKind(code: string | null, exemptKdvNotCharged = false): TaxKind {
  const kind = (code && kinds[code]) || 'other';
  return kind === 'kdv' && exemptKdvNotCharged ? 'kdv_not_charged' : kind;
}
