import { groupChequesByAmount, type ChequeGroup } from '../../domain/cheque-grouping.js';
import type { ContractBundle } from '../../read/contract-bundle.js';
import type { QuantityLine } from './subscriptions.forms.js';
import type { ChequeStatus } from '../../domain/cheque-status.js';

export interface SummaryItem {
  name: string;
  unit: string;
  quantity: number;
  priceCents: number;
}

/** What a member reads about their subscription: on the confirmation page, in the mail, in "Mes contrats". */
export interface SubscriptionSummary {
  contractId: number;
  contractName: string;
  producerName: string;
  kind: 'fixed' | 'variable';
  deliveryCount: number;
  firstDelivery: string | null;
  lastDelivery: string | null;
  /** Fixed contract: the basket of every delivery and its price. */
  fixedItems: SummaryItem[];
  perDeliveryCents: number;
  /** Variable contract: each delivery with something on it. */
  perDelivery: { deliveryOn: string; items: SummaryItem[]; cents: number }[];
  totalCents: number;
  paymentsManaged: boolean;
  paymentInfo: string | null;
  memberInfo: string | null;
  payee: string;
  cheques: { dueOn: string; amountCents: number; status: ChequeStatus | null }[];
  chequeGroups: ChequeGroup[];
  chequeCount: number;
  creditCents: number;
}

/** Builds the summary from the contract and the subscription's lines; no database. */
export function summarizeSubscription(
  bundle: ContractBundle,
  lines: readonly QuantityLine[],
  cheques: readonly { dueOn: string; amountCents: number; status: ChequeStatus | null }[],
  totalCents: number,
  creditCents = 0,
): SubscriptionSummary {
  const cp = new Map(bundle.products.map((o) => [o.id, o]));
  const delivery = new Map(bundle.deliveries.map((d) => [d.id, d]));
  const byDelivery = new Map<number, QuantityLine[]>();
  for (const l of lines) byDelivery.set(l.deliveryId, [...(byDelivery.get(l.deliveryId) ?? []), l]);
  const perDelivery = [...byDelivery.entries()]
    .map(([deliveryId, ls]) => {
      const items = ls
        .map((l) => {
          const o = cp.get(l.contractProductId)!;
          return { name: o.name, unit: o.unit, quantity: l.quantity, priceCents: o.priceCents };
        })
        .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
      return {
        deliveryOn: delivery.get(deliveryId)!.deliveryOn,
        items,
        cents: items.reduce((s, i) => s + i.quantity * i.priceCents, 0),
      };
    })
    .sort((a, b) => a.deliveryOn.localeCompare(b.deliveryOn));
  const fixedItems = bundle.contract.kind === 'fixed' && perDelivery.length ? perDelivery[0].items : [];
  const paid = cheques.filter((c) => c.amountCents > 0);
  return {
    contractId: bundle.contract.id,
    contractName: bundle.contract.name,
    producerName: bundle.producer.name,
    kind: bundle.contract.kind,
    deliveryCount: perDelivery.length,
    firstDelivery: perDelivery[0]?.deliveryOn ?? null,
    lastDelivery: perDelivery[perDelivery.length - 1]?.deliveryOn ?? null,
    fixedItems,
    perDeliveryCents: fixedItems.reduce((s, i) => s + i.quantity * i.priceCents, 0),
    perDelivery,
    totalCents,
    paymentsManaged: bundle.contract.paymentsManaged,
    paymentInfo: bundle.contract.paymentInfo,
    memberInfo: bundle.contract.memberInfo,
    payee: bundle.contract.payee,
    cheques: paid.map((c) => ({ ...c })),
    chequeGroups: groupChequesByAmount(paid),
    chequeCount: paid.length,
    creditCents,
  };
}
