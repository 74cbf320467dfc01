import { eq, lt, sql } from 'drizzle-orm';
import { sessions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { ph, prepared } from '../db/prepared.js';

/**
 * A session's expiry is written again only once it moved this much: the 30-day rolling expiry
 * lags by a few minutes at most, and a page view is not a database write.
 */
export const TOUCH_EVERY_MS = 5 * 60 * 1000;

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
 * The sessions in our own SQLite table (web/session.ts reads and writes them): they survive a
 * restart and no timer keeps the process alive. Expired rows are ignored on read and removed by
 * the purge task.
 */
export class SqliteSessionStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** A session's data (JSON) and expiry, unless it is unknown or expired. One prepared query. */
  load(sid: string): { data: string; expiresAt: number } | null {
    const row = sessionBySid(this.db).get({ sid });
    return row && row.expiresAt > this.now() ? row : null;
  }

  save(sid: string, data: string, expiresAt: number): void {
    this.db
      .insert(sessions)
      .values({ sid, data, expiresAt })
      .onConflictDoUpdate({ target: sessions.sid, set: { data, expiresAt } })
      .run();
  }

  /** The expiry rolled forward, the data as it was. */
  touch(sid: string, expiresAt: number): void {
    this.db.update(sessions).set({ expiresAt }).where(eq(sessions.sid, sid)).run();
  }

  destroy(sid: string): void {
    this.db.delete(sessions).where(eq(sessions.sid, sid)).run();
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
