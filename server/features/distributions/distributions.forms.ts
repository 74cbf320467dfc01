import { z } from 'zod';
import { isoDateField } from '../../web/form-fields.js';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `${max} caractères au plus.`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null);

const time = (label: string) =>
  z
    .string({ error: `${label} : heure obligatoire.` })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${label} : heure au format 18:30.`);

/** Start before end, checked once both are valid times. */
function hoursInOrder<T extends { startTime: string; endTime: string }>(v: T, ctx: z.RefinementCtx): void {
  if (v.endTime <= v.startTime)
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'La fin doit être après le début.' });
}

const where = {
  place: optionalText(120),
  startTime: time('Début'),
  endTime: time('Fin'),
  note: optionalText(500),
};

/** A day's page: place, hours, note, people on duty, its roles (the rows are read apart, see settings.forms.ts). */
export const dayForm = z
  .object({
    ...where,
    placesNeeded: z
      .string()
      .trim()
      .regex(/^\d+$/, 'Personnes de permanence : un nombre entier.')
      .transform(Number)
      .refine((n) => n <= 30, 'Personnes de permanence : 30 au plus.'),
    rolesMode: z.enum(['defaut', 'jour'], { error: 'Choisissez les rôles de ce jour.' }),
  })
  .superRefine(hoursInOrder);
export type DayInput = z.infer<typeof dayForm>;

/** A day added by hand (an assembly, a special distribution). */
export const newDayForm = z
  .object({ on: isoDateField('Date'), title: optionalText(80), ...where })
  .superRefine(hoursInOrder);
export type NewDayInput = z.infer<typeof newDayForm>;

export const cancelForm = z.object({ cancelReason: optionalText(200) });
