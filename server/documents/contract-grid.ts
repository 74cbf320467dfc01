/**
 * A contract's orders as a grid: its products, its (not cancelled) deliveries and, per member who
 * collects something, the quantity of each product at each delivery. The base of the synthesis
 * and of the delivery sheets, read in six queries whatever the number of members or dates.
 */
import { and, eq } from 'drizzle-orm';
import { members, subscriptions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
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

  const lines = collectionLines(db, {
    contractId,
    from: deliveries[0].deliveryOn,
    to: deliveries[deliveries.length - 1].deliveryOn,
    days: deliveries.length === bundle.deliveries.length ? undefined : deliveries.map((d) => d.deliveryOn),
  });
  const notes = new Map(
    db
      .select({ id: members.id, note: members.pickupNote })
      .from(subscriptions)
      .innerJoin(members, eq(members.id, subscriptions.memberId))
      .where(and(eq(subscriptions.contractId, contractId), eq(subscriptions.status, 'active')))
      .all()
      .map((r) => [r.id, r.note]),
  );
  const deliveryIndex = new Map(deliveries.map((d, i) => [d.id, i]));
  const productIndex = new Map(products.map((p, i) => [p.id, i]));
  const byMember = new Map<number, GridMember>();
  for (const l of lines) {
    const d = deliveryIndex.get(l.deliveryId);
    const p = productIndex.get(l.contractProductId);
    if (d === undefined || p === undefined) continue;
    let m = byMember.get(l.memberId);
    if (!m) {
      m = {
        memberId: l.memberId,
        firstName: l.firstName,
        lastName: l.lastName,
        pickupNote: notes.get(l.memberId)?.trim() || null,
        quantities: deliveries.map(() => products.map(() => 0)),
        collectedBy: deliveries.map(() => null),
      };
      byMember.set(l.memberId, m);
    }
    m.quantities[d][p] += l.quantity;
    // A shared basket: who collects it on each delivery (read/collections.ts decides it).
    if (l.collector.memberId !== l.memberId) m.collectedBy[d] = displayName(l.collector);
  }
  grid.members = [...byMember.values()].sort(byName);
  return grid;
}
