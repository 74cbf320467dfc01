import { z } from 'zod';
import { isoDateField, optionalTextField, textField } from '../../web/form-fields.js';
import { parseEuros } from '../../domain/money.js';

const isoDate = isoDateField;

/** A euro amount typed by a person → cents; empty → null. */
export const optionalEuros = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const cents = parseEuros(v);
    if (cents === null) {
      ctx.addIssue({ code: 'custom', message: 'Montant invalide (exemple : 12,50).' });
      return z.NEVER;
    }
    return cents;
  });

/**
 * A cross-field date check runs once both dates are valid, even when other fields are not, so that
 * every message shows at the first submit (zod skips refinements after any issue by default).
 */
function datesParsed(...fields: string[]) {
  return (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    !payload.issues.some((i) => fields.includes(String(i.path?.[0])));
}

const checkbox = z
  .unknown()
  .optional()
  .transform((v) => v !== undefined && v !== '');

/** The contract's general and payment settings (products, dates and payment dates have their own forms). */
export const contractForm = z
  .object({
    producerId: z.coerce.number({ error: 'Choisissez le producteur.' }).int().positive('Choisissez le producteur.'),
    name: textField('Nom du contrat', { max: 120, required: 'Nom du contrat obligatoire.' }),
    description: optionalTextField('Description', { max: 2000, multiline: true }),
    memberInfo: optionalTextField('Informations aux membres', { max: 4000, multiline: true }),
    conditions: optionalTextField('Texte du contrat d’engagement', { max: 8000, multiline: true }),
    kind: z.enum(['fixed', 'variable'], { error: 'Choisissez le type de contrat.' }),
    opensOn: isoDate('Ouverture'),
    closesOn: isoDate('Fermeture'),
    paymentsManaged: checkbox,
    paymentInfo: optionalTextField('Informations de paiement', { max: 2000, multiline: true }),
    payee: textField('Ordre des chèques', { max: 120 }).default(''),
    paymentDay: z.coerce
      .number()
      .int()
      .min(1, 'Jour du mois entre 1 et 28.')
      .max(28, 'Jour du mois entre 1 et 28.')
      .default(5),
    proposalRule: z.enum(['whole-euros', 'cents']).default('whole-euros'),
    minCheque: optionalEuros,
    membersEditAmounts: checkbox,
  })
  .superRefine(
    (v, ctx) => {
      if (v.opensOn && v.closesOn && v.closesOn < v.opensOn) {
        ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'La fermeture doit venir après l’ouverture.' });
      }
    },
    { when: datesParsed('opensOn', 'closesOn') },
  );
/** What the form gives; `conditions` may be left out by other callers (demo, bench): the default text. */
export type ContractInput = Omit<z.infer<typeof contractForm>, 'conditions'> & { conditions?: string | null };

/** Generating delivery dates between two dates. */
export const deliveryGenerationForm = z
  .object({
    from: isoDate('Du'),
    to: isoDate('Au'),
    frequency: z.enum(['weekly', 'fortnightly', 'monthly'], { error: 'Choisissez la fréquence.' }),
    weekday: z.coerce.number().int().min(1).max(7),
    nth: z.coerce.number().int().min(1).max(5).default(1),
  })
  .superRefine(
    (v, ctx) => {
      if (v.from && v.to && v.to < v.from)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'La date de fin doit venir après la date de début.' });
    },
    { when: datesParsed('from', 'to') },
  );
export type DeliveryGenerationInput = z.infer<typeof deliveryGenerationForm>;

export const singleDateForm = z.object({ date: isoDate('Date') });

/**
 * The products of a contract come as fields `product_<productId>` (checkbox), `price_<productId>`,
 * `max_<productId>` and `capacity_<productId>` (places per delivery for everyone together): one
 * line per product of the producer's catalogue.
 */
export function parseContractProducts(
  body: Record<string, unknown>,
  catalogue: { id: number; name: string }[],
):
  | {
      ok: true;
      products: { productId: number; priceCents: number; maxPerDelivery: number | null; capacity: number | null }[];
    }
  | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const products: { productId: number; priceCents: number; maxPerDelivery: number | null; capacity: number | null }[] =
    [];
  for (const p of catalogue) {
    if (!body[`product_${p.id}`]) continue;
    const price = parseEuros(String(body[`price_${p.id}`] ?? ''));
    if (price === null) errors[`price_${p.id}`] = 'Prix invalide (exemple : 12,50).';
    const maxRaw = String(body[`max_${p.id}`] ?? '').trim();
    let max: number | null = null;
    if (maxRaw !== '') {
      max = Number(maxRaw);
      if (!Number.isInteger(max) || max < 1 || max > 999)
        errors[`max_${p.id}`] = 'Un nombre entier entre 1 et 999, ou vide.';
    }
    const capacityRaw = String(body[`capacity_${p.id}`] ?? '').trim();
    let capacity: number | null = null;
    if (capacityRaw !== '') {
      capacity = Number(capacityRaw);
      if (!/^\d+$/.test(capacityRaw) || capacity < 1 || capacity > 9999)
        errors[`capacity_${p.id}`] = 'Un nombre entier entre 1 et 9999, ou vide.';
    }
    if (price !== null && price > 1_000_000) errors[`price_${p.id}`] = 'Prix trop élevé.';
    products.push({ productId: p.id, priceCents: price ?? 0, maxPerDelivery: max, capacity });
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  if (products.length === 0) return { ok: false, errors: { _form: 'Cochez au moins un produit.' } };
  return { ok: true, products };
}
