import { z } from 'zod';
import { REMINDER_LIMITS, type ReminderSettings } from './reminder-settings.js';

const checkbox = z
  .unknown()
  .optional()
  .transform((v) => v !== undefined && v !== '' && v !== '0');

const number = (label: string, { min, max }: { min: number; max: number }) =>
  z
    .string({ error: `${label} : nombre obligatoire.` })
    .trim()
    .regex(/^\d+$/, `${label} : un nombre entier de jours, sans virgule.`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${label} : entre ${min} et ${max}.`);

const { days, collectionDays, planningDay } = REMINDER_LIMITS;

/** The "Rappels" section of /admin/reglages (views/reminders/_settings-form.ejs). */
export const reminderSettingsForm = z.object({
  dutyEnabled: checkbox,
  dutyDays: number('Rappel de permanence', days),
  volunteerEnabled: checkbox,
  volunteerDays: number('Appel aux bénévoles', days),
  collectionEnabled: checkbox,
  collectionDays: number('« Ce que vous récupérez »', collectionDays),
  openingEnabled: checkbox,
  closingEnabled: checkbox,
  closingDays: number('Fin des souscriptions', days),
  closingAudience: z.enum(['not-subscribed', 'previous-subscribers'], {
    error: 'Fin des souscriptions : choisissez à qui écrire.',
  }),
  producerSheetEnabled: checkbox,
  producerSheetDays: number('Feuille de livraison au producteur', days),
  chequesEnabled: checkbox,
  chequesDays: number('Chèques à apporter', days),
  planningEnabled: checkbox,
  planningDay: z
    .string({ error: 'Planning du mois : jour obligatoire.' })
    .trim()
    .regex(/^\d+$/, 'Planning du mois : un jour du mois, de 1 à 28.')
    .transform(Number)
    .refine((n) => n >= planningDay.min && n <= planningDay.max, 'Planning du mois : un jour du mois, de 1 à 28.'),
});

/** The settings as the form shows them (checkboxes "on" or ""). */
export function reminderFormValues(s: ReminderSettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === 'boolean') out[k] = v ? 'on' : '';
    else if (typeof v !== 'object') out[k] = String(v);
  }
  return out;
}

/** A contract's own delay for its delivery sheet (/admin/rappels); empty: the AMAP's delay. */
export const contractSheetDaysForm = z.object({
  days: z
    .string()
    .trim()
    .regex(/^\d*$/, 'Un nombre entier de jours, sans virgule.')
    .transform((v) => (v === '' ? null : Number(v)))
    .refine((n) => n === null || (n >= days.min && n <= days.max), `Entre ${days.min} et ${days.max} jours.`),
});
