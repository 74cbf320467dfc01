import { z } from 'zod';
import { optionalTextField, textField } from '../../web/form-fields.js';

/** The contact fields of a member, shared by the admin form and the member's own /compte form. */
export const contactFields = {
  firstName: textField('Prénom', { max: 100, required: 'Prénom obligatoire.' }),
  lastName: textField('Nom', { max: 100, required: 'Nom obligatoire.' }),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(200, '200 caractères au plus.')
    .refine(
      (v) => v === '' || z.email().safeParse(v).success,
      'Adresse e-mail invalide (exemple : prenom.nom@exemple.fr).',
    )
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null),
  phone: optionalTextField('Téléphone', { max: 30 }),
  phone2: optionalTextField('Téléphone 2', { max: 30 }),
  address: optionalTextField('Adresse', { max: 200 }),
  postalCode: z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d{5}$/.test(v), 'Code postal à 5 chiffres.')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null),
  city: optionalTextField('Ville', { max: 100 }),
};

export const memberForm = z.object({
  ...contactFields,
  sendInvitation: z
    .string()
    .optional()
    .transform((v) => v === 'on' || v === '1'),
});
export type MemberInput = z.infer<typeof memberForm>;
export type ContactInput = Omit<MemberInput, 'sendInvitation'>;

/** Checkboxes: present (whatever its value) means ticked. */
export const rolesForm = z.object({
  admin: z
    .unknown()
    .optional()
    .transform((v) => v !== undefined && v !== ''),
  treasurer: z
    .unknown()
    .optional()
    .transform((v) => v !== undefined && v !== ''),
  coordinator: z
    .unknown()
    .optional()
    .transform((v) => v !== undefined && v !== ''),
});

export const memberListQuery = z.object({
  q: textField('Recherche', { max: 100 }).catch(''),
  statut: z.enum(['actifs', 'inactifs', 'tous']).catch('actifs'),
});
export type MemberListQuery = z.infer<typeof memberListQuery>;
