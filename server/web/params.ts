import type { Request } from 'express';
import { NotFoundError } from '../lib/errors.js';

/** The only spelling of an id: digits, no sign, no leading zero ("0x10", "1e0", " 1" are not ids). */
const ID = /^[1-9][0-9]*$/;

/** An id typed in a URL, a query string or a form, or null when it is not one. */
export function parseId(raw: unknown): number | null {
  if (typeof raw !== 'string' || !ID.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

/** A route parameter that must be an id; anything else is the 404 page. */
export function idParam(req: Request, name = 'id'): number {
  const id = parseId(req.params[name]);
  if (id === null) throw new NotFoundError();
  return id;
}
