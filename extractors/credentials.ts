/** Credential forms: username/password (EDM, QNB, Uyumsoft, CRS) and the company VKN (İşNet). */
import { z } from 'zod';

export const UsernamePassword = z.object({
  username: z.string().trim().min(1, 'username is required'),
  password: z.string().min(1, 'password is required'),
});
export type UsernamePassword = z.infer<typeof UsernamePassword>;

export const CompanyVkn = z.object({
  vkn: z.string().regex(/^\d{10,11}$/, 'VKN is 10 digits (TCKN 11)'),
});
export type CompanyVkn = z.infer<typeof CompanyVkn>;

/** QNB e-Solutions: its list operations also name the company (vergiTcKimlikNo), so the VKN is part of the form. */
export const UsernamePasswordVkn = UsernamePassword.extend(CompanyVkn.shape);
export type UsernamePasswordVkn = z.infer<typeof UsernamePasswordVkn>;
