import type { Ctx } from '../../lib/context.js';
import type { MailAttachment } from '../mail/mail-attachments.js';
import { shiftSummary } from './calendar-feeds.js';
import { addDayEvent, icsBody, newCalendar, uids } from './ics.js';

/** What the .ics of a duty shift needs to know of its day. */
export interface ShiftDay {
  on: string;
  startTime: string;
  endTime: string;
  place: string;
  note: string | null;
}

/**
 * The shift as an .ics file to attach to its mail: one tap adds it to the member's agenda. Same UID
 * as in the member's feed, so an agenda that has both shows it once.
 */
export function shiftIcs(ctx: Ctx, shiftId: number, day: ShiftDay, roleName: string | null): MailAttachment {
  const cal = newCalendar(ctx, `${ctx.config.amap.name} : permanence`, 'publish');
  addDayEvent(ctx, cal, {
    uid: uids.dutyShift(ctx, shiftId),
    on: day.on,
    startTime: day.startTime,
    endTime: day.endTime,
    summary: shiftSummary(roleName),
    description: [
      `Permanence à l’AMAP ${ctx.config.amap.name}.`,
      ...(day.note ? [day.note] : []),
      `Mes permanences : ${ctx.config.server.baseUrl}/mes-permanences`,
    ].join('\n'),
    location: day.place,
    cancelled: false,
  });
  return {
    filename: `permanence-${day.on}.ics`,
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    body: icsBody(cal),
  };
}
