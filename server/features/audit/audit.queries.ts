import { desc, eq, sql } from 'drizzle-orm';
import { auditLog, members } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';

export interface AuditRow {
  id: number;
  createdAt: string;
  action: string;
  actorName: string | null;
  targetType: string | null;
  targetId: number | null;
  details: Record<string, unknown>;
}

export function latestAuditEntries(db: Db, limit = 200): AuditRow[] {
  return db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      actorName: sql<string | null>`${members.firstName} || ' ' || ${members.lastName}`,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(members, eq(members.id, auditLog.actorId))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}
