import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { settings } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { writeSetting } from '../../db/settings-store.js';

/**
 * Whether the AMAP's calendar of distribution days is public (/calendrier/amap.ics, for the
 * association's website) or needs a member's token. A key of the settings table read here, like
 * the retention setting: this feature owns it and the route that applies it. Private by default:
 * dates and a place say when people gather, which an AMAP may not want to publish.
 */
export const PUBLIC_FEED_KEY = 'calendarFeedPublic';

export function amapFeedIsPublic(db: Db): boolean {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, PUBLIC_FEED_KEY)).get();
  return row?.value === 'true';
}

/** Administrators only; returns whether it changed. */
export function setAmapFeedPublic(ctx: Ctx, actor: Actor, value: boolean): boolean {
  if (!may(actor, 'administer', { type: 'amap' })) throw new ForbiddenError();
  return ctx.db.transaction(() => {
    const before = amapFeedIsPublic(ctx.db);
    if (before === value) return false;
    writeSetting(ctx.db, PUBLIC_FEED_KEY, value, ctx.clock().toISOString());
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'settings.updated',
      targetType: 'settings',
      details: { [PUBLIC_FEED_KEY]: [before, value] },
    });
    return true;
  });
}

/** For the settings page. */
export function calendarSettingView(ctx: Pick<Ctx, 'db' | 'config'>) {
  return { public: amapFeedIsPublic(ctx.db), publicUrl: `${ctx.config.server.baseUrl}/calendrier/amap.ics` };
}
