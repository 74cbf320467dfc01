/**
 * "Mes contrats": every subscription of the member in one prepared statement. Each current
 * subscription carries its lines, cheques and products as JSON columns: handing a few hundred small
 * rows one by one from SQLite to JavaScript costs far more than SQLite's own work, and a past
 * subscription (archived or cancelled) reads none of them since the page shows only its total.
 */
import { asc, eq, sql } from 'drizzle-orm';
import {
  cheques,
  contractProducts,
  contracts,
  credits,
  deliveries,
  paymentDates,
  producers,
  products,
  subscriptionQuantities,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import { ACTIVE_STATUSES, isFrozen, type ChequeStatus } from '../../domain/cheque-status.js';
import { frozenCents, owedBackCents, payableCents } from '../../domain/subscription-schedule.js';
import { absenceSummaryFrom, absenceSummaryJson, type AbsenceSummary } from '../../read/absences.js';
import { summarizeDatedLines, type DatedLine, type SubscriptionSummary } from './subscription-summary.js';

export interface CurrentSubscription {
  summary: SubscriptionSummary;
  /** Null when the contract allows neither absences nor offered baskets (nothing to say). */
  absences: AbsenceSummary | null;
  /** Deliveries still to come (today included), cancelled ones left out. */
  deliveriesLeft: number;
}

export interface PastSubscription {
  contractId: number;
  contractName: string;
  producerName: string;
  totalCents: number;
  status: 'active' | 'cancelled';
}

/** Active on a contract still open; the rest (archived contract or cancelled subscription) is past. */
const isCurrent = sql`(${subscriptions.status} = 'active' and ${contracts.status} = 'open')`;
const activeCheque = sql.join(
  ACTIVE_STATUSES.map((s) => sql`${s}`),
  sql`, `,
);

// The JSON columns below are arrays of arrays, in the order the decoding reads them.
const hasLines = sql`exists (select 1 from ${subscriptionQuantities} where ${subscriptionQuantities.subscriptionId} = ${subscriptions.id}
  and ${subscriptionQuantities.deliveryId} = ${deliveries.id})`;
/** The subscription's first (or, `desc`, last) delivery with something on it, walking the contract's dates in order. */
const edgeDelivery = (column: typeof deliveries.id | typeof deliveries.deliveryOn, desc: boolean) =>
  sql`(select ${column} from ${deliveries} where ${deliveries.contractId} = ${subscriptions.contractId} and ${hasLines}
    order by ${deliveries.deliveryOn} ${sql.raw(desc ? 'desc' : 'asc')} limit 1)`;
const lineJson = sql`json_array(${deliveries.deliveryOn}, ${subscriptionQuantities.contractProductId}, ${subscriptionQuantities.quantity})`;
// A fixed contract repeats its basket: the page shows the first delivery's and the span, so it
// reads those lines only, not the whole season's. A variable contract lists every delivery. Both
// come in the order of the quantities' key (delivery, product): the summary groups them by date and
// sorts them itself, so a sort here (a temporary b-tree for each subscription) would be done twice.
const linesJson = sql<string | null>`case when ${isCurrent} then case when ${contracts.kind} = 'fixed' then (
  select json_group_array(${lineJson})
  from ${deliveries} join ${subscriptionQuantities} on ${subscriptionQuantities.subscriptionId} = ${subscriptions.id}
    and ${subscriptionQuantities.deliveryId} = ${deliveries.id}
  where ${deliveries.id} = ${edgeDelivery(deliveries.id, false)})
else (
  select json_group_array(${lineJson})
  from ${subscriptionQuantities} join ${deliveries} on ${deliveries.id} = ${subscriptionQuantities.deliveryId}
  where ${subscriptionQuantities.subscriptionId} = ${subscriptions.id}) end end`;
/** A fixed contract's [delivery count, last delivery]: the rest of what its lines would have said. */
const spanJson = sql<string | null>`case when ${isCurrent} and ${contracts.kind} = 'fixed' then json_array(
  (select count(distinct ${subscriptionQuantities.deliveryId}) from ${subscriptionQuantities}
    where ${subscriptionQuantities.subscriptionId} = ${subscriptions.id}),
  ${edgeDelivery(deliveries.deliveryOn, true)}) end`;
// Zero cheques are left out: the page lists none, and they add nothing to what was collected.
// Sorted by date in JavaScript (`currentOf`): ten cheques sort there for less than SQLite's sorter costs to set up.
const chequesJson = sql<string | null>`case when ${isCurrent} then (
  select json_group_array(json_array(${paymentDates.dueOn}, ${cheques.amountCents}, ${cheques.status}))
  from ${cheques} join ${paymentDates} on ${paymentDates.id} = ${cheques.paymentDateId}
  where ${cheques.subscriptionId} = ${subscriptions.id} and ${cheques.status} in (${activeCheque}) and ${cheques.amountCents} > 0) end`;
const productsJson = sql<string | null>`case when ${isCurrent} then (
  select json_group_array(json_array(${contractProducts.id}, ${products.name}, ${products.unit}, ${contractProducts.priceCents}))
  from ${contractProducts} join ${products} on ${products.id} = ${contractProducts.productId}
  where ${contractProducts.contractId} = ${subscriptions.contractId}) end`;
const deliveriesLeft = sql<number>`case when ${isCurrent} then (
  select count(*) from ${deliveries}
  where ${deliveries.contractId} = ${subscriptions.contractId} and ${deliveries.cancelledAt} is null
    and ${deliveries.deliveryOn} >= ${ph('today')}
    and exists (select 1 from ${subscriptionQuantities} where ${subscriptionQuantities.subscriptionId} = ${subscriptions.id}
      and ${subscriptionQuantities.deliveryId} = ${deliveries.id})) else 0 end`;

const columns = {
  contractId: subscriptions.contractId,
  status: subscriptions.status,
  totalCents: subscriptions.totalCents,
  creditsCents: sql<number>`(select coalesce(sum(${credits.amountCents}), 0) from ${credits} where ${credits.subscriptionId} = ${subscriptions.id})`,
  current: sql<number>`${isCurrent}`,
  name: contracts.name,
  kind: contracts.kind,
  paymentsManaged: contracts.paymentsManaged,
  paymentInfo: contracts.paymentInfo,
  memberInfo: contracts.memberInfo,
  payee: contracts.payee,
  producerName: producers.name,
  deliveriesLeft,
  lines: linesJson,
  span: spanJson,
  cheques: chequesJson,
  products: productsJson,
  absences: sql<
    string | null
  >`case when ${isCurrent} then ${absenceSummaryJson(subscriptions.contractId, subscriptions.id)} end`,
};

const myContracts = (db: Db) =>
  prepared(db, 'my-contracts', () => ({
    fields: columns,
    query: db
      .select(columns)
      .from(subscriptions)
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .where(sql`${subscriptions.memberId} = ${ph('memberId')} and ${contracts.status} <> 'draft'`)
      .orderBy(asc(contracts.status), asc(contracts.closesOn)),
  }));
type Row = ReturnType<ReturnType<typeof myContracts>['all']>[number];

/** The member's subscriptions, current ones first (by closing date), drafts never. One statement. */
export function mySubscriptions(
  db: Db,
  memberId: number,
  today: string,
): { current: CurrentSubscription[]; past: PastSubscription[] } {
  const rows = myContracts(db).all({ memberId, today });
  const current: CurrentSubscription[] = [];
  const past: PastSubscription[] = [];
  for (const r of rows) {
    if (r.current) current.push(currentOf(r));
    else
      past.push({
        contractId: r.contractId,
        contractName: r.name,
        producerName: r.producerName,
        totalCents: r.totalCents,
        status: r.status,
      });
  }
  return { current, past };
}

function currentOf(r: Row): CurrentSubscription {
  const lines: DatedLine[] = (JSON.parse(r.lines ?? '[]') as [string, number, number][]).map(
    ([deliveryOn, contractProductId, quantity]) => ({ deliveryOn, contractProductId, quantity }),
  );
  const paid = (JSON.parse(r.cheques ?? '[]') as [string, number, ChequeStatus][]).map(
    ([dueOn, amountCents, status]) => ({ dueOn, amountCents, status }),
  );
  // Read in date order as a rule (no sort in SQL): a sort only when they are not.
  if (paid.some((c, i) => i > 0 && paid[i - 1].dueOn > c.dueOn))
    paid.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  const offered = (JSON.parse(r.products ?? '[]') as [number, string, string, number][]).map(
    ([id, name, unit, priceCents]) => ({ id, name, unit, priceCents }),
  );
  const owedBack = owedBackCents(
    payableCents(r.totalCents, r.creditsCents),
    frozenCents(paid.map((c) => ({ amountCents: c.amountCents, frozen: isFrozen(c.status) }))),
  );
  const contract = {
    id: r.contractId,
    name: r.name,
    kind: r.kind,
    paymentsManaged: r.paymentsManaged,
    paymentInfo: r.paymentInfo,
    memberInfo: r.memberInfo,
    payee: r.payee,
  };
  const span = r.span === null ? undefined : (JSON.parse(r.span) as [number, string | null]);
  return {
    summary: summarizeDatedLines(
      { contract, producer: { name: r.producerName }, products: offered },
      lines,
      paid,
      r.totalCents,
      owedBack,
      span && { deliveryCount: span[0], lastDelivery: span[1] },
    ),
    absences: absenceSummaryFrom(r.absences),
    deliveriesLeft: r.deliveriesLeft,
  };
}
