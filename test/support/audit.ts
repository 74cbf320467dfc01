import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.js';
import { auditLog } from '../../server/db/schema/index.js';

export type AuditEntry = Omit<typeof auditLog.$inferSelect, 'details'> & {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  details: Record<string, any>;
};

/** The audit log in the order it was written (only `action`'s entries if given), details parsed. */
export function audit(t: { db: Db }, action?: string): AuditEntry[] {
  return t.db
    .select()
    .from(auditLog)
    .where(action === undefined ? undefined : eq(auditLog.action, action))
    .orderBy(asc(auditLog.id))
    .all()
    .map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}

/** The actions of the audit log, in the order they were written. */
export function auditActions(t: { db: Db }): string[] {
  return audit(t).map((r) => r.action);
}
