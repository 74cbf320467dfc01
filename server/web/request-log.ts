import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../lib/logger.js';
import { safeUrl } from '../lib/log-redact.js';

declare module 'http' {
  interface IncomingMessage {
    /** The request id of the log line, also sent back as X-Request-Id and shown on the 500 page. */
    id?: string;
  }
}

/**
 * Request ids are 12 hex digits of randomness, cut from a pool drawn a few hundred at a time:
 * one call to the system's random source per request was a visible part of a page's cost.
 */
const ID_BYTES = 6;
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let offset = 0;
function requestId(): string {
  if (offset >= pool.length) {
    pool = randomBytes(ID_BYTES * POOL_IDS);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}

function levelOf(req: Request, res: Response): 'error' | 'warn' | 'info' | 'debug' {
  if (res.statusCode >= 500) return 'error';
  if (!res.writableFinished) return 'warn';
  return req.originalUrl.startsWith('/static/') ? 'debug' : 'info';
}

/**
 * One JSON line per request: method, path without secrets, status, duration, request id, member
 * id; never headers or cookies. The request id is sent back (X-Request-Id) and shown on the 500
 * page, so a member's "it says erreur 3f9a…" leads to the log line. Static files log at debug
 * level and the health check not at all: they would drown the rest. A request the client gave up
 * on before the answer was sent logs at warn level. (Written out rather than pino-http: a child
 * logger and its serializers per request cost more than the line itself.)
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = requestId();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    if (req.url === '/healthz') return next();
    const started = performance.now();
    res.once('close', () => {
      const level = levelOf(req, res);
      if (!logger.isLevelEnabled(level)) return;
      const path = safeUrl(req.originalUrl ?? req.url ?? '');
      const status = res.statusCode;
      logger[level](
        {
          requestId: id,
          method: req.method,
          path,
          status,
          durationMs: Math.round(performance.now() - started),
          memberId: req.user?.id ?? null,
        },
        res.writableFinished ? `${req.method} ${path} ${status}` : `${req.method} ${path} interrompue`,
      );
    });
    next();
  };
}
