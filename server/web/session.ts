import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { FlashMessage } from './flash.js';
import { TOUCH_EVERY_MS, type SqliteSessionStore } from './session-store.js';

/** What a member's session holds between two requests; nothing else is kept. */
export interface SessionData {
  /** The logged-in member's id, under Passport's key: sessions opened before still work. */
  passport?: { user?: number };
  /** Messages shown once on the next rendered page (web/flash.ts). */
  flash?: FlashMessage[];
  /** The page asked for before the login page. */
  returnTo?: string;
  /** The form token (csrf-sync). */
  csrfToken?: string | null;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      session: Session;
      /** The session's id (stored or not yet). */
      sessionID: string;
    }
  }
}

/**
 * A request's session: its data as own properties (what is stored, as JSON), its two operations
 * on the prototype. The callbacks are those express-session gave, which the callers were written
 * for; here they are called at once (the store is synchronous).
 */
export class Session implements SessionData {
  declare passport?: SessionData['passport'];
  declare flash?: SessionData['flash'];
  declare returnTo?: SessionData['returnTo'];
  declare csrfToken?: SessionData['csrfToken'];

  constructor(private readonly state: SessionState) {
    Object.defineProperty(this, 'state', { enumerable: false });
  }

  /** A new id and no data (login, logout): the old session is gone from the store. */
  regenerate(cb: (err?: unknown) => void): void {
    try {
      if (this.state.stored) this.state.store.destroy(this.state.sid);
      for (const key of Object.keys(this)) delete (this as Record<string, unknown>)[key];
      Object.assign(this.state, { sid: newSid(), stored: false, saved: '{}', expiresAt: 0, cookieDue: true });
      this.state.req.sessionID = this.state.sid;
    } catch (e) {
      return cb(e);
    }
    cb();
  }

  /** Stored now rather than when the response goes out. */
  save(cb: (err?: unknown) => void): void {
    try {
      saveSession(this);
    } catch (e) {
      return cb(e);
    }
    cb();
  }
}

interface SessionState {
  store: SqliteSessionStore;
  maxAgeMs: number;
  req: Request;
  sid: string;
  /** The session has a row in the store. */
  stored: boolean;
  /** The data as stored: the session is written again only when it no longer reads the same. */
  saved: string;
  /** The stored expiry, rolled forward by at most every TOUCH_EVERY_MS. */
  expiresAt: number;
  /** The browser's cookie must be (re)sent: new id, or expiry rolled forward. */
  cookieDue: boolean;
}

interface SessionOptions {
  name: string;
  secret: string;
  store: SqliteSessionStore;
  maxAgeMs: number;
  secure: boolean;
}

const newSid = (): string => randomBytes(24).toString('base64url');

const stateOf = (session: Session): SessionState => (session as unknown as { state: SessionState }).state;

function saveSession(session: Session): void {
  const state = stateOf(session);
  const data = JSON.stringify(session);
  const expiresAt = Date.now() + state.maxAgeMs;
  state.store.save(state.sid, data, expiresAt);
  Object.assign(state, { stored: true, saved: data, expiresAt, cookieDue: true });
}

/**
 * The session of each request, in our SQLite table, under a signed cookie (the format of
 * express-session, whose sessions keep working): `s:` + id + `.` + HMAC-SHA256 in base64.
 * Cheaper than express-session at each page view, which hashed the session twice, signed the
 * cookie again and sent it back on every response: here the session is written when its data
 * changed, its expiry rolled forward (and its cookie sent again) at most every TOUCH_EVERY_MS,
 * and a visitor's session is stored only once it holds something.
 */
export function sessions(options: SessionOptions): RequestHandler {
  const prefix = `${options.name}=`;
  const sign = (value: string) =>
    createHmac('sha256', options.secret).update(value).digest('base64').replace(/=+$/, '');

  // The cookies already found well signed, and their session id: a member's every page view
  // sends the same cookie, and its HMAC (a new key context each time) was a visible part of a
  // page's fixed cost. Only a cookie that verified is kept, under its whole text, so a forged one
  // never matches; the map is emptied when full rather than ordered.
  const verified = new Map<string, string>();
  const VERIFIED_MAX = 10_000;

  /** The session id of a well-signed cookie, or null. */
  const sidOf = (req: Request): string | null => {
    const header = req.headers.cookie;
    if (!header) return null;
    const at = header.startsWith(prefix) ? 0 : header.indexOf(`; ${prefix}`) + 2;
    if (at === 1) return null;
    const end = header.indexOf(';', at);
    let raw = header.slice(at + prefix.length, end === -1 ? undefined : end).trim();
    const known = verified.get(raw);
    if (known !== undefined) return known;
    const cookie = raw;
    if (raw.includes('%')) raw = safeDecode(raw);
    if (!raw.startsWith('s:')) return null;
    const dot = raw.lastIndexOf('.');
    if (dot < 2) return null;
    const sid = raw.slice(2, dot);
    const given = Buffer.from(raw.slice(dot + 1));
    const expected = Buffer.from(sign(sid));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (verified.size >= VERIFIED_MAX) verified.clear();
    verified.set(cookie, sid);
    return sid;
  };

  const setCookie = (res: Response, state: SessionState) => {
    const value = encodeURIComponent(`s:${state.sid}.${sign(state.sid)}`);
    const expires = new Date(state.expiresAt).toUTCString();
    res.append(
      'Set-Cookie',
      `${prefix}${value}; Path=/; Expires=${expires}; HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`,
    );
  };

  /** Just before the response's headers: the session stored if changed, its expiry rolled, its cookie sent. */
  const finish = (res: Response, session: Session) => {
    const state = stateOf(session);
    const data = JSON.stringify(session);
    if (data !== state.saved) {
      if (state.stored || data !== '{}') saveSession(session);
    } else if (state.stored && Date.now() + options.maxAgeMs - state.expiresAt >= TOUCH_EVERY_MS) {
      state.expiresAt = Date.now() + options.maxAgeMs;
      state.store.touch(state.sid, state.expiresAt);
      state.cookieDue = true;
    }
    if (state.cookieDue && state.stored) setCookie(res, state);
  };

  return (req, res, next) => {
    const sid = sidOf(req);
    const row = sid ? options.store.load(sid) : null;
    const { store, maxAgeMs } = options;
    const state: SessionState = row
      ? { store, maxAgeMs, req, sid: sid!, stored: true, saved: row.data, expiresAt: row.expiresAt, cookieDue: false }
      : { store, maxAgeMs, req, sid: newSid(), stored: false, saved: '{}', expiresAt: 0, cookieDue: true };
    const session = new Session(state);
    if (row) {
      const { cookie, ...data } = JSON.parse(row.data) as Record<string, unknown>;
      Object.assign(session, data);
      // A session stored by express-session also held its cookie's settings: the same data
      // without them is not a change to write.
      if (cookie !== undefined) state.saved = JSON.stringify(session);
    }
    req.session = session;
    req.sessionID = state.sid;

    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      res.writeHead = writeHead;
      finish(res, session);
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as Response['writeHead'];
    next();
  };
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return '';
  }
}
