import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Middlewares run one after the other as a single one, answering like `app.use` of each in turn:
 * `next(err)` leaves the chain for the app's error handler, `next('route')` goes on, `next('router')`
 * leaves the app's router, a throw or a rejected promise is an error. Express's router makes a
 * match record, its parameters and a callback for each layer it walks, at every request: the
 * dozen middlewares every page goes through were about a tenth of the memory a small page
 * allocated. Only middlewares without a path belong here.
 */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null && err !== 'route') return next(err);
      if (i === handlers.length) return next();
      const handler = handlers[i++];
      try {
        const returned = handler(req, res, step) as unknown;
        if (returned instanceof Promise)
          returned.then(undefined, (e: unknown) => step(e ?? new Error('Rejected promise')));
      } catch (e) {
        step(e);
      }
    };
    step();
  };
}
