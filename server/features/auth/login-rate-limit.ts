import type { Request, Response } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';

const WINDOW_MS = 15 * 60 * 1000;
const message =
  'Trop de tentatives de connexion. Attendez 15 minutes avant de réessayer, ou demandez un nouveau mot de passe.';

function tooMany(_req: Request, res: Response): void {
  res.status(429).render('auth/login', { title: 'Connexion', errors: { _form: message }, values: {} });
}

/**
 * Failed logins are limited per (IP, e-mail) and, more loosely, per IP: 10 failures on one
 * account or 50 from one address in 15 minutes → 429. Successful logins do not count.
 * Counters live in memory: one process serves one AMAP.
 */
export function loginRateLimiters() {
  const common = {
    windowMs: WINDOW_MS,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    handler: tooMany,
  };
  return [
    rateLimit({ ...common, limit: 50, keyGenerator: (req) => ipKeyGenerator(req.ip ?? '') }),
    rateLimit({
      ...common,
      limit: 10,
      keyGenerator: (req) =>
        `${ipKeyGenerator(req.ip ?? '')}|${String(req.body?.email ?? '')
          .trim()
          .toLowerCase()}`,
    }),
  ];
}

/**
 * "Mot de passe oublié": at most 5 requests per address and 20 per IP in an hour, so nobody can
 * flood a member's mailbox (each request mails a link) or the outbox. Answered like the normal
 * page, so the limit tells nothing about which addresses exist.
 */
export function resetRateLimiters() {
  const common = {
    windowMs: 60 * 60 * 1000,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    handler: (_req: Request, res: Response) =>
      res.status(429).render('auth/forgot', {
        title: 'Mot de passe oublié',
        errors: {
          _form:
            'Trop de demandes de nouveau mot de passe. Attendez une heure, ou demandez à un·e responsable de l’AMAP.',
        },
        values: {},
      }),
  };
  return [
    rateLimit({ ...common, limit: 20, keyGenerator: (req) => ipKeyGenerator(req.ip ?? '') }),
    rateLimit({
      ...common,
      limit: 5,
      keyGenerator: (req) =>
        `reset|${String(req.body?.email ?? '')
          .trim()
          .toLowerCase()}`,
    }),
  ];
}
