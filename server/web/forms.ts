import { z } from 'zod';
import { ValidationError } from '../lib/errors.js';

// zod's own messages (a field sent twice, a wrong type) in French too.
z.config(z.locales.fr());

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Validates a form body with its zod schema; one French message per field (the first one). */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : '_form';
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** Turns a service's ValidationError into field errors; rethrows anything else. */
export function validationErrors(e: unknown): FieldErrors {
  if (e instanceof ValidationError) return e.errors;
  throw e;
}

/** Keeps what the person typed (never passwords) to fill the form again. */
export function formValues(
  body: unknown,
  omit: string[] = ['password', 'passwordConfirm', 'currentPassword', '_csrf'],
): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) {
      if (!omit.includes(k) && (typeof v === 'string' || typeof v === 'number')) out[k] = String(v);
    }
  }
  return out;
}
