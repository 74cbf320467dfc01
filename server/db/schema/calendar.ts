import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';
import { members } from './members.js';

/**
 * A member's private calendar feed (/calendrier/<jeton>.ics): one current token per member.
 * Only the token's hash is looked up; `seed` is what the token is derived from with the server's
 * secret (see server/features/calendar/calendar-tokens.ts), so /compte can show the URL again
 * while the database alone (a backup, a leak) never yields a working URL.
 */
export const calendarTokens = sqliteTable('calendar_tokens', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  seed: text('seed').notNull(),
  createdAt: text('created_at').notNull(),
});
