import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { members } from './members.js';

/** A membership period (usually a season) of the association. */
export const membershipPeriods = sqliteTable('membership_periods', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  startsOn: text('starts_on').notNull(),
  endsOn: text('ends_on').notNull(),
  /** Sign-up window, both days inclusive. */
  opensOn: text('opens_on').notNull(),
  closesOn: text('closes_on').notNull(),
  minimumCents: integer('minimum_cents').notNull(),
  suggestedCents: integer('suggested_cents'),
  payee: text('payee').notNull(),
  info: text('info'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** A member's membership fee for a period: one per member and period. */
export const memberships = sqliteTable(
  'memberships',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    periodId: integer('period_id')
      .notNull()
      .references(() => membershipPeriods.id, { onDelete: 'restrict' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'restrict' }),
    amountCents: integer('amount_cents').notNull(),
    method: text('method', { enum: ['cheque', 'cash', 'transfer'] }).notNull(),
    status: text('status', { enum: ['promised', 'received'] })
      .notNull()
      .default('promised'),
    receivedAt: text('received_at'),
    receivedById: integer('received_by_id').references(() => members.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('memberships_unique').on(t.periodId, t.memberId), index('memberships_member_idx').on(t.memberId)],
);
