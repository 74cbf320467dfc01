/**
 * A contract's orders as a grid: its products, its (not cancelled) deliveries and, per member who
 * collects something, the quantity of each product at each delivery. The base of the synthesis
 * and of the delivery sheets, read in a few queries whatever the number of members or dates.
 */
import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { deliveries as deliveriesTable, members, subscriptionQuantities, subscriptions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { inList, json, ph, prepared } from '../db/prepared.js';
import { loadContract } from '../read/contract-bundle.js';
import { collectionLines } from '../read/collections.js';
import { byName, displayName } from '../lib/format.js';

export interface GridProduct {
  id: number;
  name: string;
  unit: string;
  priceCents: number;
}

export interface GridDelivery {
  id: number;
  deliveryOn: string;
}

export interface GridMember {
  memberId: number;
  firstName: string;
  lastName: string;
  /** The member's standing note for the people handing out the shares. */
  pickupNote: string | null;
  /** quantities[d][p]: of product p at delivery d (indexes of `products` and `deliveries`). */
  quantities: number[][];
  /**
   * The first delivery of the whole contract at which the member collects something, picked or
   * not: someone back after an absence is told apart from a newcomer. When the grid holds some
   * deliveries only, read for the members it matters to (nothing at one of them, something at the
   * next); null for the others.
   */
  firstOn: string | null;
  /** collectedBy[d]: the co-member of a shared basket collecting at delivery d ("Paul Roux"), else null. */
  collectedBy: (string | null)[];
}

export interface ContractGrid {
  contractId: number;
  contractName: string;
  producerId: number;
  producerName: string;
  payee: string;
  kind: 'fixed' | 'variable';
  paymentsManaged: boolean;
  products: GridProduct[];
  deliveries: GridDelivery[];
  /** Everyone collecting something on one of the deliveries, by name. */
  members: GridMember[];
  /** Every payment date of the contract (the synthesis lists cheques by them). */
  paymentDates: { id: number; dueOn: string }[];
}

const lineFields = {
  deliveryId: subscriptionQuantities.deliveryId,
  memberId: subscriptions.memberId,
  contractProductId: subscriptionQuantities.contractProductId,
  quantity: subscriptionQuantities.quantity,
};
const personFields = {
  id: members.id,
  firstName: members.firstName,
  lastName: members.lastName,
  note: members.pickupNote,
};
const firstFields = {
  memberId: subscriptions.memberId,
  on: sql<string>`min(${deliveriesTable.deliveryOn})`,
};
const active = () => and(eq(subscriptions.contractId, ph('contractId')), eq(subscriptions.status, 'active'));

/** The grid's queries, prepared once: every synthesis and delivery sheet runs them. */
const gridQueries = (db: Db) => {
  const lines = (key: string, picked: boolean) =>
    prepared(db, key, () => ({
      fields: lineFields,
      query: db
        .select(lineFields)
        .from(subscriptionQuantities)
        .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
        .where(
          and(
            active(),
            gt(subscriptionQuantities.quantity, 0),
            picked ? inList(subscriptionQuantities.deliveryId, 'deliveryIds') : undefined,
          ),
        ),
    }));
  return {
    allLines: lines('grid-lines', false),
    pickedLines: lines('grid-lines-picked', true),
    people: prepared(db, 'grid-people', () => ({
      fields: personFields,
      query: db
        .select(personFields)
        .from(subscriptions)
        .innerJoin(members, eq(members.id, subscriptions.memberId))
        .where(active()),
    })),
    shared: prepared(db, 'grid-shared', () => {
      const fields = { id: subscriptions.id };
      return {
        fields,
        query: db
          .select(fields)
          .from(subscriptions)
          .where(and(active(), isNotNull(subscriptions.coMemberId)))
          .limit(1),
      };
    }),
    firsts: prepared(db, 'grid-firsts', () => ({
      fields: firstFields,
      query: db
        .select(firstFields)
        .from(subscriptionQuantities)
        .innerJoin(subscriptions, eq(subscriptions.id, subscriptionQuantities.subscriptionId))
        .innerJoin(deliveriesTable, eq(deliveriesTable.id, subscriptionQuantities.deliveryId))
        .where(
          and(
            active(),
            inList(subscriptions.memberId, 'memberIds'),
            gt(subscriptionQuantities.quantity, 0),
            isNull(deliveriesTable.cancelledAt),
          ),
        )
        .groupBy(subscriptions.memberId),
    })),
  };
};

/**
 * The grid of a contract, or null when it does not exist. `pick` keeps some of the contract's
 * deliveries (in date order); all of them by default.
 */
export function contractGrid(
  db: Db,
  contractId: number,
  pick: (deliveries: GridDelivery[]) => GridDelivery[] = (d) => d,
): ContractGrid | null {
  const bundle = loadContract(db, contractId);
  if (!bundle) return null;
  const c = bundle.contract;
  const products = bundle.products.map((p) => ({ id: p.id, name: p.name, unit: p.unit, priceCents: p.priceCents }));
  const deliveries = pick(
    bundle.deliveries.filter((d) => !d.cancelled).map((d) => ({ id: d.id, deliveryOn: d.deliveryOn })),
  );
  const grid: ContractGrid = {
    contractId: c.id,
    contractName: c.name,
    producerId: c.producerId,
    producerName: bundle.producer.name,
    payee: c.payee,
    kind: c.kind,
    paymentsManaged: c.paymentsManaged,
    products,
    deliveries,
    members: [],
    paymentDates: bundle.paymentDates,
  };
  if (deliveries.length === 0 || products.length === 0) return grid;

  // Only what the grid needs, from the quantities up (not the sign-in sheet's wider read model:
  // a synthesis reads tens of thousands of lines, and its time is the documents' budget).
  const picked = deliveries.length === bundle.deliveries.length ? null : deliveries.map((d) => d.id);
  const q = gridQueries(db);
  const lines = picked ? q.pickedLines.all({ contractId, deliveryIds: json(picked) }) : q.allLines.all({ contractId });
  const people = new Map(q.people.all({ contractId }).map((r) => [r.id, r]));
  const deliveryIndex = new Map(deliveries.map((d, i) => [d.id, i]));
  const productIndex = new Map(products.map((p, i) => [p.id, i]));
  const byMember = new Map<number, GridMember>();
  for (const l of lines) {
    const d = deliveryIndex.get(l.deliveryId);
    const p = productIndex.get(l.contractProductId);
    if (d === undefined || p === undefined) continue;
    let m = byMember.get(l.memberId);
    if (!m) {
      const person = people.get(l.memberId)!;
      m = {
        memberId: l.memberId,
        firstName: person.firstName,
        lastName: person.lastName,
        pickupNote: person.note?.trim() || null,
        quantities: deliveries.map(() => products.map(() => 0)),
        firstOn: null,
        collectedBy: deliveries.map(() => null),
      };
      byMember.set(l.memberId, m);
    }
    m.quantities[d][p] += l.quantity;
  }
  // A shared basket: who collects it on each delivery is read/collections.ts's decision, read
  // (one more query, through the wider read model) only when the contract has one.
  const shared = q.shared.get({ contractId });
  if (shared) {
    const days = deliveries.map((d) => d.deliveryOn);
    for (const l of collectionLines(db, { from: days[0], to: days[days.length - 1], contractId, days })) {
      const d = deliveryIndex.get(l.deliveryId);
      const m = byMember.get(l.memberId);
      if (d !== undefined && m && l.collector.memberId !== l.memberId) m.collectedBy[d] = displayName(l.collector);
    }
  }
  grid.members = [...byMember.values()].sort(byName);
  if (picked === null) {
    for (const m of grid.members) {
      const d = m.quantities.findIndex((row) => row.some((q) => q > 0));
      m.firstOn = d < 0 ? null : deliveries[d].deliveryOn;
    }
  } else if (deliveries.length > 1) {
    // Someone collecting again after a delivery without anything is told back from new by their
    // first delivery: read for those members only (usually none, often a handful; the query runs
    // even for none, so that a sheet runs as many statements whatever its data).
    const asked = grid.members.filter((m) =>
      m.quantities.some((row, d) => d > 0 && row.some((n) => n > 0) && m.quantities[d - 1].every((n) => n === 0)),
    );
    const ids = json(asked.map((m) => m.memberId));
    const firsts = new Map(q.firsts.all({ contractId, memberIds: ids }).map((r) => [r.memberId, r.on]));
    for (const m of asked) m.firstOn = firsts.get(m.memberId) ?? null;
  }
  return grid;
}
