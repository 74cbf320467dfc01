/**
 * RFC 5545 calendars of the AMAP, written by ical-generator: the feeds and the .ics attached to
 * duty mails share these, so an event has the same UID wherever it comes from (a phone that has
 * both the mail's event and the feed keeps one). UIDs come from the objects' ids and the AMAP's
 * host, never from a token: a new calendar URL shows the same events.
 */
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
import type { Ctx } from '../../lib/context.js';
import { vtimezoneGenerator } from './vtimezone.js';
import { ZonedTime } from './zoned-time.js';

/** One event of a distribution day, at the day's hours. */
export interface DayEvent {
  uid: string;
  /** YYYY-MM-DD */
  on: string;
  /** HH:MM, in the AMAP's timezone */
  startTime: string;
  endTime: string;
  summary: string;
  description: string;
  location: string;
  cancelled: boolean;
}

/** The AMAP's host name, the right-hand side of every UID ("amap.example.org"; no port, which may change). */
function hostOf(ctx: Pick<Ctx, 'config'>): string {
  return new URL(ctx.config.server.baseUrl).hostname;
}

export const uids = {
  delivery: (ctx: Pick<Ctx, 'config'>, deliveryId: number, memberId: number) =>
    `livraison-${deliveryId}-membre-${memberId}@${hostOf(ctx)}`,
  /** A basket the member collects for another household's subscription (shared): its own UID, so a
   * member with a basket of their own in the same contract keeps both events. */
  sharedDelivery: (ctx: Pick<Ctx, 'config'>, deliveryId: number, subscriptionId: number, memberId: number) =>
    `livraison-${deliveryId}-abonnement-${subscriptionId}-membre-${memberId}@${hostOf(ctx)}`,
  dutyShift: (ctx: Pick<Ctx, 'config'>, shiftId: number) => `permanence-${shiftId}@${hostOf(ctx)}`,
  distributionDay: (ctx: Pick<Ctx, 'config'>, on: string) => `distribution-${on}@${hostOf(ctx)}`,
};

/**
 * An empty calendar of the AMAP. The timezone is set on each event, not on the calendar: with a
 * calendar timezone ical-generator would write DTSTAMP in local time, which RFC 5545 forbids; the
 * generator still adds the VTIMEZONE of the events' zone.
 */
export function newCalendar(ctx: Ctx, name: string, method?: 'publish'): ICalCalendar {
  const cal = ical({
    name,
    prodId: { company: ctx.config.amap.name, product: 'amap-server', language: 'FR' },
    timezone: { name: null, generator: vtimezoneGenerator(Number(ctx.today().slice(0, 4))) },
  });
  // No REFRESH-INTERVAL (ttl) nor X-WR-TIMEZONE: ical-generator would write them after the
  // VTIMEZONE, where RFC 5545 allows no calendar property.
  if (method === 'publish') cal.method(ICalCalendarMethod.PUBLISH);
  return cal;
}

export function addDayEvent(ctx: Ctx, cal: ICalCalendar, e: DayEvent): void {
  const tz = ctx.config.timezone;
  const endTime = e.endTime > e.startTime ? e.endTime : e.startTime;
  cal.createEvent({
    id: e.uid,
    start: ZonedTime.at(tz, e.on, e.startTime),
    end: ZonedTime.at(tz, e.on, endTime),
    timezone: tz,
    stamp: ctx.clock(),
    summary: e.summary,
    description: e.description || null,
    location: e.location || null,
    status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
}

/** A calendar as the body of a response or an attachment. */
export function icsBody(cal: ICalCalendar): Buffer {
  return Buffer.from(cal.toString(), 'utf8');
}
