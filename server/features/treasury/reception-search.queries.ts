/**
 * The member search of reception at the distribution table: a few letters of a name, among the
 * members with cheques to receive or just received in the actor's scope.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { cheques, contracts, members, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { inList, json, prepared, type Values } from '../../db/prepared.js';
import { nameHasWords, searchWords } from '../../domain/name-search.js';

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

const nameColumns = { id: members.id, firstName: members.firstName, lastName: members.lastName };
const promisedColumns = {
  memberId: subscriptions.memberId,
  promised: sql<number>`coalesce(sum(${cheques.status} = 'promised'), 0)`,
};

export interface FoundMember {
  id: number;
  firstName: string;
  lastName: string;
  /** Cheques still to bring, in scope. */
  promised: number;
}

/**
 * Members found by a few letters of their name, among those with cheques in scope (at the table).
 * Every word must be in the first or last name, case and accents aside; the match runs here
 * rather than in SQL, whose lower() and like know neither accents nor non-ASCII capitals. The
 * names are matched first, and only the cheques of the members they match are counted.
 */
export function searchMembersWithCheques(db: Db, scope: number[] | null, q: string, limit = 12): FoundMember[] {
  const words = searchWords(q);
  if (words.length === 0) return [];
  const named = prepared(db, 'reception-search-names', () => ({
    fields: nameColumns,
    query: db.select(nameColumns).from(members).orderBy(asc(members.id)),
  }))
    .all()
    .filter((m) => nameHasWords(m, words));
  if (named.length === 0) return [];
  const values: Values = { ids: json(named.map((m) => m.id)) };
  if (scope !== null) values.scope = json(scope);
  const counts = prepared(db, `reception-search-cheques:${scope === null ? 'all' : 'scope'}`, () => ({
    fields: promisedColumns,
    query: db
      .select(promisedColumns)
      .from(subscriptions)
      .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
      .innerJoin(cheques, eq(cheques.subscriptionId, subscriptions.id))
      .where(
        and(
          inList(subscriptions.memberId, 'ids'),
          sql`${cheques.status} in ('promised', 'received')`,
          scope === null ? undefined : inList(contracts.producerId, 'scope'),
        ),
      )
      .groupBy(subscriptions.memberId),
  })).all(values);
  const promised = new Map(counts.map((c) => [c.memberId, c.promised]));
  return named
    .filter((m) => promised.has(m.id))
    .map((m) => ({ ...m, promised: promised.get(m.id)! }))
    .sort((a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName))
    .slice(0, limit);
}
