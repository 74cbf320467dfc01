import type Database from 'better-sqlite3';
import type { Db } from '../../server/db/client.js';

type Runner = (this: Database.Statement, ...args: unknown[]) => unknown;

/**
 * Calls `seen` with each SQL statement run on this connection while `fn` runs, and the values
 * it ran with, whether prepared for it or held prepared across requests (server/db/prepared.ts):
 * counting `prepare` calls would miss those.
 */
export async function recordStatements(
  db: Db,
  fn: () => Promise<unknown> | unknown,
  seen: (source: string, values: unknown[]) => void,
): Promise<void> {
  const client = db.$client;
  const proto = Object.getPrototypeOf(client.prepare('select 1')) as Record<string, Runner>;
  const originals = new Map<string, Runner>();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const run = proto[method];
    originals.set(method, run);
    proto[method] = function (this: Database.Statement, ...args: unknown[]) {
      if (this.database === client) seen(this.source, args);
      return run.apply(this, args);
    };
  }
  try {
    await fn();
  } finally {
    for (const [method, run] of originals) proto[method] = run;
  }
}

/** The SQL statements run on this connection while `fn` runs, in order (see recordStatements). */
export async function statementsRun(db: Db, fn: () => Promise<unknown> | unknown): Promise<string[]> {
  const seen: string[] = [];
  await recordStatements(db, fn, (source) => seen.push(source));
  return seen;
}
