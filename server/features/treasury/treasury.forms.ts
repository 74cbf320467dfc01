import { z } from 'zod';
import { textField } from '../../web/form-fields.js';
import { parseEuros } from '../../domain/money.js';
import type { Reception } from './cheques.service.js';
import { parseId } from '../../web/params.js';

/** Several checkboxes with the same name arrive as an array, one as a string. */
export function idList(value: unknown): number[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map(parseId).filter((n): n is number => n !== null);
}

/**
 * The reception form: ticked `cheque` ids (or every `candidate` id with "tout reçu"), and for
 * each an optional `bank_<id>` and `number_<id>`.
 */
export function parseReceptions(body: Record<string, unknown>): Reception[] {
  const ids = body.tout ? idList(body.candidate) : idList(body.cheque);
  return ids.map((chequeId) => ({
    chequeId,
    bank: String(body[`bank_${chequeId}`] ?? '').slice(0, 60),
    number: String(body[`number_${chequeId}`] ?? '').slice(0, 30),
  }));
}

export const reasonForm = z.object({
  reason: textField('Raison', { max: 500, required: 'Indiquez la raison.' }),
});

export const creditForm = z.object({
  amount: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const cents = parseEuros(v);
      if (cents === null || cents <= 0) {
        ctx.addIssue({ code: 'custom', message: 'Un montant positif, par exemple 15 ou 12,50.' });
        return z.NEVER;
      }
      return cents;
    }),
  reason: textField('Raison', { max: 500, required: 'Indiquez la raison de l’avoir.' }),
});

export const receptionFilterQuery = z.object({
  manquants: z
    .string()
    .optional()
    .transform((v) => v === '1')
    .catch(false),
  jusqua: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
});
