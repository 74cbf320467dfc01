import { and, eq, isNotNull } from 'drizzle-orm';
import { members } from '../db/schema/index.js';
import type { Ctx } from '../lib/context.js';
import { renewCalendarToken } from '../features/calendar/calendar-tokens.js';

/** Everyone who can log in (the demo accounts first) finds a calendar URL ready on /compte. */
export function seedCalendars(ctx: Ctx): void {
  const ids = ctx.db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.active, true), isNotNull(members.passwordHash)))
    .all();
  for (const { id } of ids) renewCalendarToken(ctx, id);
}
