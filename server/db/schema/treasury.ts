import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { contracts, paymentDates, subscriptions } from './contracts.js';
import { members } from './members.js';

/**
 * A handover ("remise"): the received cheques of one contract for one payment date given to the
 * producer at once. Undoing it keeps the row (undoneAt) and puts the cheques back to received.
 */
export const handovers = sqliteTable(
  'handovers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contractId: integer('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'restrict' }),
    paymentDateId: integer('payment_date_id')
      .notNull()
      .references(() => paymentDates.id, { onDelete: 'restrict' }),
    handedOverOn: text('handed_over_on').notNull(),
    totalCents: integer('total_cents').notNull(),
    chequeCount: integer('cheque_count').notNull(),
    note: text('note'),
    createdById: integer('created_by_id').references(() => members.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull(),
    undoneAt: text('undone_at'),
    undoneById: integer('undone_by_id').references(() => members.id, { onDelete: 'set null' }),
    undoReason: text('undo_reason'),
  },
  (t) => [index('handovers_contract_idx').on(t.contractId, t.paymentDateId)],
);

/** An "avoir": money the AMAP owes a member on a subscription (missed delivery…), with a reason. */
export const credits = sqliteTable(
  'credits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'restrict' }),
    amountCents: integer('amount_cents').notNull(),
    reason: text('reason').notNull(),
    createdById: integer('created_by_id').references(() => members.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('credits_subscription_idx').on(t.subscriptionId)],
);

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

/** The AMAP's settings edited in the app (not the config file): key → JSON value. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});
