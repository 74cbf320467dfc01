/**
 * What absences and offered baskets add to the shared reads (DESIGN §5): each contract's settings,
 * the quantities carried over onto a day ("dont 1 reporté"), the baskets taken by another member
 * ("panier de Léa Martin récupéré par Paul Roux"). The quantities themselves are already in
 * subscription_quantities; these are only the words beside them. Set-based: one query each.
 */
import { and, eq, inArray, isNotNull, isNull, sql, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
  absences,
  basketOffers,
  contractAbsenceSettings,
  contracts,
  deliveries,
  members,
  subscriptions,
} from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { inList, json, ph, prepared } from '../db/prepared.js';
import { DEFAULT_ABSENCE_SETTINGS, type AbsenceSettings } from '../domain/absences.js';

/** Each contract's absence settings; the defaults (nothing allowed) for a contract without a row. */
export function absenceSettingsOf(db: Db, contractIds: readonly number[]): Map<number, AbsenceSettings> {
  const out = new Map(contractIds.map((id) => [id, { ...DEFAULT_ABSENCE_SETTINGS }]));
  if (contractIds.length === 0) return out;
  const rows = db
    .select()
    .from(contractAbsenceSettings)
    .where(inArray(contractAbsenceSettings.contractId, [...contractIds]))
    .all();
  for (const { contractId, updatedAt: _u, ...s } of rows) out.set(contractId, s);
  return out;
}

export interface CarriedOver {
  subscriptionId: number;
  memberId: number;
  /** The delivery that received the quantities. */
  deliveryId: number;
  count: number;
}

/** What live carry-overs moved onto these deliveries, per subscription and delivery. */
export function carriedOverOnto(db: Db, deliveryIds: readonly number[]): CarriedOver[] {
  if (deliveryIds.length === 0) return [];
  const rows = db
    .select({
      subscriptionId: absences.subscriptionId,
      memberId: subscriptions.memberId,
      deliveryId: absences.targetDeliveryId,
      count: absences.movedCount,
    })
    .from(absences)
    .innerJoin(subscriptions, eq(subscriptions.id, absences.subscriptionId))
    .where(
      and(
        inArray(absences.targetDeliveryId, [...deliveryIds]),
        isNull(absences.withdrawnAt),
        eq(subscriptions.status, 'active'),
      ),
    )
    .all();
  const out = new Map<string, CarriedOver>();
  for (const r of rows) {
    const key = `${r.subscriptionId}:${r.deliveryId}`;
    const prev = out.get(key);
    if (prev) prev.count += r.count;
    else out.set(key, { ...r, deliveryId: r.deliveryId! });
  }
  return [...out.values()];
}

/** "dont 1 reporté", "dont 2 reportés". */
export function carriedOverLabel(count: number): string {
  return `dont ${count} reporté${count > 1 ? 's' : ''}`;
}

export interface TakenBasket {
  offerId: number;
  subscriptionId: number;
  deliveryId: number;
  giver: { id: number; firstName: string; lastName: string };
  taker: { id: number; firstName: string; lastName: string };
}

/** The baskets of these deliveries offered and taken by another member. */
export function takenBaskets(db: Db, deliveryIds: readonly number[]): TakenBasket[] {
  if (deliveryIds.length === 0) return [];
  const giver = alias(members, 'giver');
  const taker = alias(members, 'taker');
  return db
    .select({
      offerId: basketOffers.id,
      subscriptionId: basketOffers.subscriptionId,
      deliveryId: basketOffers.deliveryId,
      giver: { id: giver.id, firstName: giver.firstName, lastName: giver.lastName },
      taker: { id: taker.id, firstName: taker.firstName, lastName: taker.lastName },
    })
    .from(basketOffers)
    .innerJoin(subscriptions, eq(subscriptions.id, basketOffers.subscriptionId))
    .innerJoin(giver, eq(giver.id, subscriptions.memberId))
    .innerJoin(taker, eq(taker.id, basketOffers.takenById))
    .where(
      and(
        inArray(basketOffers.deliveryId, [...deliveryIds]),
        isNull(basketOffers.withdrawnAt),
        isNotNull(basketOffers.takenById),
        eq(subscriptions.status, 'active'),
      ),
    )
    .all();
}

/** The delivery ids of a day (every contract delivering on it). */
export function deliveryIdsOn(db: Db, on: string): number[] {
  return db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(eq(deliveries.deliveryOn, on))
    .all()
    .map((r) => r.id);
}

export interface AbsenceSummary {
  settings: AbsenceSettings;
  /** Live absences of the subscription. */
  absences: number;
  /** Live offered baskets (taken or not). */
  offers: number;
}

const settingsColumns = {
  absencesAllowed: contractAbsenceSettings.absencesAllowed,
  maxPerMember: contractAbsenceSettings.maxPerMember,
  noticeDays: contractAbsenceSettings.noticeDays,
  mode: contractAbsenceSettings.mode,
  exchangeAllowed: contractAbsenceSettings.exchangeAllowed,
  exchangeHours: contractAbsenceSettings.exchangeHours,
};
const summaryColumns = {
  contractId: contracts.id,
  /** Null when the contract has no settings row (nothing allowed). */
  hasSettings: sql<number | null>`${contractAbsenceSettings.contractId}`,
  ...settingsColumns,
  absences: sql<number>`(select count(*) from ${absences} join ${subscriptions} on ${subscriptions.id} = ${absences.subscriptionId}
    where ${subscriptions.contractId} = ${contracts.id} and ${subscriptions.memberId} = ${ph('memberId')} and ${absences.withdrawnAt} is null)`,
  offers: sql<number>`(select count(*) from ${basketOffers} join ${subscriptions} on ${subscriptions.id} = ${basketOffers.subscriptionId}
    where ${subscriptions.contractId} = ${contracts.id} and ${subscriptions.memberId} = ${ph('memberId')} and ${basketOffers.withdrawnAt} is null)`,
};

/**
 * For the member's contract pages: per contract, its settings and what this member declared. One
 * statement, prepared once: "Mes contrats" and every contract page run it.
 */
export function absenceSummaries(
  db: Db,
  memberId: number,
  contractIds: readonly number[],
): Map<number, AbsenceSummary> {
  const out = new Map<number, AbsenceSummary>(
    contractIds.map((id) => [id, { settings: { ...DEFAULT_ABSENCE_SETTINGS }, absences: 0, offers: 0 }]),
  );
  if (contractIds.length === 0) return out;
  const rows = prepared(db, 'absence-summaries', () => ({
    fields: summaryColumns,
    query: db
      .select(summaryColumns)
      .from(contracts)
      .leftJoin(contractAbsenceSettings, eq(contractAbsenceSettings.contractId, contracts.id))
      .where(inList(contracts.id, 'ids')),
  })).all({ memberId, ids: json(contractIds) });
  for (const { contractId, hasSettings, absences: live, offers, ...settings } of rows)
    out.set(contractId, {
      settings: hasSettings === null ? { ...DEFAULT_ABSENCE_SETTINGS } : (settings as AbsenceSettings),
      absences: live,
      offers,
    });
  return out;
}

/**
 * The same summary as one JSON column of a page's own select, for the subscription `subscriptionId`
 * of the contract `contractId` (column references of that select); null when the contract has no
 * settings row. Read it back with `absenceSummaryFrom`.
 */
export function absenceSummaryJson(contractId: SQLWrapper, subscriptionId: SQLWrapper) {
  return sql<
    string | null
  >`(select json_array(${contractAbsenceSettings.absencesAllowed}, ${contractAbsenceSettings.maxPerMember},
    ${contractAbsenceSettings.noticeDays}, ${contractAbsenceSettings.mode}, ${contractAbsenceSettings.exchangeAllowed},
    ${contractAbsenceSettings.exchangeHours},
    (select count(*) from ${absences} where ${absences.subscriptionId} = ${subscriptionId} and ${absences.withdrawnAt} is null),
    (select count(*) from ${basketOffers} where ${basketOffers.subscriptionId} = ${subscriptionId} and ${basketOffers.withdrawnAt} is null))
    from ${contractAbsenceSettings} where ${contractAbsenceSettings.contractId} = ${contractId})`;
}

/** The summary of `absenceSummaryJson`'s column; null when the contract allows neither absences nor offers. */
export function absenceSummaryFrom(json: string | null): AbsenceSummary | null {
  if (json === null) return null;
  const [allowed, maxPerMember, noticeDays, mode, exchange, exchangeHours, live, offers] = JSON.parse(json) as [
    number,
    number,
    number,
    AbsenceSettings['mode'],
    number,
    number,
    number,
    number,
  ];
  if (!allowed && !exchange) return null;
  return {
    settings: {
      absencesAllowed: !!allowed,
      maxPerMember,
      noticeDays,
      mode,
      exchangeAllowed: !!exchange,
      exchangeHours,
    },
    absences: live,
    offers,
  };
}
