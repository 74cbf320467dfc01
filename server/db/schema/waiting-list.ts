import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { contractProducts, contracts } from './contracts.js';
import { members } from './members.js';

/**
 * A member waiting for a place on a contract whose capacity is reached (DESIGN.md §5 "Capacity"):
 * for one product, or for the contract (any product). One row per member and contract; the row
 * stays once served or left, so that the list's history reads in the audit log and the row.
 */
export const waitingListEntries = sqliteTable(
  'waiting_list_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contractId: integer('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    /** null: any product of the contract. */
    contractProductId: integer('contract_product_id').references(() => contractProducts.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'restrict' }),
    /** Order in the list (smaller first); the referent moves people up and down. */
    position: integer('position').notNull(),
    /** waiting → offered (a place is held for them until `offerExpiresOn`) → served; or left, removed, expired. */
    status: text('status', { enum: ['waiting', 'offered', 'served', 'left', 'removed', 'expired'] })
      .notNull()
      .default('waiting'),
    offeredOn: text('offered_on'),
    /** Last day (inclusive) the offered place is held. */
    offerExpiresOn: text('offer_expires_on'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('waiting_list_unique').on(t.contractId, t.memberId),
    index('waiting_list_member_idx').on(t.memberId),
  ],
);
