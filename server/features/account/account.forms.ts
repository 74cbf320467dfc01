import { z } from 'zod';
import { contactFields } from '../members/members.forms.js';
import { newPasswordFields, passwordsMatch } from '../auth/auth.forms.js';

export const contactForm = z.object({
  ...contactFields,
  mailOptOut: z
    .string()
    .optional()
    .transform((v) => v === 'on' || v === '1'),
  acceptsDutyCalls: z
    .string()
    .optional()
    .transform((v) => v === 'on' || v === '1'),
});
export type ContactFormInput = z.infer<typeof contactForm>;

export const changePasswordForm = passwordsMatch(
  z.object({
    currentPassword: z.string().min(1, 'Tapez votre mot de passe actuel.'),
    ...newPasswordFields,
  }),
);
