import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { members } from './members.js';

/** Who did what, when: logins, role changes, member edits, imports, and later every money action. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Null for anonymous actions (failed login, password reset request). */
    actorId: integer('actor_id').references(() => members.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: integer('target_id'),
    /** JSON object. */
    details: text('details').notNull().default('{}'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('audit_created_idx').on(t.createdAt), index('audit_target_idx').on(t.targetType, t.targetId)],
);
