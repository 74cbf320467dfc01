/**
 * Sums of the cheques kept by SQLite triggers (migration 0015) on every insert, change and delete
 * of a cheque, credit or subscription total, whatever code writes them: the treasury reads a few
 * rows of them rather than every cheque of the season. Derived: no code writes these tables.
 */
import { sql, type SQLWrapper } from 'drizzle-orm';
import { sqliteTable, integer, text, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { paymentDates, subscriptions } from './contracts.js';

/** How many cheques of each status a payment date has, and their sum. A status left by its last cheque stays at 0. */
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

type MoneyColumns = { collectedCents: SQLWrapper; totalCents: SQLWrapper; creditCents: SQLWrapper };
/** Owed back (domain/balance.ts): collected beyond max(0, total − credits). */
const owedBackOf = (t: MoneyColumns) => sql`${t.collectedCents} > max(0, ${t.totalCents} - ${t.creditCents})`;

/**
 * Per subscription with cheques: the cheques collected (received or handed over), and copies of its
 * total and of the sum of its credits, so that "owed back" (domain/balance.ts: collected beyond
 * max(0, total − credits)) is one partial index of the few subscriptions it holds for. The counts
 * and the promised cents (migration 0016) are the contract page's table of subscribers and its
 * figures, read from a row per subscription instead of grouping every cheque of the contract.
 */
export const subscriptionMoneySums = sqliteTable(
  'subscription_money_sums',
  {
    subscriptionId: integer('subscription_id')
      .primaryKey()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    collectedCents: integer('collected_cents').notNull(),
    /** Cheques received or handed over (the cents are `collectedCents`). */
    collectedN: integer('collected_n').notNull().default(0),
    /** Of those, the ones received and not handed over yet. */
    receivedN: integer('received_n').notNull().default(0),
    promisedN: integer('promised_n').notNull().default(0),
    promisedCents: integer('promised_cents').notNull().default(0),
    totalCents: integer('total_cents').notNull(),
    creditCents: integer('credit_cents').notNull(),
  },
  (t) => [index('subscription_money_sums_owed_idx').on(t.subscriptionId).where(owedBackOf(t))],
);

/**
 * The subscriptions that owe the member money back, written as the partial index's WHERE so that
 * SQLite reads only its entries.
 */
export const owesBack = owedBackOf(subscriptionMoneySums);
