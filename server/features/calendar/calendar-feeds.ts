/**
 * What the calendar feeds hold. A member's feed: one event per delivery day and contract (what
 * they collect, at the distribution's place and hours) and one per duty shift; the AMAP's feed:
 * one event per distribution day. Cancelled deliveries and days stay in, as STATUS:CANCELLED, so
 * a phone that had them strikes them out instead of keeping a stale event. A fixed number of
 * queries whatever the number of deliveries, days or members.
 */
import { and, eq, gte, isNotNull, or } from 'drizzle-orm';
import type { ICalCalendar } from 'ical-generator';
import { contracts, deliveries, subscriptions } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { displayName, parenthesized } from '../../lib/format.js';
import { collections } from '../../read/collections.js';
import { distributionPeriod, type DistributionDayView } from '../../read/distribution-days.js';
import { dayDefaults } from '../settings/settings.service.js';
import { addDayEvent, newCalendar, uids, type DayEvent } from './ics.js';

/** How far back a feed goes: calendar apps drop what a feed no longer lists. */
const PAST_DAYS = 183;
const FAR_FUTURE = '9999-12-31';

function daysBefore(on: string, days: number): string {
  const [y, m, d] = on.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

function period(ctx: Ctx, from: string): Map<string, DistributionDayView> {
  return new Map(distributionPeriod(ctx.db, from, FAR_FUTURE, dayDefaults(ctx)).days.map((d) => [d.on, d]));
}

/** The place and hours of a day; a delivery outside every distribution day gets the defaults. */
function dayFrame(ctx: Ctx, day: DistributionDayView | undefined) {
  const d = day ?? { ...ctx.config.distribution, note: null, cancelled: false, cancelReason: null };
  return { startTime: d.startTime, endTime: d.endTime, location: d.place, note: d.note, cancelled: d.cancelled };
}

function cancelledLine(day: DistributionDayView | undefined): string {
  return day?.cancelReason ? `Distribution annulée : ${day.cancelReason}.` : 'Distribution annulée.';
}

/**
 * The cancelled deliveries, since `from`, of the subscriptions the member signed or shares. One
 * query.
 */
function cancelledDeliveries(ctx: Ctx, memberId: number, from: string) {
  return ctx.db
    .select({
      deliveryId: deliveries.id,
      on: deliveries.deliveryOn,
      contractName: contracts.name,
      subscriptionId: subscriptions.id,
      subscriberId: subscriptions.memberId,
    })
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.contractId, deliveries.contractId))
    .innerJoin(contracts, eq(contracts.id, deliveries.contractId))
    .where(
      and(
        or(eq(subscriptions.memberId, memberId), eq(subscriptions.coMemberId, memberId)),
        eq(subscriptions.status, 'active'),
        isNotNull(deliveries.cancelledAt),
        gte(deliveries.deliveryOn, from),
      ),
    )
    .all();
}

/** The member's own subscription ids: a basket of another's they collect gets its own UID. One query. */
function ownSubscriptions(ctx: Ctx, memberId: number): Set<number> {
  return new Set(
    ctx.db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(eq(subscriptions.memberId, memberId))
      .all()
      .map((s) => s.id),
  );
}

function deliveryEvents(ctx: Ctx, memberId: number, from: string, days: Map<string, DistributionDayView>): DayEvent[] {
  const events: DayEvent[] = [];
  const own = ownSubscriptions(ctx, memberId);
  const uid = (deliveryId: number, subscriptionId: number) =>
    own.has(subscriptionId)
      ? uids.delivery(ctx, deliveryId, memberId)
      : uids.sharedDelivery(ctx, deliveryId, subscriptionId, memberId);
  // By collector: a shared basket is in the feed of whoever collects it that day.
  for (const day of collections(ctx.db, { from, collectorId: memberId })) {
    const distribution = days.get(day.deliveryOn);
    const frame = dayFrame(ctx, distribution);
    for (const c of day.members[0]?.contracts ?? []) {
      const lines = c.products.map((p) => `${p.quantity} × ${p.productName} ${parenthesized(p.unit)}`);
      events.push({
        uid: uid(c.deliveryId, c.subscriptionId),
        on: day.deliveryOn,
        ...frame,
        summary: `Livraison ${c.contractName}${frame.cancelled ? ' (annulée)' : ''}`,
        description: [
          ...(frame.cancelled ? [cancelledLine(distribution)] : []),
          'À retirer :',
          ...lines,
          `Producteur : ${c.producerName}`,
          ...(c.sharedWith ? [`Panier partagé avec ${displayName(c.sharedWith)}`] : []),
          ...(frame.note ? [frame.note] : []),
        ].join('\n'),
      });
    }
  }
  for (const d of cancelledDeliveries(ctx, memberId, from)) {
    events.push({
      uid: uid(d.deliveryId, d.subscriptionId),
      on: d.on,
      ...dayFrame(ctx, days.get(d.on)),
      cancelled: true,
      summary: `Livraison ${d.contractName} (annulée)`,
      description: 'Cette livraison est annulée : rien à retirer, rien à payer pour ce jour.',
    });
  }
  return events;
}

function shiftEvents(ctx: Ctx, memberId: number, days: Map<string, DistributionDayView>): DayEvent[] {
  const events: DayEvent[] = [];
  for (const day of days.values()) {
    for (const role of day.roles) {
      const mine = role.shifts.find((s) => s.memberId === memberId);
      if (!mine) continue;
      const team = day.roles.flatMap((r) => r.shifts).filter((s) => s.memberId !== memberId);
      events.push({
        uid: uids.dutyShift(ctx, mine.shiftId),
        on: day.on,
        ...dayFrame(ctx, day),
        summary: `${shiftSummary(role.name)}${day.cancelled ? ' (annulée)' : ''}`,
        description: [
          ...(day.cancelled ? [cancelledLine(day)] : []),
          ...(mine.standInSought ? ['Vous avez demandé un·e remplaçant·e : vous restez inscrit·e en attendant.'] : []),
          team.length ? `Avec : ${team.map(displayName).join(', ')}` : 'Pas encore d’autre personne inscrite.',
          ...(day.note ? [day.note] : []),
        ].join('\n'),
      });
    }
  }
  return events;
}

/** "Permanence – Accueil", or "Permanence" on a day without roles. */
export function shiftSummary(roleName: string | null): string {
  return roleName ? `Permanence – ${roleName}` : 'Permanence';
}

/** The member's private feed: deliveries and duty shifts. */
export function memberFeed(ctx: Ctx, memberId: number): ICalCalendar {
  const from = daysBefore(ctx.today(), PAST_DAYS);
  const days = period(ctx, from);
  const cal = newCalendar(ctx, `${ctx.config.amap.name} : mes livraisons et permanences`);
  const events = [...deliveryEvents(ctx, memberId, from, days), ...shiftEvents(ctx, memberId, days)];
  for (const e of events.sort((a, b) => a.on.localeCompare(b.on))) addDayEvent(ctx, cal, e);
  return cal;
}

/** The AMAP's feed: every distribution day, with the contracts delivering and the open duty places. */
export function amapFeed(ctx: Ctx): ICalCalendar {
  const from = daysBefore(ctx.today(), PAST_DAYS);
  const cal = newCalendar(ctx, `${ctx.config.amap.name} : distributions`);
  for (const day of period(ctx, from).values()) {
    const delivering = day.contracts.map((c) => `${c.contractName} (${c.producerName})`);
    addDayEvent(ctx, cal, {
      uid: uids.distributionDay(ctx, day.on),
      on: day.on,
      ...dayFrame(ctx, day),
      summary: `${day.title ?? 'Distribution'}${day.cancelled ? ' (annulée)' : ''}`,
      description: [
        ...(day.cancelled ? [cancelledLine(day)] : []),
        ...(delivering.length ? ['Livraisons :', ...delivering] : []),
        ...(!day.cancelled && day.openPlaces > 0
          ? [
              `Permanence : ${day.openPlaces} place${day.openPlaces > 1 ? 's' : ''} encore libre${day.openPlaces > 1 ? 's' : ''}.`,
            ]
          : []),
        ...(day.note ? [day.note] : []),
      ].join('\n'),
    });
  }
  return cal;
}
