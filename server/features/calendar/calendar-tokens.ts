/**
 * The private calendar URL of a member: /calendrier/<jeton>.ics. The token opens that feed and
 * nothing else (no session, no page). Like the set-password links, only its hash is looked up.
 *
 * Why a seed and not the token itself: the member must find their URL again on /compte (to add it
 * on a second device) without making it a new one, which would break the phone already subscribed.
 * So the token is an HMAC of the member id and a random seed under a key derived from the server's
 * secret; the database keeps the seed and the token's hash. A stolen database (a backup) holds no
 * working URL; the server can recompute the URL to show it. If the secret changes, URLs already
 * handed out keep working (the hash is of the token), but /compte can no longer show them and says
 * so: the member makes a new one.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { calendarTokens, members } from '../../db/schema/index.js';
import { ph, prepared } from '../../db/prepared.js';
import type { Ctx } from '../../lib/context.js';
import { hashToken } from '../../lib/tokens.js';

/** base64url of 32 bytes: what a token looks like (anything else is refused without a query). */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

function tokenOf(ctx: Pick<Ctx, 'config'>, memberId: number, seed: string): string {
  const key = createHmac('sha256', ctx.config.sessionSecret).update('amap calendar feeds').digest();
  return createHmac('sha256', key).update(`${memberId}:${seed}`).digest('base64url');
}

/** A new calendar URL for the member; the previous one stops working at once. */
export function renewCalendarToken(ctx: Ctx, memberId: number): string {
  const seed = randomBytes(16).toString('base64url');
  const token = tokenOf(ctx, memberId, seed);
  const row = { tokenHash: hashToken(token), seed, createdAt: ctx.clock().toISOString() };
  ctx.db
    .insert(calendarTokens)
    .values({ memberId, ...row })
    .onConflictDoUpdate({ target: calendarTokens.memberId, set: row })
    .run();
  return token;
}

export type CalendarTokenView =
  | { state: 'none' }
  | { state: 'shown'; token: string; createdAt: string }
  /** The server's secret changed since: the old URL works but cannot be shown. */
  | { state: 'hidden'; createdAt: string };

/** What /compte can say of the member's calendar URL. One query. */
export function calendarTokenView(ctx: Ctx, memberId: number): CalendarTokenView {
  const row = prepared(ctx.db, 'calendar-token-of-member', () => {
    const fields = {
      seed: calendarTokens.seed,
      tokenHash: calendarTokens.tokenHash,
      createdAt: calendarTokens.createdAt,
    };
    return {
      fields,
      query: ctx.db
        .select(fields)
        .from(calendarTokens)
        .where(eq(calendarTokens.memberId, ph('memberId'))),
    };
  }).get({ memberId });
  if (!row) return { state: 'none' };
  const token = tokenOf(ctx, memberId, row.seed);
  return hashToken(token) === row.tokenHash
    ? { state: 'shown', token, createdAt: row.createdAt }
    : { state: 'hidden', createdAt: row.createdAt };
}

/** The active member a feed token belongs to, or null (unknown, replaced, or member inactive). One query. */
export function memberOfCalendarToken(ctx: Ctx, token: string): { id: number } | null {
  if (!TOKEN_SHAPE.test(token)) return null;
  return (
    ctx.db
      .select({ id: members.id })
      .from(calendarTokens)
      .innerJoin(members, eq(members.id, calendarTokens.memberId))
      .where(and(eq(calendarTokens.tokenHash, hashToken(token)), eq(members.active, true)))
      .get() ?? null
  );
}

/** The https:// and webcal:// forms of a feed path ("/calendrier/….ics"), from the configured base URL. */
export function feedLinks(ctx: Pick<Ctx, 'config'>, path: string): { https: string; webcal: string } {
  const https = `${ctx.config.server.baseUrl}${path}`;
  return { https, webcal: https.replace(/^https?:\/\//, 'webcal://') };
}

/** The calendar block of /compte. */
export function calendarAccountView(ctx: Ctx, memberId: number) {
  const view = calendarTokenView(ctx, memberId);
  if (view.state !== 'shown') return { ...view, links: null, amapLinks: null };
  return {
    ...view,
    links: feedLinks(ctx, `/calendrier/${view.token}.ics`),
    amapLinks: feedLinks(ctx, `/calendrier/amap/${view.token}.ics`),
  };
}
