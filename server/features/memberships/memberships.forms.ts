import { z } from 'zod';
import { isoDateField, optionalTextField, textField } from '../../web/form-fields.js';
import { parseEuros } from '../../domain/money.js';

/** The highest membership fee typed anywhere: 10 000 €. */
export const MAX_FEE_CENTS = 1_000_000;

export const METHODS = ['cheque', 'cash', 'transfer'] as const;
export type MembershipMethod = (typeof METHODS)[number];

/** How a payment method reads in the pages and mails. */
export const METHOD_LABELS: Record<MembershipMethod, string> = {
  cheque: 'chèque',
  cash: 'espèces',
  transfer: 'virement',
};

export type FeeParse = { ok: true; cents: number } | { ok: false; message: string };

/** A fee typed by a person ("20", "12,50", "20 €"), in cents, with a French message when refused. */
export function parseFee(input: string, label = 'Montant'): FeeParse {
  const s = input.trim();
  if (s === '') return { ok: false, message: `${label} obligatoire.` };
  if (s.startsWith('-')) return { ok: false, message: `${label} : un montant négatif n’a pas de sens.` };
  const cents = parseEuros(s);
  if (cents === null) return { ok: false, message: `${label} invalide : écrivez par exemple 20 ou 12,50.` };
  if (cents > MAX_FEE_CENTS) return { ok: false, message: `${label} trop élevé : 10 000 € au plus.` };
  return { ok: true, cents };
}

/** Cents as a person would type them again: 2000 → "20", 1250 → "12,50". */
export function feeToInput(cents: number | null | undefined): string {
  if (cents == null) return '';
  const euros = Math.trunc(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(euros) : `${euros},${String(rest).padStart(2, '0')}`;
}

const fee = (label: string) =>
  z.string({ error: `${label} obligatoire.` }).transform((v, zctx) => {
    const r = parseFee(v, label);
    if (r.ok) return r.cents;
    zctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  });

const optionalFee = (label: string) =>
  z
    .string()
    .optional()
    .transform((v, zctx) => {
      if (v === undefined || v.trim() === '') return null;
      const r = parseFee(v, label);
      if (r.ok) return r.cents;
      zctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    });

const isoDate = isoDateField;

const method = z.enum(METHODS, { error: 'Choisissez le moyen de paiement : chèque, espèces ou virement.' });

/** Cross-field checks run once their own fields are valid (see contracts.forms.ts). */
function parsed(...fields: string[]) {
  return (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    !payload.issues.some((i) => fields.includes(String(i.path?.[0])));
}

/** A membership period as the treasurer edits it. */
export const periodForm = z
  .object({
    name: textField('Nom', { max: 100, required: 'Nom obligatoire (exemple : Adhésion 2026-2027).' }),
    startsOn: isoDate('Début'),
    endsOn: isoDate('Fin'),
    opensOn: isoDate('Ouverture des adhésions'),
    closesOn: isoDate('Fermeture des adhésions'),
    minimum: fee('Montant minimum'),
    suggested: optionalFee('Montant suggéré'),
    payee: textField('Ordre des chèques', { max: 100, required: 'Ordre des chèques obligatoire.' }),
    info: optionalTextField('Informations', { max: 2000, multiline: true }),
  })
  .superRefine(
    (v, zctx) => {
      if (v.endsOn < v.startsOn)
        zctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'La fin doit venir après le début.' });
    },
    { when: parsed('startsOn', 'endsOn') },
  )
  .superRefine(
    (v, zctx) => {
      if (v.closesOn < v.opensOn)
        zctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'La fermeture doit venir après l’ouverture.' });
    },
    { when: parsed('opensOn', 'closesOn') },
  )
  .superRefine(
    (v, zctx) => {
      if (v.suggested !== null && v.suggested < v.minimum) {
        zctx.addIssue({
          code: 'custom',
          path: ['suggested'],
          message: 'Le montant suggéré ne peut pas être inférieur au minimum.',
        });
      }
    },
    { when: parsed('minimum', 'suggested') },
  )
  .transform((v) => ({
    name: v.name,
    startsOn: v.startsOn,
    endsOn: v.endsOn,
    opensOn: v.opensOn,
    closesOn: v.closesOn,
    minimumCents: v.minimum,
    suggestedCents: v.suggested,
    payee: v.payee,
    info: v.info,
  }));
export type PeriodInput = z.infer<typeof periodForm>;

const id = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,12}$/, message)
    .transform(Number);

/** A member joining (or changing a promised membership) from /adhesion. */
export const joinForm = z
  .object({
    periodId: id('Période d’adhésion inconnue : rechargez la page.'),
    amount: fee('Montant'),
    method,
  })
  .transform((v) => ({ periodId: v.periodId, amountCents: v.amount, method: v.method }));
export type JoinInput = z.infer<typeof joinForm>;

/** The treasurer records a membership paid at the table: received at once. */
export const recordForm = z
  .object({
    memberId: id('Choisissez un membre.'),
    amount: fee('Montant'),
    method,
  })
  .transform((v) => ({ memberId: v.memberId, amountCents: v.amount, method: v.method }));
export type RecordInput = z.infer<typeof recordForm>;

export const FILTERS = ['toutes', 'payees', 'promises', 'non-adherents'] as const;
export type RosterFilter = (typeof FILTERS)[number];

/** The period page's query string: ?filtre=…&q=…&membre=… */
export const rosterQuery = z.object({
  filtre: z.enum(FILTERS).catch('toutes'),
  q: textField('Recherche', { max: 100 }).catch(''),
  membre: z.coerce.number().int().positive().optional().catch(undefined),
});
export type RosterQuery = z.infer<typeof rosterQuery>;

/** "chèque à l’ordre de AMAP des Volcans", "espèces", "virement". */
export function paymentPhrase(method: MembershipMethod, payee: string): string {
  return method === 'cheque' ? `chèque à l’ordre de ${payee}` : METHOD_LABELS[method];
}
