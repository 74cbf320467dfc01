import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { subscriptions, paymentDates } from './contracts.js';
import { members } from './members.js';
import { handovers } from './treasury.js';

/**
 * One cheque = one non-zero schedule line of a subscription (DESIGN.md §5 "Cheques"):
 * promised → received → handed_over; promised → cancelled; received → returned.
 * Never deleted: money history stays.
 */
export const cheques = sqliteTable(
  'cheques',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'restrict' }),
    paymentDateId: integer('payment_date_id')
      .notNull()
      .references(() => paymentDates.id, { onDelete: 'restrict' }),
    amountCents: integer('amount_cents').notNull(),
    status: text('status', { enum: ['promised', 'received', 'handed_over', 'cancelled', 'returned'] })
      .notNull()
      .default('promised'),
    bank: text('bank'),
    number: text('number'),
    /** Free text about the cheque (kept from AmapJ's comments by the import). */
    note: text('note'),
    receivedAt: text('received_at'),
    receivedById: integer('received_by_id').references(() => members.id, { onDelete: 'set null' }),
    handedOverAt: text('handed_over_at'),
    handoverId: integer('handover_id').references(() => handovers.id, { onDelete: 'restrict' }),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  // Status and amount in the indexes: balances and totals are summed from the index alone.
  (t) => [
    index('cheques_subscription_status_idx').on(t.subscriptionId, t.status, t.amountCents),
    index('cheques_payment_date_status_idx').on(t.paymentDateId, t.status, t.amountCents),
    // Only the cheques collected (received or handed over): what the AMAP may owe back is summed
    // per subscription from this half of the cheques, without a status test on each one.
    index('cheques_collected_idx')
      .on(t.subscriptionId, t.status, t.amountCents)
      .where(sql`${t.status} in ('received', 'handed_over')`),
  ],
);

/**
 * How many cheques of each status a payment date has and their sum, kept by triggers on
 * `cheques` (migration 0015) on every insert, change and delete, so that the treasury reads a few
 * rows per payment date rather than every cheque of the season. Derived: never written by code.
 * A status whose last cheque left it stays with `n` = 0.
 */
export const paymentDateChequeSums = sqliteTable(
  'payment_date_cheque_sums',
  {
    paymentDateId: integer('payment_date_id')
      .notNull()
      .references(() => paymentDates.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['promised', 'received', 'handed_over', 'cancelled', 'returned'] }).notNull(),
    n: integer('n').notNull(),
    cents: integer('cents').notNull(),
  },
  (t) => [primaryKey({ columns: [t.paymentDateId, t.status] })],
);
