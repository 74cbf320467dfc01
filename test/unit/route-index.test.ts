import { expect } from 'chai';
import express, { Router } from 'express';
import request from 'supertest';
import { routersByFirstSegment, segmentsOf } from '../../server/web/route-index.js';

/** The same routers mounted one after the other (Express's way) and through the index. */
function twoApps(make: () => Router[]) {
  const plain = express();
  for (const r of make()) plain.use(r);
  const indexed = express();
  indexed.use(routersByFirstSegment(make()));
  for (const app of [plain, indexed]) app.use((req, res) => res.status(404).send(`404 ${req.path}`));
  return { plain, indexed };
}

describe('routers by first segment', () => {
  it('reads the first segments a router answers, and "any path" for a parameter or a use without path', () => {
    const a = Router();
    a.get('/contrats', () => {});
    a.post('/contrats/:id/souscrire', () => {});
    a.use(['/Mes-Contrats', '/gestion'], () => {});
    a.get('/', () => {});
    expect([...segmentsOf(a)!].sort()).to.deep.equal(['', 'contrats', 'gestion', 'mes-contrats']);
    const b = Router();
    b.get('/:slug', () => {});
    expect(segmentsOf(b)).to.equal(null);
    const c = Router();
    c.use(() => {});
    expect(segmentsOf(c)).to.equal(null);
    const d = Router();
    d.get(/^\/x/, () => {});
    expect(segmentsOf(d)).to.equal(null);
  });

  it('answers like routers mounted in turn: order, fall-through, case, any-path routers, errors', async () => {
    const make = () => {
      const first = Router();
      first.get('/contrats/:id', (req, res, next) => (req.params.id === 'suite' ? next() : res.send('first')));
      const guard = Router();
      guard.use('/gestion', (req, res, next) => (req.query.ok ? next() : res.status(403).send('guard')));
      const any = Router();
      any.get('/:page', (req, res, next) => (req.params.page === 'x' ? res.send('any') : next()));
      const second = Router();
      second.get('/contrats/suite', (_req, res) => res.send('second'));
      second.get('/gestion/c', (_req, res) => res.send('gestion'));
      second.get('/boom', () => {
        throw new Error('boom');
      });
      return [first, guard, any, second];
    };
    const { plain, indexed } = twoApps(make);
    for (const app of [plain, indexed])
      app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) =>
        res.status(500).send(err.message),
      );
    for (const path of [
      '/contrats/1',
      '/contrats/suite',
      '/CONTRATS/suite',
      '/gestion/c',
      '/gestion/c?ok=1',
      '/x',
      '/y',
      '/boom',
      '/',
      '/autre/chemin',
    ]) {
      const [p, i] = await Promise.all([request(plain).get(path), request(indexed).get(path)]);
      expect({ status: i.status, text: i.text }, path).to.deep.equal({ status: p.status, text: p.text });
    }
  });
});
