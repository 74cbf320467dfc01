import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
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
