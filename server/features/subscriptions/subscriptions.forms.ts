import { parseEuros } from '../../domain/money.js';
import type { ContractBundle } from '../../read/contract-bundle.js';

/** One quantity of one product on one delivery (only positive quantities are kept). */
export interface QuantityLine {
  deliveryId: number;
  contractProductId: number;
  quantity: number;
}

/** Without a maximum set by the referent, a quantity above this is surely a typo. */
export const DEFAULT_MAX_QUANTITY = 99;

export function quantityField(contractProductId: number, deliveryId?: number): string {
  return deliveryId === undefined ? `q_${contractProductId}` : `q_${deliveryId}_${contractProductId}`;
}

/**
 * Reads the quantities form: `q_<product>` for a fixed contract (repeated at every delivery not
 * cancelled), `q_<delivery>_<product>` for a variable one. Empty means 0.
 */
export function parseQuantities(
  body: Record<string, unknown>,
  bundle: ContractBundle,
): { ok: true; lines: QuantityLine[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const lines: QuantityLine[] = [];
  const open = bundle.deliveries.filter((d) => !d.cancelled);
  const read = (field: string, max: number): number => {
    const raw = String(body[field] ?? '').trim();
    if (raw === '') return 0;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
      errors[field] = 'Un nombre entier, 0 ou plus.';
      return 0;
    }
    if (n > max) {
      errors[field] = `${max} au plus par livraison.`;
      return 0;
    }
    return n;
  };
  for (const cp of bundle.products) {
    const max = cp.maxPerDelivery ?? DEFAULT_MAX_QUANTITY;
    if (bundle.contract.kind === 'fixed') {
      const q = read(quantityField(cp.id), max);
      if (q > 0) for (const d of open) lines.push({ deliveryId: d.id, contractProductId: cp.id, quantity: q });
    } else {
      for (const d of open) {
        const q = read(quantityField(cp.id, d.id), max);
        if (q > 0) lines.push({ deliveryId: d.id, contractProductId: cp.id, quantity: q });
      }
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  if (lines.length === 0)
    return { ok: false, errors: { _form: 'Choisissez au moins un produit (une quantité de 1 ou plus).' } };
  return { ok: true, lines };
}

/** No contract cheque is above this (100 000 €): beyond it a typed amount is a typo or a trick. */
export const MAX_CHEQUE_CENTS = 10_000_000;

/** The amounts typed on the payment step (`amount_<paymentDateId>`, in euros). */
export function parseAmounts(
  body: Record<string, unknown>,
  paymentDateIds: number[],
): { ok: true; amounts: Map<number, number> } | { ok: false; errors: Record<string, string> } {
  const amounts = new Map<number, number>();
  const errors: Record<string, string> = {};
  for (const id of paymentDateIds) {
    const field = `amount_${id}`;
    if (body[field] === undefined) continue;
    const raw = String(body[field]).trim();
    const cents = raw === '' ? 0 : parseEuros(raw);
    if (cents === null) errors[field] = 'Montant invalide (exemple : 75 ou 75,50).';
    else if (cents > MAX_CHEQUE_CENTS) errors[field] = 'Montant trop élevé pour un chèque de contrat.';
    else amounts.set(id, cents);
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, amounts };
}
