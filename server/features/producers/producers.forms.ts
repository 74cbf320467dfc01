import { z } from 'zod';
import { optionalTextField, textField } from '../../web/form-fields.js';
import { parseEuros } from '../../domain/money.js';

/** The highest price of a product: 10 000 €. */
export const MAX_PRICE_CENTS = 1_000_000;

export type PriceParse = { ok: true; cents: number } | { ok: false; message: string };

/**
 * A price typed by a person ("12,50", "12.5", "12 €", "1 234,50 €"), in cents, read by the shared
 * parseEuros; refusals get a French message saying what to fix.
 */
export function parsePrice(input: string): PriceParse {
  const s = input.trim();
  if (s === '') return { ok: false, message: 'Prix obligatoire.' };
  if (s.startsWith('-')) return { ok: false, message: 'Le prix ne peut pas être négatif.' };
  const cents = parseEuros(s);
  if (cents === null) {
    return /[.,]\d{3,}[\s\u00a0\u202f]*(€|eur|euros?)?$/i.test(s)
      ? { ok: false, message: 'Deux chiffres après la virgule au plus (les centimes).' }
      : { ok: false, message: 'Prix invalide : écrivez par exemple 12,50.' };
  }
  if (cents > MAX_PRICE_CENTS) return { ok: false, message: 'Prix trop élevé : 10 000 € au plus.' };
  return { ok: true, cents };
}

/** Cents as a person would type them again in a price field: 1250 → "12,50", 1200 → "12,00". */
export function centsToInput(cents: number): string {
  return `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

const price = z.string({ error: 'Prix obligatoire.' }).transform((v, zctx) => {
  const r = parsePrice(v);
  if (r.ok) return r.cents;
  zctx.addIssue({ code: 'custom', message: r.message });
  return z.NEVER;
});

const producerFields = {
  name: textField('Nom', { max: 100, required: 'Nom obligatoire.' }),
  description: optionalTextField('Description', { max: 2000, multiline: true }),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(200, '200 caractères au plus.')
    .refine((v) => v === '' || z.email().safeParse(v).success, 'Adresse e-mail invalide (exemple : contact@ferme.fr).')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null),
  phone: optionalTextField('Téléphone', { max: 30 }),
  address: optionalTextField('Adresse', { max: 200 }),
};

/** The producer's details as edited on their page: the cheque payee is required. */
export const producerForm = z.object({
  ...producerFields,
  payee: textField('Ordre des chèques', { max: 100, required: 'Ordre des chèques obligatoire.' }),
});
export type ProducerInput = z.infer<typeof producerForm>;

/** Creating a producer: a blank payee is the producer's name. */
export const newProducerForm = z
  .object({
    ...producerFields,
    payee: textField('Ordre des chèques', { max: 100 }).default(''),
  })
  .transform((p): ProducerInput => ({ ...p, payee: p.payee || p.name }));

/**
 * A product of the catalogue. The fields are named productName/unit/price in the page, which
 * also holds the producer's own "name" field.
 */
export const productForm = z
  .object({
    productName: textField('Nom du produit', { max: 100, required: 'Nom du produit obligatoire.' }),
    unit: textField('Conditionnement', {
      max: 100,
      required: 'Conditionnement obligatoire (exemple : panier, pain de 1 kg, douzaine).',
    }),
    price,
  })
  .transform((p) => ({ name: p.productName, unit: p.unit, priceCents: p.price }));
export type ProductInput = z.infer<typeof productForm>;

const memberId = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,12}$/, message)
    .transform(Number);
const checkbox = z
  .unknown()
  .optional()
  .transform((v) => v !== undefined && v !== '' && v !== '0');

export const referentForm = z.object({
  referentId: memberId('Choisissez un membre.'),
  notify: checkbox,
});

export const notifyForm = z.object({ notify: checkbox });

export const accountForm = z.object({
  accountId: memberId('Choisissez un membre.'),
});
