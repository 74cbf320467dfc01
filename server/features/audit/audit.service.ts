import { auditLog } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  targetType?: string;
  targetId?: number;
  details?: Record<string, unknown>;
}

/**
 * Records who did what. Call it inside the same transaction as the change it describes, so a
 * change and its trace are written together or not at all.
 */
export function recordAudit(ctx: Pick<Ctx, 'db' | 'clock'>, entry: AuditEntry): void {
  ctx.db
    .insert(auditLog)
    .values({
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      createdAt: ctx.clock().toISOString(),
    })
    .run();
}
