import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
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
  ],
);
