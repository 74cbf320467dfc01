/**
 * The names an audit entry refers to by id (a cheque's member and contract, a handover's producer
 * and payment date, a product…), looked up for a whole page of entries at once: one query per kind
 * of thing, whatever the number of entries.
 */
import { inArray, eq } from 'drizzle-orm';
import {
  contracts,
  handovers,
  members,
  membershipPeriods,
  outbox,
  paymentDates,
  producers,
  products,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { displayName } from '../../lib/format.js';

/** An audit entry as stored, details parsed. */
export interface StoredAuditEntry {
  id: number;
  createdAt: string;
  action: string;
  actorId: number | null;
  actorName: string | null;
  targetType: string | null;
  targetId: number | null;
  details: Record<string, unknown>;
}

export interface ContractName {
  name: string;
  producerName: string;
}

export interface SubscriptionNames {
  memberId: number;
  memberName: string;
  contractId: number;
  contractName: string;
}

export interface HandoverNames {
  contractName: string;
  producerName: string;
  dueOn: string;
  handedOverOn: string;
}

/** What the sentences may ask about; each lookup is null when the thing no longer exists. */
export interface AuditNames {
  member(id: unknown): string | null;
  contract(id: unknown): ContractName | null;
  subscription(id: unknown): SubscriptionNames | null;
  handover(id: unknown): HandoverNames | null;
  producer(id: unknown): string | null;
  product(id: unknown): string | null;
  paymentDate(id: unknown): string | null;
  mailSubject(id: unknown): string | null;
  period(id: unknown): string | null;
}

const asId = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null);

/** The ids of one kind found in the entries: as a target, or under one of the detail keys. */
function idsOf(entries: readonly StoredAuditEntry[], targetType: string | null, keys: string[]): number[] {
  const out = new Set<number>();
  for (const e of entries) {
    if (targetType && e.targetType === targetType && e.targetId) out.add(e.targetId);
    for (const k of keys) {
      const id = asId(e.details[k]);
      if (id) out.add(id);
    }
  }
  return [...out];
}

function lookup<T>(rows: { id: number; value: T }[]): (id: unknown) => T | null {
  const map = new Map(rows.map((r) => [r.id, r.value]));
  return (id) => {
    const n = asId(id);
    return n === null ? null : (map.get(n) ?? null);
  };
}

export function loadAuditNames(db: Db, entries: readonly StoredAuditEntry[]): AuditNames {
  const subscriptionIds = idsOf(entries, 'subscription', ['subscriptionId']);
  const subs = subscriptionIds.length
    ? db
        .select({
          id: subscriptions.id,
          memberId: subscriptions.memberId,
          firstName: members.firstName,
          lastName: members.lastName,
          contractId: contracts.id,
          contractName: contracts.name,
        })
        .from(subscriptions)
        .innerJoin(members, eq(members.id, subscriptions.memberId))
        .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
        .where(inArray(subscriptions.id, subscriptionIds))
        .all()
    : [];

  const handoverIds = idsOf(entries, 'handover', []);
  const hands = handoverIds.length
    ? db
        .select({
          id: handovers.id,
          contractName: contracts.name,
          producerName: producers.name,
          dueOn: paymentDates.dueOn,
          handedOverOn: handovers.handedOverOn,
        })
        .from(handovers)
        .innerJoin(contracts, eq(contracts.id, handovers.contractId))
        .innerJoin(producers, eq(producers.id, contracts.producerId))
        .innerJoin(paymentDates, eq(paymentDates.id, handovers.paymentDateId))
        .where(inArray(handovers.id, handoverIds))
        .all()
    : [];

  const contractIds = idsOf(entries, 'contract', ['contractId', 'from']);
  const contractRows = contractIds.length
    ? db
        .select({ id: contracts.id, name: contracts.name, producerName: producers.name })
        .from(contracts)
        .innerJoin(producers, eq(producers.id, contracts.producerId))
        .where(inArray(contracts.id, contractIds))
        .all()
    : [];

  const memberIds = idsOf(entries, 'member', ['memberId']);
  const memberRows = memberIds.length
    ? db
        .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
        .from(members)
        .where(inArray(members.id, memberIds))
        .all()
    : [];

  const producerIds = idsOf(entries, 'producer', ['producerId']);
  const producerRows = producerIds.length
    ? db
        .select({ id: producers.id, value: producers.name })
        .from(producers)
        .where(inArray(producers.id, producerIds))
        .all()
    : [];

  // contract.products-set lists the products it offers: their names come from the catalogue.
  const productIds = new Set(idsOf(entries, 'product', []));
  for (const e of entries) {
    if (Array.isArray(e.details.products))
      for (const p of e.details.products as { productId?: unknown }[]) {
        const id = asId(p?.productId);
        if (id) productIds.add(id);
      }
  }
  const productRows = productIds.size
    ? db
        .select({ id: products.id, value: products.name })
        .from(products)
        .where(inArray(products.id, [...productIds]))
        .all()
    : [];

  const paymentDateIds = idsOf(entries, null, ['paymentDateId']);
  const dateRows = paymentDateIds.length
    ? db
        .select({ id: paymentDates.id, value: paymentDates.dueOn })
        .from(paymentDates)
        .where(inArray(paymentDates.id, paymentDateIds))
        .all()
    : [];

  const mailIds = idsOf(entries, 'mail', []);
  const mailRows = mailIds.length
    ? db.select({ id: outbox.id, value: outbox.subject }).from(outbox).where(inArray(outbox.id, mailIds)).all()
    : [];

  const periodIds = idsOf(entries, 'membership-period', ['periodId']);
  const periodRows = periodIds.length
    ? db
        .select({ id: membershipPeriods.id, value: membershipPeriods.name })
        .from(membershipPeriods)
        .where(inArray(membershipPeriods.id, periodIds))
        .all()
    : [];

  return {
    member: lookup(memberRows.map((m) => ({ id: m.id, value: displayName(m) }))),
    contract: lookup(contractRows.map((c) => ({ id: c.id, value: { name: c.name, producerName: c.producerName } }))),
    subscription: lookup(
      subs.map((s) => ({
        id: s.id,
        value: {
          memberId: s.memberId,
          memberName: displayName(s),
          contractId: s.contractId,
          contractName: s.contractName,
        },
      })),
    ),
    handover: lookup(hands.map(({ id, ...value }) => ({ id, value }))),
    producer: lookup(producerRows),
    product: lookup(productRows),
    paymentDate: lookup(dateRows),
    mailSubject: lookup(mailRows),
    period: lookup(periodRows),
  };
}
