import { z } from 'zod';
import { assertIsoDate } from '../domain/delivery-calendar.js';

/** Whether a YYYY-MM-DD string is a real calendar day (31 February is not). */
export function isRealDate(v: string): boolean {
  try {
    assertIsoDate(v);
    return true;
  } catch {
    return false;
  }
}

/** A date field as `<input type="date">` sends it, checked to be a real day. */
export function isoDateField(label: string) {
  return z
    .string({ error: `${label} : date obligatoire.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} : date obligatoire (jj/mm/aaaa).`)
    .refine(isRealDate, `${label} : cette date n’existe pas.`);
}
