import { z } from 'zod';
import { isRealDate } from '../../web/form-fields.js';
import { parseId } from '../../web/params.js';
import { AUDIT_KINDS } from './audit-labels.js';

const day = z
  .string()
  .trim()
  .refine((v) => v === '' || (/^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v)))
  .transform((v) => v || null)
  .catch(null);

/**
 * The journal's filters, from its query string: a bad value is no filter (a link typed by hand
 * never leads to an error page).
 */
export const journalQuery = z.object({
  personne: z
    .unknown()
    .transform((v) => parseId(v))
    .catch(null),
  type: z
    .enum(AUDIT_KINDS.map((k) => k.slug) as [string, ...string[]])
    .nullable()
    .catch(null)
    .default(null),
  du: day.default(null),
  au: day.default(null),
  page: z.coerce.number().int().min(1).max(100000).catch(1).default(1),
});
export type JournalQuery = z.infer<typeof journalQuery>;

/** The query string of the same filters on another page. */
export function journalHref(q: JournalQuery, page: number): string {
  const params = new URLSearchParams();
  if (q.personne) params.set('personne', String(q.personne));
  if (q.type) params.set('type', q.type);
  if (q.du) params.set('du', q.du);
  if (q.au) params.set('au', q.au);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `/admin/journal?${s}` : '/admin/journal';
}
