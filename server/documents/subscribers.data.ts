/**
 * The data of a contract's subscriber list: every active subscriber with their contact details,
 * their quantities (per delivery for a fixed contract, over the season for a variable one) and
 * their total. Contact details are for those who may see them: `withContactsFor` blanks the others.
 * Three queries.
 */
import { eq } from 'drizzle-orm';
import { contracts, producers } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { collectionLines } from '../read/collections.js';
import { loadContractProducts } from './contract-products.js';
import { contractSubscribers } from './contract-subscribers.js';

export interface SubscriberContacts {
  email: string | null;
  phone: string | null;
  phone2: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
}

export interface Subscriber {
  memberId: number;
  firstName: string;
  lastName: string;
  /** null when the reader may not see them. */
  contacts: SubscriberContacts | null;
  /** Per product: per delivery (fixed: the usual quantity) or over the season (variable). */
  quantities: number[];
  totalCents: number;
}

export interface SubscribersData {
  amapName: string;
  producerId: number;
  contractName: string;
  producerName: string;
  kind: 'fixed' | 'variable';
  products: { name: string; unit: string }[];
  subscribers: Subscriber[];
}

/** The quantity a member usually gets: the most frequent non-zero one (the larger on a tie), 0 if none. */
function usual(quantities: readonly number[]): number {
  const n = new Map<number, number>();
  for (const q of quantities) if (q > 0) n.set(q, (n.get(q) ?? 0) + 1);
  let best = 0;
  for (const [q, times] of n) if (times > (n.get(best) ?? 0) || (times === n.get(best) && q > best)) best = q;
  return best;
}

export function subscribersData(db: Db, contractId: number, amapName: string): SubscribersData | null {
  const c = db
    .select({ name: contracts.name, kind: contracts.kind, producerId: producers.id, producerName: producers.name })
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(eq(contracts.id, contractId))
    .get();
  if (!c) return null;
  const products = loadContractProducts(db, contractId);
  const rows = contractSubscribers(db, contractId);
  // Per member and product, the quantity at each delivery.
  const index = new Map(products.map((p, i) => [p.id, i]));
  const perDelivery = new Map<number, number[][]>();
  for (const l of collectionLines(db, { contractId, from: '0000-01-01' })) {
    const i = index.get(l.contractProductId);
    if (i === undefined) continue;
    const lists = perDelivery.get(l.memberId) ?? products.map(() => []);
    lists[i].push(l.quantity);
    perDelivery.set(l.memberId, lists);
  }
  return {
    amapName,
    producerId: c.producerId,
    contractName: c.name,
    producerName: c.producerName,
    kind: c.kind,
    products: products.map((p) => ({ name: p.name, unit: p.unit })),
    subscribers: rows.map(({ memberId, firstName, lastName, totalCents, ...contacts }) => {
      const lists = perDelivery.get(memberId) ?? products.map(() => []);
      return {
        memberId,
        firstName,
        lastName,
        contacts,
        quantities: lists.map((q) => (c.kind === 'fixed' ? usual(q) : q.reduce((a, b) => a + b, 0))),
        totalCents,
      };
    }),
  };
}

/** The list with contact details only for the members `maySee` allows. */
export function withContactsFor(data: SubscribersData, maySee: (memberId: number) => boolean): SubscribersData {
  return { ...data, subscribers: data.subscribers.map((s) => (maySee(s.memberId) ? s : { ...s, contacts: null })) };
}
