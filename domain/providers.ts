import { z } from 'zod';

/** The five e-invoice providers an organization can connect. */
export const providerIds = ['edm', 'qnb', 'crs', 'isnet', 'uyumsoft'] as const;
export const ProviderId = z.enum(providerIds);
export type ProviderId = z.infer<typeof ProviderId>;

/** Names as the product shows them to people. */
export const providerNames: Readonly<Record<ProviderId, string>> = {
  edm: 'EDM Bilişim e-Fatura',
  qnb: 'QNB e-Solutions',
  crs: 'CRS Soft',
  isnet: 'İşNet',
  uyumsoft: 'Uyumsoft',
};
