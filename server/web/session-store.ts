import session from 'express-session';
import { eq, lt, sql } from 'drizzle-orm';
import { sessions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';

const DAY = 24 * 3600 * 1000;

/**
 * express-session store in our own SQLite table: sessions survive a restart and no timer keeps
 * the process alive. Expired rows are ignored on read and removed by the purge task.
 */
export class SqliteSessionStore extends session.Store {
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

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    try {
      const row = this.db.select().from(sessions).where(eq(sessions.sid, sid)).get();
      if (!row || row.expiresAt <= this.now()) return cb(null, null);
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
      cb?.();
    } catch (e) {
      cb?.(e);
    }
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    try {
      this.db.delete(sessions).where(eq(sessions.sid, sid)).run();
      cb?.();
    } catch (e) {
      cb?.(e);
    }
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    try {
      this.db
        .update(sessions)
        .set({ expiresAt: this.expiry(sess) })
        .where(eq(sessions.sid, sid))
        .run();
      cb?.();
    } catch (e) {
      cb?.(e);
    }
  }

  /** Removes expired sessions; returns how many. */
  purgeExpired(): number {
    return this.db.delete(sessions).where(lt(sessions.expiresAt, this.now())).run().changes;
  }

  /** Ends every session of a member (password changed, member deactivated). */
  destroyForMember(memberId: number, exceptSid?: string): void {
    this.db
      .delete(sessions)
      .where(
        sql`json_extract(${sessions.data}, '$.passport.user') = ${memberId} ${exceptSid ? sql`and ${sessions.sid} <> ${exceptSid}` : sql``}`,
      )
      .run();
  }
}
