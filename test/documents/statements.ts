import type { Statement } from 'better-sqlite3';
import type { Db } from '../../server/db/client.js';

type Runner = (this: Statement, ...args: unknown[]) => unknown;

/**
 * How many SQL statements `fn` runs on the connection, whether prepared for this call or held
 * prepared across calls (server/db/prepared.ts): counting `prepare` alone would miss the latter.
 */
export function countStatements(db: Db, fn: () => unknown): number {
  const client = db.$client;
  // Every statement shares this prototype (every connection's too): count this connection's only.
  const proto = Object.getPrototypeOf(client.prepare('select 1')) as Record<string, Runner>;
  const methods = ['run', 'get', 'all', 'iterate'] as const;
  const originals = methods.map((m) => proto[m]);
  let n = 0;
  methods.forEach((m, i) => {
    proto[m] = function (this: Statement, ...args: unknown[]) {
      if (this.database === client) n++;
      return originals[i].apply(this, args);
    };
  });
  try {
    fn();
  } finally {
    methods.forEach((m, i) => (proto[m] = originals[i]));
  }
  return n;
}
