/**
 * The downloads of a contract page, in the order of the season: the subscribers and the agreements
 * to sign while subscriptions run, the synthesis to send the producer at closing, the delivery
 * sheet of each delivery, the cheque papers, the statistics. Pure: the contract bundle in, links out.
 */
import type { ContractBundle } from '../../read/contract-bundle.js';

export interface ContractDocuments {
  base: string;
  /** The delivery the sheet is for by default: the next one from today, else the last one. */
  nextDelivery: string | null;
  /** Every delivery (not cancelled), for the range form. */
  deliveryDates: string[];
  /** Whether anyone subscribed (the documents then hold something). */
  hasSubscribers: boolean;
  paymentsManaged: boolean;
  /** The subscription window is over: the synthesis is what to send now. */
  closed: boolean;
}

export function contractDocuments(bundle: ContractBundle, today: string, subscriberCount: number): ContractDocuments {
  const dates = bundle.deliveries.filter((d) => !d.cancelled).map((d) => d.deliveryOn);
  return {
    base: `/gestion/contrats/${bundle.contract.id}`,
    nextDelivery: dates.find((d) => d >= today) ?? dates.at(-1) ?? null,
    deliveryDates: dates,
    hasSubscribers: subscriberCount > 0,
    paymentsManaged: bundle.contract.paymentsManaged,
    closed: bundle.contract.closesOn < today || bundle.contract.status === 'archived',
  };
}
