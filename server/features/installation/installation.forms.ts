import { z } from 'zod';
import { emailField, newPasswordFields, passwordsMatch } from '../auth/auth.forms.js';

export const installationForm = passwordsMatch(
  z.object({
    firstName: z.string().trim().min(1, 'Prénom obligatoire.').max(100),
    lastName: z.string().trim().min(1, 'Nom obligatoire.').max(100),
    email: emailField,
    ...newPasswordFields,
  }),
);
export type InstallationInput = z.infer<typeof installationForm>;
