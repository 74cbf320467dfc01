/**
 * What a contract costs a member before they subscribe (/contrats/:id): how often it delivers,
 * first and last delivery, the price of one delivery and the season total for a typical choice
 * (one of the first product at every delivery), and the cheques that choice means. No database:
 * the contract's bundle in, plain figures out.
 */
import { groupChequesByAmount, type ChequeGroup } from '../../domain/cheque-grouping.js';
import { proposeSchedule } from '../../domain/payment-schedule.js';
import { subscriptionTotalCents } from '../../domain/subscription-total.js';
import type { ContractBundle } from '../../read/contract-bundle.js';

export interface ContractOffer {
  /** "chaque semaine", "toutes les deux semaines", "une fois par mois", or null (dates picked by hand). */
  rhythm: string | null;
  deliveryCount: number;
  firstDelivery: string | null;
  lastDelivery: string | null;
  /** The typical choice, or null when the contract offers no product or no delivery yet. */
  typical: {
    productName: string;
    unit: string;
    perDeliveryCents: number;
    totalCents: number;
    /** The proposed cheques (payments managed by the AMAP): count, amounts by month. */
    chequeCount: number;
    chequeGroups: ChequeGroup[];
    /** The first payment date: the cheques are brought before it. */
    firstDueOn: string | null;
  } | null;
  payee: string;
  paymentsManaged: boolean;
}

const DAY = 24 * 3600 * 1000;

/** How often the dates come, when they follow a rhythm people name; null otherwise. */
export function deliveryRhythm(dates: readonly string[]): string | null {
  if (dates.length < 2) return null;
  const gaps = dates.slice(1).map((d, i) => Math.round((Date.parse(d) - Date.parse(dates[i])) / DAY));
  if (gaps.every((g) => g === 7)) return 'chaque semaine';
  if (gaps.every((g) => g === 14)) return 'toutes les deux semaines';
  if (gaps.every((g) => g >= 28 && g <= 35)) return 'une fois par mois';
  return null;
}

export function contractOffer(bundle: ContractBundle): ContractOffer {
  const c = bundle.contract;
  const dates = bundle.deliveries.filter((d) => !d.cancelled).map((d) => d.deliveryOn);
  const first = bundle.products[0];
  let typical: ContractOffer['typical'] = null;
  if (first && dates.length) {
    const totalCents = subscriptionTotalCents(
      dates.map((deliveryOn) => ({ deliveryOn, contractProductId: first.id, quantity: 1 })),
      new Map([[first.id, first.priceCents]]),
      new Set(),
    );
    const amounts = c.paymentsManaged
      ? proposeSchedule(totalCents, bundle.paymentDates.length, {
          rule: c.proposalRule,
          minChequeCents: c.minChequeCents,
        })
      : [];
    const lines = amounts.map((amountCents, i) => ({ amountCents, dueOn: bundle.paymentDates[i].dueOn }));
    const paid = lines.filter((l) => l.amountCents > 0);
    typical = {
      productName: first.name,
      unit: first.unit,
      perDeliveryCents: first.priceCents,
      totalCents,
      chequeCount: paid.length,
      chequeGroups: groupChequesByAmount(paid),
      firstDueOn: paid[0]?.dueOn ?? null,
    };
  }
  return {
    rhythm: deliveryRhythm(dates),
    deliveryCount: dates.length,
    firstDelivery: dates[0] ?? null,
    lastDelivery: dates[dates.length - 1] ?? null,
    typical,
    payee: c.payee,
    paymentsManaged: c.paymentsManaged,
  };
}
