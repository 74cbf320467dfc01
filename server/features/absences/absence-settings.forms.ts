import { z } from 'zod';
import { SETTING_BOUNDS } from '../../domain/absences.js';

const checkbox = z
  .unknown()
  .optional()
  .transform((v) => v !== undefined && v !== '');

const bounded = (b: { min: number; max: number }, what: string) =>
  z.coerce
    .number({ error: `${what} : un nombre entier.` })
    .int(`${what} : un nombre entier.`)
    .min(b.min, `${what} : entre ${b.min} et ${b.max}.`)
    .max(b.max, `${what} : entre ${b.min} et ${b.max}.`);

/** A contract's absence and offered-basket settings (one form, on its own page). */
export const absenceSettingsForm = z.object({
  absencesAllowed: checkbox,
  maxPerMember: bounded(SETTING_BOUNDS.maxPerMember, 'Absences par membre'),
  noticeDays: bounded(SETTING_BOUNDS.noticeDays, 'Délai'),
  mode: z.enum(['carry-over', 'deduct'], { error: 'Choisissez le report ou la déduction.' }),
  exchangeAllowed: checkbox,
  exchangeHours: bounded(SETTING_BOUNDS.exchangeHours, 'Délai pour prendre un panier'),
});
