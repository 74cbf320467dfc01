import { z } from 'zod';
import { assertIsoDate } from '../domain/delivery-calendar.js';
import { controlCharacterMessage, hasControlCharacter, normalizeLineBreaks } from '../domain/text.js';

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

export interface TextFieldOptions {
  /** Longest text accepted, in characters (the column and the page both hold it). */
  max: number;
  /** The message when the field is missing or blank; without it the field may be left empty. */
  required?: string;
  /** A text area: keeps its line breaks (as LF) and tabs. */
  multiline?: boolean;
}

/**
 * Every text field of every form: trimmed, line breaks normalised in a text area, and refused with a
 * French message when it holds a control character (NUL, escape… see domain/text.ts): such text
 * never comes from a keyboard, and would land raw in exports and mails. `label` names the field in
 * that message.
 */
export function textField(label: string, options: TextFieldOptions) {
  const kind = { multiline: options.multiline ?? false };
  const schema = z
    .string(options.required ? { error: options.required } : undefined)
    .overwrite((v) => (kind.multiline ? normalizeLineBreaks(v) : v))
    .trim()
    .refine((v) => !hasControlCharacter(v, kind), controlCharacterMessage(label))
    .max(options.max, `${options.max} caractères au plus.`);
  return options.required ? schema.min(1, options.required) : schema;
}

/** A text field that may stay empty: empty (or missing) is null. */
export function optionalTextField(label: string, options: Omit<TextFieldOptions, 'required'>) {
  return textField(label, options)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null);
}
