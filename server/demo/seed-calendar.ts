import { inArray } from 'drizzle-orm';
import { members } from '../db/schema/index.js';
import type { Ctx } from '../lib/context.js';
import { renewCalendarToken } from '../features/calendar/calendar-tokens.js';

/** Every demo account has its calendar URL ready on /compte, so the feed can be tried at once. */
export function seedCalendars(ctx: Ctx, emails: readonly string[]): void {
  const ids = ctx.db.select({ id: members.id }).from(members).where(inArray(members.email, [...emails])).all();
  for (const { id } of ids) renewCalendarToken(ctx, id);
}
