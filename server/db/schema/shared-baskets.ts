import { sqliteTable, integer, primaryKey } from 'drizzle-orm/sqlite-core';
import { deliveries, subscriptions } from './contracts.js';

/** The deliveries a shared basket's co-member collects, when the subscription's share mode is `dates`. */
export const coMemberDays = sqliteTable(
  'subscription_co_member_days',
  {
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.deliveryId] })],
);
