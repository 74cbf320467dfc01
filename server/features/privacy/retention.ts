import { and, eq, inArray, lt, ne, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog, mailAttachments, outbox, outboxAttachments, settings } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { writeSetting } from '../../db/settings-store.js';

/**
 * How long mails (outbox) and the details of the journal are kept, in months; null: for ever.
 * A setting of the settings table (key → JSON), read here rather than in the settings feature's
 * typed list: this feature owns it and the purge that applies it.
 */
export const RETENTION_KEY = 'personalDataRetentionMonths';
export const RETENTION_CHOICES = [6, 12, 24, 36, 60, 120] as const;
export const DEFAULT_RETENTION_MONTHS = 24;

export function retentionMonths(db: Db): number | null {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, RETENTION_KEY)).get();
  if (!row) return DEFAULT_RETENTION_MONTHS;
  try {
    const v: unknown = JSON.parse(row.value);
    return v === null || (RETENTION_CHOICES as readonly unknown[]).includes(v)
      ? (v as number | null)
      : DEFAULT_RETENTION_MONTHS;
  } catch {
    return DEFAULT_RETENTION_MONTHS;
  }
}

/** Parses the form's value: one of the choices, or "" for "sans limite". */
export function parseRetention(raw: unknown): number | null {
  if (raw === '') return null;
  const n = Number(raw);
  if (!(RETENTION_CHOICES as readonly number[]).includes(n))
    throw new ValidationError({ field: 'retentionMonths', message: 'Choisissez une durée de la liste.' });
  return n;
}

export function setRetentionMonths(ctx: Ctx, actor: Actor, months: number | null): boolean {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError();
  return ctx.db.transaction(() => {
    const before = retentionMonths(ctx.db);
    if (before === months) return false;
    writeSetting(ctx.db, RETENTION_KEY, months, ctx.clock().toISOString());
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'settings.updated',
      targetType: 'settings',
      details: { [RETENTION_KEY]: [before, months] },
    });
    return true;
  });
}

/** The first day kept: `months` before `today` (YYYY-MM-DD; the 31st becomes the month's last day). */
export function retentionCutoff(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${first.toISOString().slice(0, 8)}${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The purge of personal data past the retention (run by the nightly purge task): mails sent or
 * failed before the cutoff are deleted (with files no other mail carries), and journal entries
 * before it lose their details (who did what and when stays). Mails still pending stay.
 */
export function purgeOldPersonalData(
  ctx: Ctx,
  today: string,
): { mails: number; auditDetails: number; months: number | null } {
  const months = retentionMonths(ctx.db);
  if (months === null) return { mails: 0, auditDetails: 0, months };
  const cutoff = retentionCutoff(today, months);
  return ctx.db.transaction(() => {
    const mails = ctx.db
      .delete(outbox)
      .where(and(lt(outbox.createdAt, cutoff), inArray(outbox.status, ['sent', 'failed'])))
      .run().changes;
    if (mails > 0)
      ctx.db
        .delete(mailAttachments)
        .where(
          notInArray(mailAttachments.id, ctx.db.select({ id: outboxAttachments.attachmentId }).from(outboxAttachments)),
        )
        .run();
    const auditDetails = ctx.db
      .update(auditLog)
      .set({ details: '{}' })
      .where(and(lt(auditLog.createdAt, cutoff), ne(auditLog.details, '{}')))
      .run().changes;
    return { mails, auditDetails, months };
  });
}

/** For the settings page: the current value and the choices. */
export function retentionSettingView(db: Db) {
  return { months: retentionMonths(db), choices: RETENTION_CHOICES, default: DEFAULT_RETENTION_MONTHS };
}
