/**
 * The data of contract agreements (contrats d'engagement): the AMAP, the producer, the contract's
 * text, and per member their details, what they ordered (one line per product when the same
 * quantities come at a run of deliveries, else per date), the total and the payment schedule.
 * For one member or every subscriber of a contract, in eight queries whatever their number.
 */
import { eq } from 'drizzle-orm';
import { producers } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { ACTIVE_STATUSES } from '../domain/cheque-status.js';
import { loadContract } from '../read/contract-bundle.js';
import { collectionLines } from '../read/collections.js';
import { chequeLines } from '../read/cheque-lines.js';
import { conditionsText, paragraphs } from '../lib/contract-conditions.js';
import { contractSubscribers } from './contract-subscribers.js';

export interface AmapIdentity {
  name: string;
  city: string;
  /** "Cour de l'école…, le jeudi de 18 h 30 à 19 h 30", or "". */
  distribution: string;
}

export interface MemberDetails {
  email: string | null;
  phone: string | null;
  phone2: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
}

/** The same quantities at every delivery of a run: "1 × Panier à chacune des 26 livraisons, du … au …". */
export interface CompactOrder {
  kind: 'compact';
  items: { quantity: number; productIndex: number }[];
  deliveries: number;
  from: string;
  to: string;
}

export interface PerDateOrder {
  kind: 'per-date';
  rows: { deliveryOn: string; quantities: number[]; amountCents: number }[];
}

export interface MemberAgreement {
  memberId: number;
  firstName: string;
  lastName: string;
  /** null when the reader may not see them. */
  details: MemberDetails | null;
  order: CompactOrder | PerDateOrder;
  totalCents: number;
  schedule: { dueOn: string; amountCents: number }[];
}

export interface AgreementData {
  amap: AmapIdentity;
  producerId: number;
  contractId: number;
  contractName: string;
  description: string | null;
  memberInfo: string | null;
  paymentsManaged: boolean;
  paymentInfo: string | null;
  producer: { name: string; address: string | null; phone: string | null; email: string | null; payee: string };
  conditions: string[];
  products: { name: string; unit: string; priceCents: number }[];
  /** The contract's deliveries (not cancelled). */
  deliveries: string[];
  agreements: MemberAgreement[];
}

function orderOf(
  rows: PerDateOrder['rows'],
  contractDeliveries: readonly string[],
  fixed: boolean,
): CompactOrder | PerDateOrder {
  const first = rows[0];
  if (fixed && first) {
    const start = contractDeliveries.indexOf(first.deliveryOn);
    const run = rows.every((r, i) => contractDeliveries[start + i] === r.deliveryOn);
    const same = rows.every((r) => r.quantities.every((q, p) => q === first.quantities[p]));
    if (start >= 0 && run && same)
      return {
        kind: 'compact',
        items: first.quantities.map((quantity, productIndex) => ({ quantity, productIndex })).filter((i) => i.quantity),
        deliveries: rows.length,
        from: first.deliveryOn,
        to: rows[rows.length - 1].deliveryOn,
      };
  }
  return { kind: 'per-date', rows };
}

/**
 * The agreements of a contract's active subscribers (`memberId`: only that member's), or null when
 * the contract does not exist. An empty list when nobody (or not that member) subscribed.
 */
export function agreementData(db: Db, contractId: number, amap: AmapIdentity, memberId?: number): AgreementData | null {
  const bundle = loadContract(db, contractId);
  if (!bundle) return null;
  const c = bundle.contract;
  const producer = db
    .select({ name: producers.name, address: producers.address, phone: producers.phone, email: producers.email })
    .from(producers)
    .where(eq(producers.id, c.producerId))
    .get()!;
  const subs = contractSubscribers(db, contractId, memberId);
  const products = bundle.products;
  const deliveries = bundle.deliveries.filter((d) => !d.cancelled).map((d) => d.deliveryOn);
  const productIndex = new Map(products.map((p, i) => [p.id, i]));
  const rows = new Map<number, PerDateOrder['rows']>();
  for (const l of collectionLines(db, { contractId, memberId, from: '0000-01-01' })) {
    const p = productIndex.get(l.contractProductId);
    if (p === undefined) continue;
    const list = rows.get(l.memberId) ?? [];
    let row = list.at(-1);
    if (row?.deliveryOn !== l.deliveryOn)
      list.push((row = { deliveryOn: l.deliveryOn, quantities: products.map(() => 0), amountCents: 0 }));
    row.quantities[p] += l.quantity;
    row.amountCents += l.quantity * products[p].priceCents;
    rows.set(l.memberId, list);
  }
  const schedules = new Map<number, { dueOn: string; amountCents: number }[]>();
  if (c.paymentsManaged)
    for (const l of chequeLines(db, { contractId, memberId, statuses: ACTIVE_STATUSES }, 'member')) {
      if (l.amountCents === 0 || l.subscriptionStatus !== 'active') continue;
      const list = schedules.get(l.memberId) ?? [];
      list.push({ dueOn: l.dueOn, amountCents: l.amountCents });
      schedules.set(l.memberId, list);
    }
  return {
    amap,
    producerId: c.producerId,
    contractId: c.id,
    contractName: c.name,
    description: c.description,
    memberInfo: c.memberInfo,
    paymentsManaged: c.paymentsManaged,
    paymentInfo: c.paymentInfo,
    producer: { ...producer, payee: c.payee },
    conditions: paragraphs(conditionsText(c.conditions)),
    products: products.map((p) => ({ name: p.name, unit: p.unit, priceCents: p.priceCents })),
    deliveries,
    agreements: subs.map(({ memberId: id, firstName, lastName, totalCents, ...details }) => ({
      memberId: id,
      firstName,
      lastName,
      details,
      order: orderOf(rows.get(id) ?? [], deliveries, c.kind === 'fixed'),
      totalCents,
      schedule: (schedules.get(id) ?? []).sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
    })),
  };
}

/** The agreements with the members' details only where `maySee` allows. */
export function withDetailsFor(data: AgreementData, maySee: (memberId: number) => boolean): AgreementData {
  return { ...data, agreements: data.agreements.map((a) => (maySee(a.memberId) ? a : { ...a, details: null })) };
}
