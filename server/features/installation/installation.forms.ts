import { z } from 'zod';
import { textField } from '../../web/form-fields.js';
import { emailField, newPasswordFields, passwordsMatch } from '../auth/auth.forms.js';

export const installationForm = passwordsMatch(
  z.object({
    firstName: textField('Prénom', { max: 100, required: 'Prénom obligatoire.' }),
    lastName: textField('Nom', { max: 100, required: 'Nom obligatoire.' }),
    email: emailField,
    ...newPasswordFields,
  }),
);
export type InstallationInput = z.infer<typeof installationForm>;
