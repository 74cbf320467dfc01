import { and, asc, eq, gte, isNull, min, sql } from 'drizzle-orm';
import { contracts, deliveries, producers, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { ph, prepared } from '../../db/prepared.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { membershipCallToAction } from '../memberships/memberships.queries.js';
import { nextSteps } from '../installation/next-steps.queries.js';
import { collectionLines, firstCollectionDay, groupCollections } from '../../read/collections.js';
import { addDays } from '../../domain/delivery-calendar.js';
import { homeCheques } from './home-cheques.queries.js';
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
 * Days looked at first for the next collection: a week holds the next delivery of every weekly
 * contract, so that most members' next day comes from reading that week alone rather than every
 * coming delivery of the season (read only when the week holds nothing).
 */
const FIRST_DAYS = 7;

/**
 * The member's next delivery day (today included) and what they collect there, their share of a
 * shared basket included (only on their days), in a few queries.
 */
export function nextCollection(db: Db, memberId: number, today: string): NextCollection | null {
  const soon = addDays(today, FIRST_DAYS - 1);
  let lines = collectionLines(db, { collectorId: memberId, from: today, to: soon });
  let next: string | null = lines.length > 0 ? lines[0].deliveryOn : null;
  if (next === null) {
    next = firstCollectionDay(db, { collectorId: memberId, from: addDays(soon, 1) });
    if (next === null) return null;
    lines = collectionLines(db, { collectorId: memberId, from: next, to: next });
  }
  const on = next;
  const [day] = groupCollections(lines.filter((l) => l.deliveryOn === on));
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
  return { deliveryOn: on, items };
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
    duty: homeDuty(ctx, actor, today),
  };
}
