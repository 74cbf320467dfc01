/**
 * The duty mails, one function each (DESIGN.md §7): what concerns a member's own shift is
 * essential (sent whatever their preferences); a call for a stand-in is essential for the
 * coordinators and an announcement for the members who accept calls for volunteers. Inside the
 * caller's transaction.
 */
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { memberRoles, members, producerReferents } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { formatDayLong } from '../../lib/format.js';
import type { DistributionDay } from '../../domain/distribution-days.js';
import type { DistributionDayView } from '../../read/distribution-days.js';
import { withdrawalDeadline } from '../../domain/duty.js';
import { queueMemberMails, type MemberMail } from '../mail/member-mail.js';
import { hoursLabel, momentLabel } from './duty-cards.js';
import { shiftIcs, type ShiftDay } from '../calendar/shift-ics.js';

/** What a mail says about a day and a place on it. */
export interface MailDay {
  dayLabel: string;
  hours: string;
  place: string;
  note: string | null;
  roleName: string | null;
  deadlineLabel: string;
}

export function mailDay(
  ctx: Pick<Ctx, 'config'>,
  day: Pick<DistributionDay, 'on' | 'startTime' | 'endTime' | 'place' | 'note'>,
  roleName: string,
  withdrawalHours: number,
): MailDay {
  return {
    dayLabel: formatDayLong(day.on),
    hours: hoursLabel(day),
    place: day.place,
    note: day.note,
    roleName: roleName || null,
    deadlineLabel: momentLabel(withdrawalDeadline(day, withdrawalHours, ctx.config.timezone), ctx.config.timezone),
  };
}

/** "Vous êtes inscrit·e": to the member who signed up, with the shift as an .ics to add to their agenda. */
export function queueSignedUpMail(ctx: Ctx, memberId: number, shiftId: number, day: MailDay, shiftDay: ShiftDay): void {
  queueMemberMails(ctx, [
    {
      memberId,
      kind: 'essential',
      template: 'duty-signed-up',
      subject: `Permanence du ${day.dayLabel} : vous êtes inscrit·e`,
      data: { day },
      dedupeKey: `duty-signed-up:${shiftId}`,
      attachments: [shiftIcs(ctx, shiftId, shiftDay, day.roleName)],
    },
  ]);
}

/** Shifts a coordinator (by hand or through the proposal) gave a member: one mail per member. */
export function queueAssignedMails(
  ctx: Ctx,
  byName: string,
  withdrawalHours: number,
  shifts: { memberId: number; shiftId: number; day: MailDay }[],
): void {
  const byMember = new Map<number, typeof shifts>();
  for (const s of shifts) byMember.set(s.memberId, [...(byMember.get(s.memberId) ?? []), s]);
  const mails: MemberMail[] = [...byMember].map(([memberId, list]) => ({
    memberId,
    kind: 'essential',
    template: 'duty-assigned',
    subject:
      list.length > 1
        ? `${list.length} permanences pour vous, à partir du ${list[0].day.dayLabel}`
        : `Permanence du ${list[0].day.dayLabel}`,
    data: { byName, withdrawalHours, days: list.map((s) => s.day) },
    dedupeKey: `duty-assigned:${list.map((s) => s.shiftId).join(',')}`,
  }));
  queueMemberMails(ctx, mails);
}

/**
 * "Remplaçant·e recherché·e": to the coordinators, and to the members who accept calls for
 * volunteers, but for the one who cannot come and those already on duty that day.
 */
export function queueStandInSoughtMails(
  ctx: Ctx,
  shift: { shiftId: number; memberId: number; holderName: string },
  day: MailDay,
  onDuty: readonly number[],
): void {
  const coordinators = ctx.db
    .select({ id: members.id })
    .from(memberRoles)
    .innerJoin(members, eq(members.id, memberRoles.memberId))
    .where(and(eq(memberRoles.role, 'coordinator'), eq(members.active, true)))
    .all()
    .map((m) => m.id)
    .filter((id) => id !== shift.memberId);
  const skip = [...new Set([shift.memberId, ...onDuty, ...coordinators])];
  const volunteers = ctx.db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.active, true), eq(members.acceptsDutyCalls, true), notInArray(members.id, skip)))
    .all()
    .map((m) => m.id);
  const mail = (memberId: number, kind: MemberMail['kind']): MemberMail => ({
    memberId,
    kind,
    template: 'duty-stand-in-sought',
    subject: `Remplaçant·e recherché·e : permanence du ${day.dayLabel}`,
    data: { day, holderName: shift.holderName },
    dedupeKey: `duty-stand-in-sought:${shift.shiftId}:${memberId}`,
  });
  queueMemberMails(ctx, [
    ...coordinators.map((id) => mail(id, 'essential')),
    ...volunteers.map((id) => mail(id, 'announcement')),
  ]);
}

/** A stand-in took the shift: the one replaced and the stand-in are both told. */
export function queueReplacedMails(
  ctx: Ctx,
  replaced: { memberId: number; name: string },
  standIn: { memberId: number; name: string; shiftId: number },
  day: MailDay,
): void {
  queueMemberMails(ctx, [
    {
      memberId: replaced.memberId,
      kind: 'essential',
      template: 'duty-replaced',
      subject: `${standIn.name} vous remplace le ${day.dayLabel}`,
      data: { day, standInName: standIn.name },
      dedupeKey: `duty-replaced:${standIn.shiftId}`,
    },
    {
      memberId: standIn.memberId,
      kind: 'essential',
      template: 'duty-stand-in',
      subject: `Merci ! Vous remplacez ${replaced.name} le ${day.dayLabel}`,
      data: { day, holderName: replaced.name },
      dedupeKey: `duty-stand-in:${standIn.shiftId}`,
    },
  ]);
}

/**
 * A distribution day was cancelled, or takes place after all: the team on duty is told (their own
 * shift: essential), and so are the referents of the contracts delivering that day, who decide
 * whether those deliveries are cancelled or moved. One mail per person and per change.
 */
export function queueDayStatusMails(
  ctx: Ctx,
  change: { on: string; cancelled: boolean; reason: string | null; at: string },
  day: Pick<DistributionDayView, 'roles' | 'contracts'>,
): void {
  const team = [...new Set(day.roles.flatMap((r) => r.shifts.map((s) => s.memberId)))];
  const producerIds = [...new Set(day.contracts.map((c) => c.producerId))];
  const referents =
    producerIds.length === 0
      ? []
      : ctx.db
          .selectDistinct({ id: producerReferents.memberId })
          .from(producerReferents)
          .where(inArray(producerReferents.producerId, producerIds))
          .all()
          .map((r) => r.id)
          .filter((id) => !team.includes(id));
  const dayLabel = formatDayLong(change.on);
  const template = change.cancelled ? 'duty-day-cancelled' : 'duty-day-restored';
  const subject = change.cancelled
    ? `Distribution annulée le ${dayLabel}`
    : `La distribution du ${dayLabel} a lieu finalement`;
  const data = {
    dayLabel,
    on: change.on,
    reason: change.reason,
    contractNames: day.contracts.map((c) => c.contractName),
  };
  queueMemberMails(
    ctx,
    [
      ...team.map((memberId) => ({ memberId, onDuty: true })),
      ...referents.map((memberId) => ({ memberId, onDuty: false })),
    ].map(({ memberId, onDuty }): MemberMail => ({
      memberId,
      kind: 'essential',
      template,
      subject,
      data: { ...data, onDuty },
      dedupeKey: `${template}:${change.on}:${change.at}:${memberId}`,
    })),
  );
}
