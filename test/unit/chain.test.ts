import { expect } from 'chai';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { chain } from '../../server/web/chain.js';

/** Runs a chain on an empty request; resolves with what it passed to the app's next and the steps run. */
function run(...handlers: ((seen: string[]) => RequestHandler)[]): Promise<{ out: unknown; seen: string[] }> {
  const seen: string[] = [];
  return new Promise((resolve) => {
    const next: NextFunction = (err?: unknown) => resolve({ out: err, seen });
    chain(...handlers.map((h) => h(seen)))({} as Request, {} as Response, next);
  });
}
const step =
  (name: string, pass?: unknown): ((seen: string[]) => RequestHandler) =>
  (seen) =>
  (_req, _res, next) => {
    seen.push(name);
    next(pass);
  };

describe('middlewares chained as one', () => {
  it('runs them in order, then hands over to what follows', async () => {
    expect(await run(step('a'), step('b'), step('c'))).to.deep.equal({ out: undefined, seen: ['a', 'b', 'c'] });
  });

  it('goes on after next("route"), like pathless app.use layers', async () => {
    expect((await run(step('a', 'route'), step('b'))).seen).to.deep.equal(['a', 'b']);
  });

  it('leaves at the first error, or at next("router"), skipping the rest', async () => {
    const boom = new Error('boom');
    expect(await run(step('a', boom), step('b'))).to.deep.equal({ out: boom, seen: ['a'] });
    expect(await run(step('a', 'router'), step('b'))).to.deep.equal({ out: 'router', seen: ['a'] });
  });

  it('turns a throw and a rejected promise into errors', async () => {
    const thrown = await run(step('a'), () => () => {
      throw new Error('jeté');
    });
    expect((thrown.out as Error).message).to.equal('jeté');
    const rejected = await run(
      () => async () => {
        throw new Error('rejeté');
      },
      step('b'),
    );
    expect((rejected.out as Error).message).to.equal('rejeté');
    expect(rejected.seen).to.deep.equal([]);
  });

  it('waits for a middleware that calls next later (a body being read)', async () => {
    const later: (seen: string[]) => RequestHandler = (seen) => (_req, _res, next) => {
      setTimeout(() => {
        seen.push('later');
        next();
      }, 5);
    };
    expect((await run(later, step('b'))).seen).to.deep.equal(['later', 'b']);
  });
});
