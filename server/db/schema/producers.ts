import { sqliteTable, integer, text, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { members } from './members.js';

export const producers = sqliteTable('producers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  description: text('description'),
  email: text('email'),
  phone: text('phone'),
  address: text('address'),
  /** "Ordre des chèques": who the cheques are made out to. */
  payee: text('payee').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Members who manage a producer's contracts (référent·e·s). */
export const producerReferents = sqliteTable(
  'producer_referents',
  {
    producerId: integer('producer_id')
      .notNull()
      .references(() => producers.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** Receives the mails about this producer's contracts (new subscriptions, changes). */
    notify: integer('notify', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.producerId, t.memberId] }), index('producer_referents_member_idx').on(t.memberId)],
);

/** Member accounts of the producer themself: read-only access to their contracts and documents. */
export const producerAccounts = sqliteTable(
  'producer_accounts',
  {
    producerId: integer('producer_id')
      .notNull()
      .references(() => producers.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.producerId, t.memberId] }), index('producer_accounts_member_idx').on(t.memberId)],
);

/** The producer's catalogue: entered once, reused by every contract with its own price. */
export const products = sqliteTable(
  'products',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    producerId: integer('producer_id')
      .notNull()
      .references(() => producers.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    /** Packaging or unit: "panier", "pain de 1 kg", "douzaine". */
    unit: text('unit').notNull(),
    defaultPriceCents: integer('default_price_cents').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('products_producer_idx').on(t.producerId)],
);
