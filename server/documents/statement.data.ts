/**
 * The data of a member's statement (récapitulatif): per contract of a season (the year of its first
 * delivery) or for one contract, what was ordered, every cheque (bank, number, amount, month, day
 * received, day handed over, status), the credits, and what is still due or owed back. Five queries
 * whatever the number of contracts, cheques or members.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import {
  contractProducts,
  contracts,
  credits,
  deliveries,
  members,
  producers,
  products,
  subscriptionQuantities,
  subscriptions,
} from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import type { ChequeStatus } from '../domain/cheque-status.js';
import { computeBalance, type Balance } from '../domain/balance.js';
import { ph, prepared } from '../db/prepared.js';
import { chequeLines } from '../read/cheque-lines.js';
import { todayIn } from '../lib/today.js';

export interface StatementCheque {
  dueOn: string;
  amountCents: number;
  status: Exclude<ChequeStatus, 'cancelled'>;
  bank: string | null;
  number: string | null;
  /** Day received (YYYY-MM-DD, in the AMAP's timezone), or null. */
  receivedOn: string | null;
  handedOverOn: string | null;
}

export interface StatementContract {
  contractId: number;
  contractName: string;
  producerName: string;
  payee: string;
  paymentsManaged: boolean;
  cancelled: boolean;
  firstDelivery: string | null;
  lastDelivery: string | null;
  /** What was ordered over the season, per product. */
  ordered: { name: string; unit: string; quantity: number; amountCents: number }[];
  cheques: StatementCheque[];
  credits: { amountCents: number; reason: string; on: string }[];
  balance: Balance;
}

export interface StatementData {
  amapName: string;
  firstName: string;
  lastName: string;
  /** "Saison 2027" or the contract's name. */
  scope: { season: number } | { contractId: number; contractName: string };
  contracts: StatementContract[];
}

/** A season or a contract the member may ask a statement for. */
export interface StatementChoices {
  seasons: number[];
  contracts: { id: number; name: string; season: number }[];
}

type SubscriptionRow = {
  subscriptionId: number;
  status: 'active' | 'cancelled';
  totalCents: number;
  contractId: number;
  contractName: string;
  producerName: string;
  payee: string;
  paymentsManaged: boolean;
  firstDelivery: string | null;
  lastDelivery: string | null;
};

const delivery = (fn: 'min' | 'max') =>
  sql<
    string | null
  >`(select ${sql.raw(fn)}(${deliveries.deliveryOn}) from ${deliveries} where ${deliveries.contractId} = ${contracts.id} and ${deliveries.cancelledAt} is null)`;

const subscriptionColumns = {
  subscriptionId: subscriptions.id,
  status: subscriptions.status,
  totalCents: subscriptions.totalCents,
  contractId: contracts.id,
  contractName: contracts.name,
  producerName: producers.name,
  payee: contracts.payee,
  paymentsManaged: contracts.paymentsManaged,
  firstDelivery: delivery('min'),
  lastDelivery: delivery('max'),
};

function subscriptionsOf(db: Db, memberId: number): SubscriptionRow[] {
  // "Mes paiements" lists the statements at each view: prepared once, not built each time.
  return prepared(db, 'statement-subscriptions', () => ({
    fields: subscriptionColumns,
    query: db
      .select(subscriptionColumns)
      .from(subscriptions)
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .where(eq(subscriptions.memberId, ph('memberId')))
      .orderBy(asc(contracts.name)),
  }))
    .all({ memberId })
    .sort(bySeason);
}

/** A member's contracts from the first delivered to the last. */
function bySeason(
  a: { firstDelivery: string | null; contractName: string },
  b: { firstDelivery: string | null; contractName: string },
): number {
  return (a.firstDelivery ?? '').localeCompare(b.firstDelivery ?? '') || a.contractName.localeCompare(b.contractName);
}

/** The season of a contract: the year of its first delivery (of its window when it has none yet). */
function seasonOf(s: { firstDelivery: string | null }): number {
  return Number((s.firstDelivery ?? '0000').slice(0, 4));
}

/** The seasons and contracts a member has a statement for. One query. */
export function statementChoices(db: Db, memberId: number): StatementChoices {
  return statementChoicesOf(subscriptionsOf(db, memberId));
}

/**
 * The same, from the member's subscriptions read by the caller (contracts ordered by name), so
 * that "Mes paiements" lists the statements from the subscriptions it reads anyway.
 */
export function statementChoicesOf(
  subscriptions: readonly { contractId: number; contractName: string; firstDelivery: string | null }[],
): StatementChoices {
  const subs = subscriptions.filter((s) => s.firstDelivery).sort(bySeason);
  return {
    seasons: [...new Set(subs.map(seasonOf))].sort((a, b) => b - a),
    contracts: subs.map((s) => ({ id: s.contractId, name: s.contractName, season: seasonOf(s) })).reverse(),
  };
}

/**
 * The member's statement for a season (`{ season: 2027 }`) or a contract (`{ contractId }`); null
 * when the member does not exist or holds no subscription there.
 */
export function statementData(
  db: Db,
  memberId: number,
  scope: { season: number } | { contractId: number },
  amapName: string,
  timeZone: string,
): StatementData | null {
  const member = db
    .select({ firstName: members.firstName, lastName: members.lastName })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  if (!member) return null;
  const subs = subscriptionsOf(db, memberId).filter((s) =>
    'season' in scope ? s.firstDelivery !== null && seasonOf(s) === scope.season : s.contractId === scope.contractId,
  );
  if (subs.length === 0) return null;
  const bySubscription = new Set(subs.map((s) => s.subscriptionId));

  const ordered = db
    .select({
      subscriptionId: subscriptions.id,
      name: products.name,
      unit: products.unit,
      quantity: sql<number>`sum(${subscriptionQuantities.quantity})`,
      amountCents: sql<number>`sum(${subscriptionQuantities.quantity} * ${contractProducts.priceCents})`,
    })
    .from(subscriptionQuantities)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
    .innerJoin(deliveries, eq(deliveries.id, subscriptionQuantities.deliveryId))
    .innerJoin(contractProducts, eq(contractProducts.id, subscriptionQuantities.contractProductId))
    .innerJoin(products, eq(products.id, contractProducts.productId))
    .where(
      and(eq(subscriptions.memberId, memberId), eq(subscriptions.status, 'active'), isNull(deliveries.cancelledAt)),
    )
    .groupBy(subscriptions.id, contractProducts.id)
    .orderBy(asc(contractProducts.position), asc(contractProducts.id))
    .all()
    .filter((o) => o.quantity > 0);
  const cheques = chequeLines(
    db,
    { memberId, statuses: ['promised', 'received', 'handed_over', 'returned'] },
    'member',
  );
  const creditRows = db
    .select({
      subscriptionId: credits.subscriptionId,
      amountCents: credits.amountCents,
      reason: credits.reason,
      createdAt: credits.createdAt,
    })
    .from(credits)
    .innerJoin(subscriptions, eq(subscriptions.id, credits.subscriptionId))
    .where(eq(subscriptions.memberId, memberId))
    .orderBy(asc(credits.id))
    .all();

  const contractsOut = subs.map((s): StatementContract => {
    const mine = cheques.filter((c) => c.subscriptionId === s.subscriptionId && bySubscription.has(c.subscriptionId));
    const myCredits = creditRows.filter((c) => c.subscriptionId === s.subscriptionId);
    const creditsCents = myCredits.reduce((a, c) => a + c.amountCents, 0);
    const total = s.status === 'active' ? s.totalCents : 0;
    return {
      contractId: s.contractId,
      contractName: s.contractName,
      producerName: s.producerName,
      payee: s.payee,
      paymentsManaged: s.paymentsManaged,
      cancelled: s.status === 'cancelled',
      firstDelivery: s.firstDelivery,
      lastDelivery: s.lastDelivery,
      ordered: ordered.filter((o) => o.subscriptionId === s.subscriptionId).map(({ subscriptionId: _s, ...o }) => o),
      cheques: mine.map((c) => ({
        dueOn: c.dueOn,
        amountCents: c.amountCents,
        status: c.status as StatementCheque['status'],
        bank: c.bank,
        number: c.number,
        receivedOn: c.receivedAt ? todayIn(timeZone, new Date(c.receivedAt)) : null,
        handedOverOn: c.handedOverOn,
      })),
      credits: myCredits.map((c) => ({
        amountCents: c.amountCents,
        reason: c.reason,
        on: todayIn(timeZone, new Date(c.createdAt)),
      })),
      balance: computeBalance({ totalCents: total, creditsCents, cheques: mine }),
    };
  });
  return {
    amapName,
    firstName: member.firstName,
    lastName: member.lastName,
    scope: 'season' in scope ? scope : { contractId: scope.contractId, contractName: subs[0].contractName },
    contracts: contractsOut,
  };
}
