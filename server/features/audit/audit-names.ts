/**
 * The names an audit entry refers to by id (a cheque's member and contract, a handover's producer
 * and payment date, a product…), looked up for a whole page of entries at once: one query per kind
 * of thing, whatever the number of entries.
 */
import { eq } from 'drizzle-orm';
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
import { inList, json, prepared } from '../../db/prepared.js';
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

const subscriptionFields = {
  id: subscriptions.id,
  memberId: subscriptions.memberId,
  firstName: members.firstName,
  lastName: members.lastName,
  contractId: contracts.id,
  contractName: contracts.name,
};
const handoverFields = {
  id: handovers.id,
  contractName: contracts.name,
  producerName: producers.name,
  dueOn: paymentDates.dueOn,
  handedOverOn: handovers.handedOverOn,
};
const contractFields = { id: contracts.id, name: contracts.name, producerName: producers.name };
const memberFields = { id: members.id, firstName: members.firstName, lastName: members.lastName };
const producerFields = { id: producers.id, value: producers.name };
const productFields = { id: products.id, value: products.name };
const paymentDateFields = { id: paymentDates.id, value: paymentDates.dueOn };
const mailFields = { id: outbox.id, value: outbox.subject };
const periodFields = { id: membershipPeriods.id, value: membershipPeriods.name };

/**
 * The rows of one kind for these ids (none without ids). Each query is prepared once, the list
 * of ids passed as one value: the journal and the treasury page run them on every view.
 */
function byIds<R>(db: Db, kind: string, ids: readonly number[], build: Parameters<typeof prepared<R>>[2]): R[] {
  return ids.length ? prepared(db, `audit-names:${kind}`, build).all({ ids: json(ids) }) : [];
}

export function loadAuditNames(db: Db, entries: readonly StoredAuditEntry[]): AuditNames {
  const subs = byIds(db, 'subscription', idsOf(entries, 'subscription', ['subscriptionId']), () => ({
    fields: subscriptionFields,
    query: db
      .select(subscriptionFields)
      .from(subscriptions)
      .innerJoin(members, eq(members.id, subscriptions.memberId))
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .where(inList(subscriptions.id, 'ids')),
  }));

  const hands = byIds(db, 'handover', idsOf(entries, 'handover', []), () => ({
    fields: handoverFields,
    query: db
      .select(handoverFields)
      .from(handovers)
      .innerJoin(contracts, eq(contracts.id, handovers.contractId))
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .innerJoin(paymentDates, eq(paymentDates.id, handovers.paymentDateId))
      .where(inList(handovers.id, 'ids')),
  }));

  const contractRows = byIds(db, 'contract', idsOf(entries, 'contract', ['contractId', 'from']), () => ({
    fields: contractFields,
    query: db
      .select(contractFields)
      .from(contracts)
      .innerJoin(producers, eq(producers.id, contracts.producerId))
      .where(inList(contracts.id, 'ids')),
  }));

  const memberRows = byIds(db, 'member', idsOf(entries, 'member', ['memberId']), () => ({
    fields: memberFields,
    query: db.select(memberFields).from(members).where(inList(members.id, 'ids')),
  }));

  const producerRows = byIds(db, 'producer', idsOf(entries, 'producer', ['producerId']), () => ({
    fields: producerFields,
    query: db.select(producerFields).from(producers).where(inList(producers.id, 'ids')),
  }));

  // contract.products-set lists the products it offers: their names come from the catalogue.
  const productIds = new Set(idsOf(entries, 'product', []));
  for (const e of entries) {
    if (Array.isArray(e.details.products))
      for (const p of e.details.products as { productId?: unknown }[]) {
        const id = asId(p?.productId);
        if (id) productIds.add(id);
      }
  }
  const productRows = byIds(db, 'product', [...productIds], () => ({
    fields: productFields,
    query: db.select(productFields).from(products).where(inList(products.id, 'ids')),
  }));

  const dateRows = byIds(db, 'payment-date', idsOf(entries, null, ['paymentDateId']), () => ({
    fields: paymentDateFields,
    query: db.select(paymentDateFields).from(paymentDates).where(inList(paymentDates.id, 'ids')),
  }));

  const mailRows = byIds(db, 'mail', idsOf(entries, 'mail', []), () => ({
    fields: mailFields,
    query: db.select(mailFields).from(outbox).where(inList(outbox.id, 'ids')),
  }));

  const periodRows = byIds(db, 'period', idsOf(entries, 'membership-period', ['periodId']), () => ({
    fields: periodFields,
    query: db.select(periodFields).from(membershipPeriods).where(inList(membershipPeriods.id, 'ids')),
  }));

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
