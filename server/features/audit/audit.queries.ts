import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { auditLog, members } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';

export interface AuditRow {
  id: number;
  createdAt: string;
  action: string;
  actorName: string | null;
  targetType: string | null;
  targetId: number | null;
  /** Name of the member concerned, when the target is a member who still exists. */
  targetName: string | null;
  details: Record<string, unknown>;
}

const target = alias(members, 'target');

export function latestAuditEntries(db: Db, limit = 200): AuditRow[] {
  return db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      actorName: sql<string | null>`${members.firstName} || ' ' || ${members.lastName}`,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      targetName: sql<string | null>`${target.firstName} || ' ' || ${target.lastName}`,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(members, eq(members.id, auditLog.actorId))
    .leftJoin(target, and(eq(auditLog.targetType, 'member'), eq(target.id, auditLog.targetId)))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}
