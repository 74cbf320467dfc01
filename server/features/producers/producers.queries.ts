import { and, eq, inArray, sql } from 'drizzle-orm';
import { members, producerAccounts, producerReferents, producers, products } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Alphabetical order as in a French directory, on the last name then the first name. */
function byMemberName(a: { firstName: string; lastName: string }, b: { firstName: string; lastName: string }): number {
  return collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName);
}

export interface ProducerCard {
  id: number;
  name: string;
  payee: string;
  active: boolean;
  activeProducts: number;
  referents: string[];
}

/**
 * The producers an actor sees on /producteurs: all of them (`'all'`, administrators) or those
 * whose ids are given (a referent's). Active producers first, then by name.
 */
export function listProducers(db: Db, scope: 'all' | number[]): ProducerCard[] {
  if (scope !== 'all' && scope.length === 0) return [];
  const rows = db
    .select({
      id: producers.id,
      name: producers.name,
      payee: producers.payee,
      active: producers.active,
    })
    .from(producers)
    .where(scope === 'all' ? undefined : inArray(producers.id, scope))
    .all();
  const counts = new Map(
    db
      .select({ producerId: products.producerId, n: sql<number>`count(*)` })
      .from(products)
      .where(eq(products.active, true))
      .groupBy(products.producerId)
      .all()
      .map((c) => [c.producerId, c.n]),
  );
  const referents = db
    .select({ producerId: producerReferents.producerId, firstName: members.firstName, lastName: members.lastName })
    .from(producerReferents)
    .innerJoin(members, eq(members.id, producerReferents.memberId))
    .where(scope === 'all' ? undefined : inArray(producerReferents.producerId, scope))
    .all()
    .sort(byMemberName);
  return rows
    .sort((a, b) => Number(b.active) - Number(a.active) || collator.compare(a.name, b.name))
    .map((p) => ({
      ...p,
      activeProducts: counts.get(p.id) ?? 0,
      referents: referents.filter((r) => r.producerId === p.id).map((r) => `${r.firstName} ${r.lastName}`),
    }));
}

export type ProducerRow = typeof producers.$inferSelect;
export type ProductRow = typeof products.$inferSelect;

export function findProducer(db: Db, id: number): ProducerRow | null {
  return db.select().from(producers).where(eq(producers.id, id)).get() ?? null;
}

/** The catalogue: active products first, then by name and unit. */
export function productsOf(db: Db, producerId: number): ProductRow[] {
  return db
    .select()
    .from(products)
    .where(eq(products.producerId, producerId))
    .all()
    .sort(
      (a, b) =>
        Number(b.active) - Number(a.active) || collator.compare(a.name, b.name) || collator.compare(a.unit, b.unit),
    );
}

export function findProduct(db: Db, producerId: number, productId: number): ProductRow | null {
  return (
    db
      .select()
      .from(products)
      .where(and(eq(products.id, productId), eq(products.producerId, producerId)))
      .get() ?? null
  );
}

export interface PersonRow {
  memberId: number;
  firstName: string;
  lastName: string;
  email: string | null;
  active: boolean;
}

export function referentsOf(db: Db, producerId: number): (PersonRow & { notify: boolean })[] {
  return db
    .select({
      memberId: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      active: members.active,
      notify: producerReferents.notify,
    })
    .from(producerReferents)
    .innerJoin(members, eq(members.id, producerReferents.memberId))
    .where(eq(producerReferents.producerId, producerId))
    .all()
    .sort(byMemberName);
}

export function accountsOf(db: Db, producerId: number): PersonRow[] {
  return db
    .select({
      memberId: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      active: members.active,
    })
    .from(producerAccounts)
    .innerJoin(members, eq(members.id, producerAccounts.memberId))
    .where(eq(producerAccounts.producerId, producerId))
    .all()
    .sort(byMemberName);
}

export interface MemberChoice {
  id: number;
  label: string;
}

/** Active members for a <select>, sorted by name: "DURAND Camille (camille@exemple.fr)". */
export function activeMemberChoices(db: Db, except: number[] = []): MemberChoice[] {
  return db
    .select({ id: members.id, firstName: members.firstName, lastName: members.lastName, email: members.email })
    .from(members)
    .where(eq(members.active, true))
    .all()
    .filter((m) => !except.includes(m.id))
    .sort(byMemberName)
    .map((m) => ({ id: m.id, label: `${m.lastName.toUpperCase()} ${m.firstName}${m.email ? ` (${m.email})` : ''}` }));
}

/** Everything the producer page shows, except the forms' values and errors. */
export function producerPage(db: Db, id: number) {
  const producer = findProducer(db, id);
  if (!producer) return null;
  const referents = referentsOf(db, id);
  const accounts = accountsOf(db, id);
  return {
    producer,
    products: productsOf(db, id),
    referents,
    accounts,
    referentChoices: activeMemberChoices(
      db,
      referents.map((r) => r.memberId),
    ),
    accountChoices: activeMemberChoices(
      db,
      accounts.map((a) => a.memberId),
    ),
  };
}
export type ProducerPage = NonNullable<ReturnType<typeof producerPage>>;
