import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 10;

export const emailField = z
  .string({ error: 'Adresse e-mail obligatoire.' })
  .trim()
  .toLowerCase()
  .min(1, 'Adresse e-mail obligatoire.')
  .pipe(z.email({ error: 'Adresse e-mail invalide (exemple : prenom.nom@exemple.fr).' }));

export const newPasswordFields = {
  password: z
    .string({ error: 'Mot de passe obligatoire.' })
    .min(MIN_PASSWORD_LENGTH, `Au moins ${MIN_PASSWORD_LENGTH} caractères, par exemple une petite phrase.`)
    .max(200, '200 caractères au plus.'),
  passwordConfirm: z.string({ error: 'Retapez le mot de passe.' }),
};

/** Refinement shared by every "new password twice" form. */
export function passwordsMatch<T extends { password: string; passwordConfirm: string }>(schema: z.ZodType<T>) {
  return schema.refine((v) => v.password === v.passwordConfirm, {
    path: ['passwordConfirm'],
    message: 'Les deux mots de passe ne sont pas identiques.',
  });
}

export const loginForm = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Adresse e-mail obligatoire.'),
  password: z.string().min(1, 'Mot de passe obligatoire.'),
});

export const forgotPasswordForm = z.object({ email: emailField });

export const setPasswordForm = passwordsMatch(z.object(newPasswordFields));
