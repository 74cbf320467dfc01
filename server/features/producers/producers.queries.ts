import { and, eq, inArray, sql } from 'drizzle-orm';
import { members, producerAccounts, producerReferents, producers, products } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../lib/context.js';
import { may, mayOnSomeProducer, producerScope } from '../../domain/access.js';
import { ForbiddenError } from '../../lib/errors.js';
import { listVisibleContracts } from '../../read/contract-summaries.js';
import { displayName, sortName } from '../../lib/format.js';

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

/** /producteurs: the producers this actor manages (administrators: all of them); 403 for anyone else. */
export function producerListPage(db: Db, actor: Actor): { isAdmin: boolean; producers: ProducerCard[] } {
  if (!mayOnSomeProducer(actor, 'manage-contracts')) throw new ForbiddenError();
  return {
    isAdmin: may(actor, 'administer', { type: 'amap' }),
    producers: listProducers(db, producerScope(actor, 'manage-contracts')),
  };
}

/** The producers whose ids are given (null: all of them), active ones first, then by name. */
function listProducers(db: Db, scope: number[] | null): ProducerCard[] {
  if (scope !== null && scope.length === 0) return [];
  const rows = db
    .select({
      id: producers.id,
      name: producers.name,
      payee: producers.payee,
      active: producers.active,
    })
    .from(producers)
    .where(scope === null ? undefined : inArray(producers.id, scope))
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
    .where(scope === null ? undefined : inArray(producerReferents.producerId, scope))
    .all()
    .sort(byMemberName);
  return rows
    .sort((a, b) => Number(b.active) - Number(a.active) || collator.compare(a.name, b.name))
    .map((p) => ({
      ...p,
      activeProducts: counts.get(p.id) ?? 0,
      referents: referents.filter((r) => r.producerId === p.id).map(displayName),
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
function activeMemberChoices(db: Db): MemberChoice[] {
  return db
    .select({ id: members.id, firstName: members.firstName, lastName: members.lastName, email: members.email })
    .from(members)
    .where(eq(members.active, true))
    .all()
    .sort(byMemberName)
    .map((m) => ({ id: m.id, label: `${sortName(m)}${m.email ? ` (${m.email})` : ''}` }));
}

/**
 * Everything the producer page shows, except the forms' values and errors. The member pickers
 * (names and e-mails of every member) are the administrators' only: referents never load them.
 */
export function producerPage(db: Db, actor: Actor, id: number) {
  const producer = findProducer(db, id);
  if (!producer) return null;
  const referents = referentsOf(db, id);
  const accounts = accountsOf(db, id);
  const isAdmin = may(actor, 'administer', { type: 'amap' });
  const choices = isAdmin ? activeMemberChoices(db) : [];
  return {
    producer,
    products: productsOf(db, id),
    referents,
    accounts,
    isAdmin,
    referentChoices: choices.filter((c) => !referents.some((r) => r.memberId === c.id)),
    accountChoices: choices.filter((c) => !accounts.some((a) => a.memberId === c.id)),
  };
}
export type ProducerPage = NonNullable<ReturnType<typeof producerPage>>;

/**
 * A producer as members see it (read-only): the presentation, who the cheques are made out to,
 * and the contracts open now or soon. Null for an unknown producer.
 */
export function producerForMembers(db: Db, id: number, today: string) {
  const producer = db
    .select({ id: producers.id, name: producers.name, description: producers.description, payee: producers.payee })
    .from(producers)
    .where(eq(producers.id, id))
    .get();
  if (!producer) return null;
  const current = listVisibleContracts(db).filter((c) => c.producerId === id && c.closesOn >= today);
  return {
    producer,
    open: current.filter((c) => c.opensOn <= today),
    coming: current.filter((c) => c.opensOn > today),
  };
}
