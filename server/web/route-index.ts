import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';

/** What the router library keeps of each `router.use`, `router.get`…: not in Express's public types. */
interface LayerLike {
  rawPath?: unknown;
  slash?: boolean;
  route?: { path?: unknown };
}

/** null: the router may take any path. */
type Segments = Set<string> | null;

/** The first segment of a path as routes are matched: case-insensitive, like Express by default. */
function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}

/** A first segment that only matches itself (no parameter, wildcard or optional part). */
const LITERAL = /^[a-z0-9._~%-]*$/i;

function pathsOf(raw: unknown): unknown[] {
  return Array.isArray(raw) ? raw.flat(Infinity) : [raw];
}

/**
 * The first segments a feature router answers, or null when one of its layers may take any path
 * (null: a `router.use(fn)` without a path, a parameter or a regular expression in the first segment).
 */
export function segmentsOf(router: Router): Segments {
  const segments = new Set<string>();
  for (const layer of router.stack as unknown as LayerLike[]) {
    if (!layer.route && layer.slash) return null;
    for (const path of pathsOf(layer.route ? layer.route.path : layer.rawPath)) {
      if (typeof path !== 'string' || !path.startsWith('/')) return null;
      const segment = firstSegment(path);
      if (!LITERAL.test(segment)) return null;
      segments.add(segment);
    }
  }
  return segments;
}

/**
 * The feature routers as one middleware that hands each request only to the routers with a route
 * under its first path segment (`/contrats/12` → those declaring `/contrats…`), in the order
 * given, plus those that may take any path. The answer is the same as mounting them one after the
 * other with `app.use`, without walking some forty routers and their hundreds of routes for every
 * page: that walk was a visible part of a page's cost.
 */
export function routersByFirstSegment(routers: Router[]): RequestHandler {
  const described = routers.map((router) => ({ router, segments: segmentsOf(router) }));
  const forSegment = new Map<string, Router[]>();
  for (const { segments } of described) if (segments) for (const s of segments) forSegment.set(s, []);
  const anyPath: Router[] = [];
  for (const { router, segments } of described) {
    if (!segments) anyPath.push(router);
    for (const [s, list] of forSegment) if (!segments || segments.has(s)) list.push(router);
  }
  return (req: Request, res: Response, next: NextFunction) => {
    const list = forSegment.get(firstSegment(req.path)) ?? anyPath;
    let i = 0;
    const step = (err?: unknown): void => {
      // An error, like 'router' (leave this router) is not ours: errors go to the app's handler.
      if (err && err !== 'router') return next(err);
      if (i === list.length) return next();
      list[i++](req, res, step);
    };
    step();
  };
}
