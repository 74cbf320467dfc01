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

/** What a summary needs to know of its contract (a ContractBundle is one). */
export interface SummaryContract {
  contract: {
    id: number;
    name: string;
    kind: 'fixed' | 'variable';
    paymentsManaged: boolean;
    paymentInfo: string | null;
    memberInfo: string | null;
    payee: string;
  };
  producer: { name: string };
  products: readonly { id: number; name: string; unit: string; priceCents: number }[];
}

/** A subscription's line with its delivery's date instead of its id. */
export interface DatedLine {
  deliveryOn: string;
  contractProductId: number;
  quantity: number;
}

type SummaryCheque = { dueOn: string; amountCents: number; status: ChequeStatus | null };

/** Builds the summary from the contract and the subscription's lines; no database. */
export function summarizeSubscription(
  bundle: ContractBundle,
  lines: readonly QuantityLine[],
  cheques: readonly SummaryCheque[],
  totalCents: number,
  creditCents = 0,
): SubscriptionSummary {
  const on = new Map(bundle.deliveries.map((d) => [d.id, d.deliveryOn]));
  const dated = lines.map((l) => ({
    deliveryOn: on.get(l.deliveryId)!,
    contractProductId: l.contractProductId,
    quantity: l.quantity,
  }));
  return summarizeDatedLines(bundle, dated, cheques, totalCents, creditCents);
}

// One collator for every summary: `localeCompare(…, 'fr')` looks the locale up at each call.
const FRENCH = new Intl.Collator('fr');
const byName = (a: SummaryItem, b: SummaryItem) => FRENCH.compare(a.name, b.name);

/**
 * What a fixed contract's summary needs of its deliveries besides the first one's basket: how many
 * and the last. "Mes contrats" reads only these, not every line of the season.
 */
export interface DeliverySpan {
  deliveryCount: number;
  lastDelivery: string | null;
}

/**
 * The same summary from lines that carry their delivery date ("Mes contrats" reads them so). With
 * `span`, the lines are only the first delivery's (a fixed contract): the summary has its basket,
 * the span's count and last date, and no per-delivery list (a fixed contract's summary shows none).
 */
export function summarizeDatedLines(
  of: SummaryContract,
  lines: readonly DatedLine[],
  cheques: readonly SummaryCheque[],
  totalCents: number,
  creditCents = 0,
  span?: DeliverySpan,
): SubscriptionSummary {
  const cp = new Map(of.products.map((o) => [o.id, o]));
  const byDelivery = new Map<string, SummaryItem[]>();
  for (const l of lines) {
    const o = cp.get(l.contractProductId)!;
    const item = { name: o.name, unit: o.unit, quantity: l.quantity, priceCents: o.priceCents };
    const items = byDelivery.get(l.deliveryOn);
    if (items) items.push(item);
    else byDelivery.set(l.deliveryOn, [item]);
  }
  // Most deliveries carry one product and the lines come in date order: sorting only what needs it
  // spares a sort (its working copy, the collator) for each of a season's forty deliveries.
  const perDelivery: SubscriptionSummary['perDelivery'] = [];
  let inOrder = true;
  for (const [deliveryOn, items] of byDelivery) {
    if (items.length > 1) items.sort(byName);
    let cents = 0;
    for (const i of items) cents += i.quantity * i.priceCents;
    if (perDelivery.length && perDelivery[perDelivery.length - 1].deliveryOn > deliveryOn) inOrder = false;
    perDelivery.push({ deliveryOn, items, cents });
  }
  if (!inOrder) perDelivery.sort((a, b) => (a.deliveryOn < b.deliveryOn ? -1 : a.deliveryOn > b.deliveryOn ? 1 : 0));
  const fixedItems = of.contract.kind === 'fixed' && perDelivery.length ? perDelivery[0].items : [];
  const paid = cheques.filter((c) => c.amountCents > 0);
  return {
    contractId: of.contract.id,
    contractName: of.contract.name,
    producerName: of.producer.name,
    kind: of.contract.kind,
    deliveryCount: span ? span.deliveryCount : perDelivery.length,
    firstDelivery: perDelivery[0]?.deliveryOn ?? null,
    lastDelivery: span ? span.lastDelivery : (perDelivery[perDelivery.length - 1]?.deliveryOn ?? null),
    fixedItems,
    perDeliveryCents: fixedItems.reduce((s, i) => s + i.quantity * i.priceCents, 0),
    perDelivery: span ? [] : perDelivery,
    totalCents,
    paymentsManaged: of.contract.paymentsManaged,
    paymentInfo: of.contract.paymentInfo,
    memberInfo: of.contract.memberInfo,
    payee: of.contract.payee,
    cheques: paid.map((c) => ({ ...c })),
    chequeGroups: groupChequesByAmount(paid),
    chequeCount: paid.length,
    creditCents,
  };
}
