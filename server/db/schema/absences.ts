import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { contracts, deliveries, subscriptions } from './contracts.js';
import { members } from './members.js';

/**
 * A contract's rules for absences and offered baskets (DESIGN §5). A contract without a row has
 * the defaults of `domain/absences.ts` (nothing allowed), so existing contracts change nothing.
 * Kept beside the contract rather than as contract columns: only this area reads them.
 */
export const contractAbsenceSettings = sqliteTable('contract_absence_settings', {
  contractId: integer('contract_id')
    .primaryKey()
    .references(() => contracts.id, { onDelete: 'cascade' }),
  absencesAllowed: integer('absences_allowed', { mode: 'boolean' }).notNull().default(false),
  maxPerMember: integer('max_per_member').notNull().default(3),
  noticeDays: integer('notice_days').notNull().default(7),
  mode: text('mode', { enum: ['carry-over', 'deduct'] })
    .notNull()
    .default('carry-over'),
  exchangeAllowed: integer('exchange_allowed', { mode: 'boolean' }).notNull().default(false),
  /** An offered basket may be taken until this many hours before the distribution starts. */
  exchangeHours: integer('exchange_hours').notNull().default(24),
  updatedAt: text('updated_at').notNull(),
});

/** What an absence moved: per product, the quantity taken off the absent day. */
export type MovedQuantity = { contractProductId: number; quantity: number };

/**
 * A member's absence from one delivery. Its effect is written into subscription_quantities (so every
 * read model and document follows); `moved` keeps what it took off that day so that a withdrawal
 * puts exactly that back. One live absence per subscription and delivery (partial unique index).
 */
export const absences = sqliteTable(
  'absences',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    mode: text('mode', { enum: ['carry-over', 'deduct'] }).notNull(),
    /** Carry-over: the delivery that received the quantities. */
    targetDeliveryId: integer('target_delivery_id').references(() => deliveries.id, { onDelete: 'cascade' }),
    moved: text('moved', { mode: 'json' }).$type<MovedQuantity[]>().notNull(),
    /** Σ of `moved`: "dont 2 reportés" reads it without parsing. */
    movedCount: integer('moved_count').notNull(),
    declaredById: integer('declared_by_id').references(() => members.id, { onDelete: 'set null' }),
    declaredAt: text('declared_at').notNull(),
    withdrawnAt: text('withdrawn_at'),
    withdrawnById: integer('withdrawn_by_id').references(() => members.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('absences_live_unique')
      .on(t.subscriptionId, t.deliveryId)
      .where(sql`withdrawn_at is null`),
    index('absences_target_idx').on(t.targetDeliveryId),
  ],
);

/**
 * A basket offered by its subscriber for one delivery (paniers à donner). It changes no quantity:
 * the basket stays the subscriber's until another member takes it; then the sign-in sheet shows who
 * collects it. One live offer per subscription and delivery.
 */
export const basketOffers = sqliteTable(
  'basket_offers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    /** Free text from the giver: "gratuit", "5 € de la main à la main"… */
    note: text('note'),
    offeredAt: text('offered_at').notNull(),
    takenById: integer('taken_by_id').references(() => members.id, { onDelete: 'set null' }),
    takenAt: text('taken_at'),
    withdrawnAt: text('withdrawn_at'),
  },
  (t) => [
    uniqueIndex('basket_offers_live_unique')
      .on(t.subscriptionId, t.deliveryId)
      .where(sql`withdrawn_at is null`),
    index('basket_offers_delivery_idx').on(t.deliveryId),
  ],
);
