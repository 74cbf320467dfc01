import type { Db } from '../../server/db/client.js';

/** How many SQL statements `fn` prepares on the connection (drizzle prepares each query it runs). */
export function countStatements(db: Db, fn: () => unknown): number {
  const client = db.$client;
  const original = client.prepare;
  let n = 0;
  client.prepare = ((source: string) => {
    n++;
    return original.call(client, source);
  }) as typeof client.prepare;
  try {
    fn();
  } finally {
    client.prepare = original;
  }
  return n;
}
