import { z } from 'zod';
import { isRealDate } from '../../web/form-fields.js';
import { parseId } from '../../web/params.js';

/** A day in a URL: /permanences/2027-05-06/… (anything else is no page). */
export function dayParam(raw: unknown): string | null {
  return typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) && isRealDate(raw) ? raw : null;
}

/** "Je m'inscris" (the role picker when the day has roles); the coordinator names the member. */
export const takePlaceForm = z.object({
  roleName: z.string().max(60).optional().default(''),
  memberId: z
    .unknown()
    .optional()
    .transform((v, c) => {
      if (v === undefined || v === '') return null;
      const id = parseId(v);
      if (id === null) c.addIssue({ code: 'custom', message: 'Choisissez un membre dans la liste.' });
      return id;
    }),
});

/** A period typed by the coordinator (?du=…&au=…): both real days, in order, at most a year. */
export const periodQuery = z
  .object({
    du: z.string().optional(),
    au: z.string().optional(),
  })
  .transform((q) => ({ from: dayParam(q.du), to: dayParam(q.au) }));

/** The proposal's assignments ticked by the coordinator ("on|memberId|roleName"), one or many. */
export const applyProposalForm = z.object({
  du: z.string(),
  au: z.string(),
  choix: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});
