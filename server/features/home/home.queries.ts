import { and, asc, eq, gte, inArray, isNull, min, sql } from 'drizzle-orm';
import { cheques, contracts, deliveries, paymentDates, producers, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { membershipCallToAction } from '../memberships/memberships.queries.js';
import { nextSteps } from '../installation/next-steps.queries.js';
import { payeeSummaries, type PayeeSummary } from '../../read/cheque-lines.js';
import { collections, firstCollectionDay } from '../../read/collections.js';
import { contractPayments, paymentSentence, type ContractPayment } from '../cheques/contract-payments.js';
import { homeDuty } from '../duty/duty.queries.js';
import { displayName } from '../../lib/format.js';

export interface NextCollection {
  deliveryOn: string;
  items: {
    contractName: string;
    producerName: string;
    productName: string;
    unit: string;
    quantity: number;
    /** The other household of a shared basket ("Léa Martin"), or null. */
    sharedWith: string | null;
  }[];
}

/**
 * The member's next delivery day (today included) and what they collect there, their share of a
 * shared basket included (only on their days), in a few queries.
 */
export function nextCollection(db: Db, memberId: number, today: string): NextCollection | null {
  const next = firstCollectionDay(db, { collectorId: memberId, from: today });
  if (!next) return null;
  const [day] = collections(db, { collectorId: memberId, from: next, to: next });
  const items = (day?.members ?? []).flatMap((m) =>
    m.contracts.flatMap((c) =>
      c.products.map((p) => ({
        contractName: c.contractName,
        producerName: c.producerName,
        productName: p.productName,
        unit: p.unit,
        quantity: p.quantity,
        sharedWith: c.sharedWith ? displayName(c.sharedWith) : null,
      })),
    ),
  );
  return { deliveryOn: next, items };
}

const nextDayColumns = { on: min(deliveries.deliveryOn) };

/** The AMAP's next distribution day, for members who collect nothing yet. */
export function nextDistributionDay(db: Db, today: string): string | null {
  return (
    prepared(db, 'next-distribution-day', () => ({
      fields: nextDayColumns,
      query: db
        .select(nextDayColumns)
        .from(deliveries)
        .innerJoin(contracts, eq(contracts.id, deliveries.contractId))
        .where(
          and(eq(contracts.status, 'open'), isNull(deliveries.cancelledAt), gte(deliveries.deliveryOn, ph('today'))),
        ),
    })).get({ today })?.on ?? null
  );
}

const toSignColumns = {
  id: contracts.id,
  name: contracts.name,
  closesOn: contracts.closesOn,
  producerName: producers.name,
};

/** Contracts whose window is open and that the member has not signed. */
export function contractsToSign(db: Db, memberId: number, today: string) {
  return prepared(db, 'contracts-to-sign', () => ({
    fields: toSignColumns,
    query: db
      .select(toSignColumns)
      .from(contracts)
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .where(
        and(
          eq(contracts.status, 'open'),
          sql`${contracts.opensOn} <= ${ph('today')}`,
          sql`${contracts.closesOn} >= ${ph('today')}`,
          sql`not exists (select 1 from ${subscriptions} where ${subscriptions.contractId} = ${contracts.id} and ${subscriptions.memberId} = ${ph('memberId')} and ${subscriptions.status} = 'active')`,
        ),
      )
      .orderBy(asc(contracts.closesOn)),
  })).all({ today, memberId });
}

export interface HomeCheques {
  /** Contracts with cheques still to bring, each in one sentence with its due date. */
  contracts: (ContractPayment & { sentence: string })[];
  /** Promised cheques grouped by payee in alphabetical order: what to write. */
  toBring: PayeeSummary[];
  /** Cheques the AMAP already handed over to the producers. */
  handedOverCount: number;
}

const homeChequeColumns = {
  subscriptionId: subscriptions.id,
  subscriptionStatus: subscriptions.status,
  contractName: contracts.name,
  payee: contracts.payee,
  status: cheques.status,
  amountCents: cheques.amountCents,
  dueOn: paymentDates.dueOn,
};

/**
 * The member's cheques as the home page adds them up: only the columns it uses, so none of the
 * joins to producers, members and handovers that the full cheque line needs (read/cheque-lines).
 * In the member's order of the full lines: by due date, then contract.
 */
function homeChequeLines(db: Db, memberId: number) {
  return prepared(db, 'home-cheque-lines', () => ({
    fields: homeChequeColumns,
    query: db
      .select(homeChequeColumns)
      .from(cheques)
      .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
      .innerJoin(subscriptions, eq(subscriptions.id, cheques.subscriptionId))
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .where(
        and(
          eq(subscriptions.memberId, ph('memberId')),
          inArray(cheques.status, ['promised', 'received', 'handed_over']),
        ),
      )
      .orderBy(asc(paymentDates.dueOn), asc(contracts.name), asc(cheques.id)),
  })).all({ memberId });
}

/** The member's cheques for the home page, in one query. */
export function homeCheques(db: Db, memberId: number): HomeCheques {
  const lines = homeChequeLines(db, memberId);
  const promised = lines.filter((l) => l.status === 'promised');
  return {
    contracts: contractPayments(lines)
      .filter((p) => p.toBringCents > 0)
      .map((p) => ({ ...p, sentence: paymentSentence(p) })),
    toBring: payeeSummaries(promised).sort((a, b) => (a.payee < b.payee ? -1 : a.payee > b.payee ? 1 : 0)),
    handedOverCount: lines.filter((l) => l.status === 'handed_over').length,
  };
}

/** Accueil, "what do I have to do?": everything the page shows, for this member and today. */
export function homePage(ctx: Ctx, actor: Actor) {
  const today = ctx.today();
  const collection = nextCollection(ctx.db, actor.id, today);
  return {
    today,
    collection,
    nextDay: collection ? null : nextDistributionDay(ctx.db, today),
    toSign: contractsToSign(ctx.db, actor.id, today),
    cheques: homeCheques(ctx.db, actor.id),
    membership: membershipCallToAction(ctx.db, actor.id, today),
    // A fresh installation: the administrator's first steps, until they are all done.
    nextSteps: may(actor, 'administer', { type: 'amap' }) ? nextSteps(ctx.db) : null,
    duty: homeDuty(ctx, actor),
  };
}
