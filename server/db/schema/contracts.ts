import { sqliteTable, integer, text, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { producers, products } from './producers.js';
import { members } from './members.js';

/** A season contract model of one producer (DESIGN.md §5 "Contracts"). */
export const contracts = sqliteTable(
  'contracts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    producerId: integer('producer_id')
      .notNull()
      .references(() => producers.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    description: text('description'),
    /** Free text shown to members: conditions, where to bring the cheques… */
    memberInfo: text('member_info'),
    /** The contract agreement's text (contrat d'engagement): plain paragraphs; null: the default text. */
    conditions: text('conditions'),
    /** fixed: the same quantities at every delivery; variable: quantities per delivery. */
    kind: text('kind', { enum: ['fixed', 'variable'] }).notNull(),
    status: text('status', { enum: ['draft', 'open', 'archived'] })
      .notNull()
      .default('draft'),
    /** Subscription window, both days inclusive, in the AMAP's timezone. */
    opensOn: text('opens_on').notNull(),
    closesOn: text('closes_on').notNull(),
    paymentsManaged: integer('payments_managed', { mode: 'boolean' }).notNull().default(true),
    /** When payments are not managed: how members pay. */
    paymentInfo: text('payment_info'),
    payee: text('payee').notNull(),
    /** Day of the month of the default payment dates. */
    paymentDay: integer('payment_day').notNull().default(5),
    proposalRule: text('proposal_rule', { enum: ['whole-euros', 'cents'] })
      .notNull()
      .default('whole-euros'),
    minChequeCents: integer('min_cheque_cents'),
    membersEditAmounts: integer('members_edit_amounts', { mode: 'boolean' }).notNull().default(true),
    copiedFromId: integer('copied_from_id'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('contracts_producer_idx').on(t.producerId)],
);

/** A product offered by a contract, at this contract's price. */
export const contractProducts = sqliteTable(
  'contract_products',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contractId: integer('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    priceCents: integer('price_cents').notNull(),
    /** Optional maximum quantity per member and per delivery. */
    maxPerDelivery: integer('max_per_delivery'),
    /** Places per delivery for all members together (e.g. 40 baskets); null: no limit. */
    capacity: integer('capacity'),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('contract_products_unique').on(t.contractId, t.productId)],
);

/** A delivery date of a contract. A cancelled date stays listed but counts for nothing. */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contractId: integer('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    deliveryOn: text('delivery_on').notNull(),
    cancelledAt: text('cancelled_at'),
  },
  (t) => [uniqueIndex('deliveries_unique').on(t.contractId, t.deliveryOn), index('deliveries_on_idx').on(t.deliveryOn)],
);

/** A payment date of a contract (date d'encaissement): one schedule line per date. */
export const paymentDates = sqliteTable(
  'payment_dates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contractId: integer('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    dueOn: text('due_on').notNull(),
  },
  // By date: the treasury's "payment dates around today" across contracts.
  (t) => [uniqueIndex('payment_dates_unique').on(t.contractId, t.dueOn), index('payment_dates_due_idx').on(t.dueOn)],
);

/** A member's subscription to a contract: at most one per member and contract (the unique index). */
export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contractId: integer('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'restrict' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'restrict' }),
    status: text('status', { enum: ['active', 'cancelled'] })
      .notNull()
      .default('active'),
    /** Σ quantity × price over the deliveries not cancelled; recomputed at every change. */
    totalCents: integer('total_cents').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    cancelledAt: text('cancelled_at'),
    /** Shared basket: the other member household that collects on some deliveries (the subscriber pays). */
    coMemberId: integer('co_member_id').references(() => members.id, { onDelete: 'restrict' }),
    /**
     * Who collects which delivery of a shared basket: `alternate` the subscriber the odd ones, the
     * co-member the even ones; `alternate-inverted` the other way round; `dates` the co-member the
     * deliveries listed in subscription_co_member_days.
     */
    shareMode: text('share_mode', { enum: ['alternate', 'alternate-inverted', 'dates'] }),
  },
  (t) => [
    uniqueIndex('subscriptions_unique').on(t.contractId, t.memberId),
    index('subscriptions_member_idx').on(t.memberId),
    index('subscriptions_co_member_idx').on(t.coMemberId),
    // Subscriber counts and totals per contract (contract lists, contract page) from the index alone.
    index('subscriptions_contract_status_idx').on(t.contractId, t.status, t.totalCents),
  ],
);

export const subscriptionQuantities = sqliteTable(
  'subscription_quantities',
  {
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    contractProductId: integer('contract_product_id')
      .notNull()
      .references(() => contractProducts.id, { onDelete: 'restrict' }),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.subscriptionId, t.deliveryId, t.contractProductId] }),
    index('quantities_delivery_idx').on(t.deliveryId, t.contractProductId),
  ],
);
