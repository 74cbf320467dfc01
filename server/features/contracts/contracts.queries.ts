import { and, asc, eq, inArray, sql, type SQLWrapper } from 'drizzle-orm';
import {
  cheques,
  contractProducts,
  contracts,
  deliveries,
  members,
  paymentDates,
  producers,
  products,
  subscriptionQuantities,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { bool, ph, prepared } from '../../db/prepared.js';
import type { Actor } from '../../lib/context.js';
import { producerScope } from '../../domain/access.js';
import { nameHasWords, searchWords } from '../../domain/name-search.js';
import { contractSummaryColumns as summaryColumns, type ContractSummary } from '../../read/contract-summaries.js';

/** The contracts whose orders an actor may read (administrator, treasurer: all), newest season first. */
export function listManagedContracts(db: Db, actor: Actor): ContractSummary[] {
  const producerIds = producerScope(actor, 'see-orders');
  if (producerIds && producerIds.length === 0) return [];
  return db
    .select(summaryColumns)
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(producerIds ? inArray(contracts.producerId, producerIds) : undefined)
    .orderBy(
      sql`case ${contracts.status} when 'archived' then 1 else 0 end`,
      sql`${contracts.opensOn} desc`,
      asc(producers.name),
    )
    .all();
}

const catalogueColumns = {
  id: products.id,
  name: products.name,
  unit: products.unit,
  defaultPriceCents: products.defaultPriceCents,
  active: products.active,
};

/** Products of the producer's catalogue, for the contract's product form. */
export function catalogueOf(db: Db, producerId: number) {
  return prepared(db, 'contract-catalogue', () => ({
    fields: catalogueColumns,
    query: db
      .select(catalogueColumns)
      .from(products)
      .where(eq(products.producerId, ph('producerId')))
      .orderBy(asc(products.name)),
  })).all({ producerId });
}

type MemberName = { id: number; firstName: string; lastName: string };

/**
 * Whether some active member has no subscription in force on this contract: the contract page
 * offers "subscribe for a member" only then. An EXISTS, which SQLite ends at the first member
 * found (its plan says `SEARCH members EXISTS`). Written as `select 1 … limit 1` with drizzle's
 * `.limit(1)`, which binds the 1 as a parameter, the same probe took two to four times as long
 * on the bench contract (17–30 µs alone against 7 µs; 104 against 12 µs inside the server).
 */
export function anyoneToSubscribe(db: Db, contractId: number): boolean {
  const found = prepared(db, 'contract-anyone-to-subscribe', () => {
    const fields = { found: sql<number>`1` };
    return {
      fields,
      query: db
        .select(fields)
        .from(contracts)
        .where(
          sql`${contracts.id} = ${ph('contractId')} and exists (select 1 from ${members} where ${members.active} = ${ph('active')}
            and not exists (select 1 from ${subscriptions}
              where ${subscriptions.contractId} = ${contracts.id} and ${subscriptions.memberId} = ${members.id}
                and ${subscriptions.status} = 'active'))`,
        ),
    };
  }).get({ active: bool(true), contractId });
  return found !== undefined;
}

export interface MembersFound {
  /** Active members without a subscription in force here: the referent may subscribe them. */
  toSubscribe: MemberName[];
  /** Members whose subscription is in force: opened from here rather than subscribed again. */
  subscribed: MemberName[];
  /** How many more matched than the lists hold (the search is to be made narrower). */
  more: number;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
const byName = (a: MemberName, b: MemberName) =>
  collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName) || a.id - b.id;

/**
 * The referent's "subscribe for a member": the members a few letters of their name find (see
 * domain/name-search.ts), split between those to subscribe (active, nothing in force on this
 * contract; one who cancelled may subscribe again) and the contract's subscribers. Names only:
 * a referent sees a member's contact details once the subscription exists. Null for a search
 * without a letter.
 */
export function membersForSubscription(db: Db, contractId: number, q: string, limit = 20): MembersFound | null {
  const words = searchWords(q);
  if (words.length === 0) return null;
  const rows = prepared(db, 'contract-subscription-search', () => {
    // The contract's subscribers (subscription in force), read once as a list each member is probed against.
    const subscribersHere = sql`select ${subscriptions.memberId} from ${subscriptions}
      where ${subscriptions.contractId} = ${ph('contractId')} and ${subscriptions.status} = 'active'`;
    const fields = {
      id: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      subscribed: sql<number>`${members.id} in (${subscribersHere})`,
    };
    return {
      fields,
      query: db
        .select(fields)
        .from(members)
        .where(sql`${members.active} = ${ph('active')} or ${members.id} in (${subscribersHere})`),
    };
  }).all({ active: bool(true), contractId });
  const found = rows.filter((m) => nameHasWords(m, words)).sort(byName);
  const name = ({ id, firstName, lastName }: MemberName) => ({ id, firstName, lastName });
  const toSubscribe = found.filter((m) => !m.subscribed).map(name);
  const subscribed = found.filter((m) => m.subscribed).map(name);
  return {
    toSubscribe: toSubscribe.slice(0, limit),
    subscribed: subscribed.slice(0, limit),
    more: Math.max(0, toSubscribe.length - limit) + Math.max(0, subscribed.length - limit),
  };
}

/** Producers the actor may create contracts for. */
export function manageableProducers(db: Db, actor: Actor) {
  const scope = producerScope(actor, 'manage-contracts');
  if (scope !== null && scope.length === 0) return [];
  return db
    .select({ id: producers.id, name: producers.name, payee: producers.payee })
    .from(producers)
    .where(and(eq(producers.active, true), scope === null ? undefined : inArray(producers.id, scope)))
    .orderBy(asc(producers.name))
    .all();
}

/** What can no longer be removed from a contract, because members ordered it or cheques use it. */
export interface RemovalBlockers {
  /** Deliveries with quantities on them (cancel them instead). */
  orderedDeliveryIds: number[];
  /** Contract products someone ordered. */
  orderedContractProductIds: number[];
  /** Payment dates some cheque was written for. */
  usedPaymentDateIds: number[];
}

const orderedDeliveryColumns = { id: deliveries.id };
const orderedProductColumns = { id: contractProducts.id };
/** A quantity line of this delivery and contract product. */
const quantityOf = (deliveryId: SQLWrapper, contractProductId: SQLWrapper) =>
  sql`exists (select 1 from ${subscriptionQuantities}
    where ${subscriptionQuantities.deliveryId} = ${deliveryId}
      and ${subscriptionQuantities.contractProductId} = ${contractProductId})`;
const usedDateColumns = { id: paymentDates.id };

/** Three queries for the whole contract, whatever the number of members. */
export function removalBlockers(db: Db, contractId: number): RemovalBlockers {
  // Index probes that stop at the first quantity line found: reading and grouping every line of the
  // season cost more than the rest of the contract page, and the page needs only which deliveries
  // and which products have one (not every pair of them).
  const orderedDeliveries = prepared(db, 'contract-ordered-deliveries', () => ({
    fields: orderedDeliveryColumns,
    query: db
      .select(orderedDeliveryColumns)
      .from(deliveries)
      .where(
        and(
          eq(deliveries.contractId, ph('contractId')),
          sql`exists (select 1 from ${contractProducts}
            where ${contractProducts.contractId} = ${deliveries.contractId}
              and ${quantityOf(deliveries.id, contractProducts.id)})`,
        ),
      ),
  })).all({ contractId });
  const orderedProducts = prepared(db, 'contract-ordered-products', () => ({
    fields: orderedProductColumns,
    query: db
      .select(orderedProductColumns)
      .from(contractProducts)
      .where(
        and(
          eq(contractProducts.contractId, ph('contractId')),
          sql`exists (select 1 from ${deliveries}
            where ${deliveries.contractId} = ${contractProducts.contractId}
              and ${quantityOf(deliveries.id, contractProducts.id)})`,
        ),
      ),
  })).all({ contractId });
  // Likewise one probe per payment date, not every cheque of the contract.
  const used = prepared(db, 'contract-used-payment-dates', () => ({
    fields: usedDateColumns,
    query: db
      .select(usedDateColumns)
      .from(paymentDates)
      .where(
        and(
          eq(paymentDates.contractId, ph('contractId')),
          sql`exists (select 1 from ${cheques} where ${cheques.paymentDateId} = ${paymentDates.id})`,
        ),
      ),
  })).all({ contractId });
  return {
    orderedDeliveryIds: orderedDeliveries.map((d) => d.id),
    orderedContractProductIds: orderedProducts.map((p) => p.id),
    usedPaymentDateIds: used.map((u) => u.id),
  };
}
