import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../lib/logger.js';
import { safeUrl } from '../lib/log-redact.js';

/** What every request line says: never headers or cookies, never a secret of the URL. */
function requestFields(req: IncomingMessage, res: ServerResponse, durationMs: number) {
  const r = req as Request;
  return {
    method: req.method,
    path: safeUrl(r.originalUrl ?? req.url ?? ''),
    status: res.statusCode,
    durationMs,
    memberId: r.user?.id ?? null,
  };
}

/**
 * One JSON line per request (pino-http): method, path without secrets, status, duration, request
 * id, member id. The request id is also sent back (X-Request-Id) and shown on the 500 page, so a
 * member's "it says erreur 3f9a…" leads to the log line. Static files log at debug level and the
 * health check not at all: they would drown the rest.
 */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    genReqId: (_req, res) => {
      const id = randomBytes(6).toString('hex');
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' },
    customLogLevel: (req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : (req as Request).originalUrl?.startsWith('/static/') ? 'debug' : 'info',
    customSuccessObject: (req, res, val: { responseTime: number }) => requestFields(req, res, val.responseTime),
    // The error itself, with its stack, is logged by the error middleware (web/errors.ts).
    customErrorObject: (req, res, _err, val: { responseTime: number }) => requestFields(req, res, val.responseTime),
    customSuccessMessage: (req, res) =>
      `${req.method} ${safeUrl((req as Request).originalUrl ?? '')} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${safeUrl((req as Request).originalUrl ?? '')} ${res.statusCode}`,
  }) as unknown as RequestHandler;
}
