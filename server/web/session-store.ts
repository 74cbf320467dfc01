import session from 'express-session';
import { eq, lt, sql } from 'drizzle-orm';
import { sessions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { ph, prepared } from '../db/prepared.js';

const DAY = 24 * 3600 * 1000;
/**
 * A session's expiry is written again only once it moved this much: the 30-day rolling expiry
 * lags by a few minutes at most, and a page view is not a database write.
 */
export const TOUCH_EVERY_MS = 5 * 60 * 1000;
/** Beyond this many sessions remembered, the memory of stored expiries starts again (a few extra writes). */
const REMEMBERED = 10_000;

const sessionBySid = (db: Db) =>
  prepared(db, 'session-by-sid', () => {
    const fields = { data: sessions.data, expiresAt: sessions.expiresAt };
    return {
      fields,
      query: db
        .select(fields)
        .from(sessions)
        .where(eq(sessions.sid, ph('sid'))),
    };
  });

/**
 * express-session store in our own SQLite table: sessions survive a restart and no timer keeps
 * the process alive. Expired rows are ignored on read and removed by the purge task.
 */
export class SqliteSessionStore extends session.Store {
  /** The expiry stored for each session read or written by this process. */
  private readonly storedExpiry = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  private expiry(sess: session.SessionData): number {
    const maxAge = sess.cookie?.maxAge;
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : null;
    return expires ?? this.now() + (typeof maxAge === 'number' ? maxAge : DAY);
  }

  private remember(sid: string, expiresAt: number): void {
    if (this.storedExpiry.size >= REMEMBERED && !this.storedExpiry.has(sid)) this.storedExpiry.clear();
    this.storedExpiry.set(sid, expiresAt);
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    try {
      const row = sessionBySid(this.db).get({ sid });
      if (!row || row.expiresAt <= this.now()) return cb(null, null);
      this.remember(sid, row.expiresAt);
      cb(null, JSON.parse(row.data));
    } catch (e) {
      cb(e);
    }
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    try {
      const data = JSON.stringify(sess);
      const expiresAt = this.expiry(sess);
      this.db
        .insert(sessions)
        .values({ sid, data, expiresAt })
        .onConflictDoUpdate({ target: sessions.sid, set: { data, expiresAt } })
        .run();
      this.remember(sid, expiresAt);
      cb?.();
    } catch (e) {
      cb?.(e);
    }
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    try {
      this.db.delete(sessions).where(eq(sessions.sid, sid)).run();
      this.storedExpiry.delete(sid);
      cb?.();
    } catch (e) {
      cb?.(e);
    }
  }

  /**
   * Called by express-session after each request that did not change the session (rolling
   * expiry): the new expiry is written only when it moved by TOUCH_EVERY_MS since the stored one.
   */
  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    try {
      const expiresAt = this.expiry(sess);
      const stored = this.storedExpiry.get(sid);
      if (stored === undefined || expiresAt - stored >= TOUCH_EVERY_MS) {
        this.db.update(sessions).set({ expiresAt }).where(eq(sessions.sid, sid)).run();
        this.remember(sid, expiresAt);
      }
      cb?.();
    } catch (e) {
      cb?.(e);
    }
  }

  /** Removes expired sessions; returns how many. */
  purgeExpired(): number {
    this.storedExpiry.clear();
    return this.db.delete(sessions).where(lt(sessions.expiresAt, this.now())).run().changes;
  }

  /** Ends every session of a member (password changed, member deactivated). */
  destroyForMember(memberId: number, exceptSid?: string): void {
    this.storedExpiry.clear();
    this.db
      .delete(sessions)
      .where(
        sql`json_extract(${sessions.data}, '$.passport.user') = ${memberId} ${exceptSid ? sql`and ${sessions.sid} <> ${exceptSid}` : sql``}`,
      )
      .run();
  }
}
