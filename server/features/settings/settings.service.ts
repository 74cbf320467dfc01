import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { settings } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';

/** The AMAP's settings edited in the app, typed, with their defaults. */
export interface Settings {
  /** A current membership is required before subscribing to contracts. */
  membershipRequired: boolean;
}

const DEFAULTS: Settings = { membershipRequired: false };

const settingColumns = { key: settings.key, value: settings.value };

/** Reads every setting; a missing or unreadable value is its default. */
export function getSettings(db: Db): Settings {
  // Read on member pages (is a membership required?): prepared once.
  const stored = new Map(
    prepared(db, 'settings', () => ({ fields: settingColumns, query: db.select(settingColumns).from(settings) }))
      .all()
      .map((r) => [r.key, r.value]),
  );
  const read = <K extends keyof Settings>(key: K, valid: (v: unknown) => v is Settings[K]): Settings[K] => {
    const raw = stored.get(key);
    if (raw === undefined) return DEFAULTS[key];
    try {
      const v: unknown = JSON.parse(raw);
      return valid(v) ? v : DEFAULTS[key];
    } catch {
      return DEFAULTS[key];
    }
  };
  return { membershipRequired: read('membershipRequired', (v): v is boolean => typeof v === 'boolean') };
}

/**
 * Turns the "membership required" rule on or off (administrators). Returns whether it changed;
 * setting the same value again writes nothing.
 */
export function setMembershipRequired(ctx: Ctx, actor: Actor, value: boolean): boolean {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError();
  return ctx.db.transaction(() => {
    const before = getSettings(ctx.db).membershipRequired;
    if (before === value) return false;
    const now = ctx.clock().toISOString();
    const json = JSON.stringify(value);
    ctx.db
      .insert(settings)
      .values({ key: 'membershipRequired', value: json, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: json, updatedAt: now } })
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'settings.updated',
      targetType: 'settings',
      details: { membershipRequired: [before, value] },
    });
    return true;
  });
}

/** When a setting was last changed (null while it has its default), for the settings page. */
export function settingUpdatedAt(db: Db, key: keyof Settings): string | null {
  return (
    db.select({ updatedAt: settings.updatedAt }).from(settings).where(eq(settings.key, key)).get()?.updatedAt ?? null
  );
}
