import { z } from 'zod';

const checkbox = z
  .unknown()
  .optional()
  .transform((v) => v !== undefined && v !== '' && v !== '0');

/** The admin settings page (/admin/reglages). */
export const settingsForm = z.object({
  membershipRequired: checkbox,
});
export type SettingsInput = z.infer<typeof settingsForm>;

/** How many role rows the duty forms offer (empty rows are left out). */
export const ROLE_ROWS = 6;

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} : nombre obligatoire.` })
    .trim()
    .regex(/^\d+$/, `${label} : un nombre entier, sans virgule.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${label} : entre ${min} et ${max}.`);

/** The role rows of a duty form: roleName1/rolePlaces1 … (views/duty/_roles-fields.ejs). */
export function roleRows(body: unknown): { name: string; places: string }[] {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return Array.from({ length: ROLE_ROWS }, (_, i) => ({
    name: str(b[`roleName${i + 1}`]),
    places: str(b[`rolePlaces${i + 1}`]),
  }));
}

/** The duty settings (/admin/reglages/permanences); the roles are read by `roleRows` and checked by domain/duty.ts. */
export const dutySettingsForm = z.object({
  dutyPlacesPerDay: wholeNumber('Personnes de permanence par distribution', 0, 30),
  dutyWithdrawalHours: wholeNumber('Délai pour se retirer', 0, 336),
  dutyShiftsPerSeason: wholeNumber('Permanences attendues par foyer et par saison', 0, 52),
  dutySeasonStartMonth: wholeNumber('Début de la saison', 1, 12),
});
