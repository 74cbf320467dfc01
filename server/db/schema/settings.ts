import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The AMAP's settings edited in the app (not the config file): key → JSON value. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});
