import type { Request, Response, NextFunction } from 'express';

export type FlashKind = 'success' | 'error' | 'info';
export interface FlashMessage {
  kind: FlashKind;
  text: string;
}

/** A message shown once on the next rendered page (post/redirect/get). */
export function flash(req: Request, kind: FlashKind, text: string): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, text }];
}

/**
 * Gives views `takeFlashes()`: messages are consumed when a page is actually rendered, so a
 * redirect in between does not swallow them.
 */
export function flashLocals(req: Request, res: Response, next: NextFunction): void {
  res.locals.takeFlashes = (): FlashMessage[] => {
    const messages = req.session?.flash ?? [];
    if (req.session?.flash) delete req.session.flash;
    return messages;
  };
  next();
}
