/**
 * The data of the sign-in sheet (feuille d'émargement) of one distribution day: the day, its duty
 * team with phones, what each producer should have brought, one line per member household
 * collecting anything with their phone and standing note, and what changed on each contract since
 * its previous distribution, with carried-over and given baskets. Twelve queries whatever the number of
 * members and contracts.
 */
import { and, asc, eq, gte, inArray, isNull, lt, max, or } from 'drizzle-orm';
import { contractProducts, deliveries, members, products, subscriptions } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import type { DayDefaults } from '../domain/distribution-days.js';
import { distributionDay, type DistributionDayView } from '../read/distribution-days.js';
import { collectionLines, groupCollections, type CollectionLine } from '../read/collections.js';
import { byName, displayName } from '../lib/format.js';
import { changesSince, type Change, type Item, type MemberItems } from './sign-in-sheet.changes.js';
import { absenceMarks } from './sign-in-sheet.absences.js';

export type { Change, Item };

export interface SheetContract {
  contractId: number;
  contractName: string;
  producerName: string;
}

export interface SheetMemberContract extends SheetContract {
  items: Item[];
  /** "dont 1 reporté", "panier de Léa Martin récupéré par Paul Roux" (sign-in-sheet.absences.ts). */
  mentions?: string[];
}

export interface SheetLine {
  memberId: number;
  firstName: string;
  lastName: string;
  phone: string | null;
  /** The member's standing note ("récupère pour sa voisine"). */
  note: string | null;
  /** The other households of the shared baskets this member collects that day ("Léa Martin"). */
  sharedWith: string[];
  contracts: SheetMemberContract[];
}

export interface SheetTeamMember {
  memberId: number;
  name: string;
  phone: string | null;
  roleName: string;
  standInSought: boolean;
}

export interface SheetContractChanges extends SheetContract {
  /** The contract's previous delivery (YYYY-MM-DD), or null when this is its first. */
  previousOn: string | null;
  changes: Change[];
}

/** What the day is, as the top of every sign-in sheet shows it. */
export interface SheetDay {
  on: string;
  title: string | null;
  place: string;
  startTime: string;
  endTime: string;
  note: string | null;
  cancelled: boolean;
  cancelReason: string | null;
}

export interface SignInSheetData {
  amapName: string;
  day: SheetDay;
  team: SheetTeamMember[];
  /** Per contract delivering that day, the total per product: what the producer should have brought. */
  totals: SheetMemberContract[];
  lines: SheetLine[];
  changes: SheetContractChanges[];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as typed in a URL ("2027-05-06"), or null ("2027-02-30", "demain"). */
export function parseDay(raw: unknown): string | null {
  const m = typeof raw === 'string' ? DAY.exec(raw) : null;
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === raw ? raw : null;
}

export function sheetDay(d: DistributionDayView): SheetDay {
  return {
    on: d.on,
    title: d.title,
    place: d.place,
    startTime: d.startTime,
    endTime: d.endTime,
    note: d.note,
    cancelled: d.cancelled,
    cancelReason: d.cancelReason,
  };
}

export function dutyTeam(d: DistributionDayView): SheetTeamMember[] {
  return d.roles.flatMap((r) =>
    r.shifts.map((s) => ({
      memberId: s.memberId,
      name: displayName(s),
      phone: s.phone,
      roleName: r.name,
      standInSought: s.standInSought,
    })),
  );
}

/** Phone and standing note of these members. One query. */
export function contactsOf(db: Db, memberIds: number[]): Map<number, { phone: string | null; note: string | null }> {
  if (memberIds.length === 0) return new Map();
  const rows = db
    .select({ id: members.id, phone: members.phone, note: members.pickupNote })
    .from(members)
    .where(inArray(members.id, memberIds))
    .all();
  return new Map(rows.map((r) => [r.id, { phone: r.phone, note: r.note?.trim() || null }]));
}

/** Each member's items per contract, from collection lines of one day. */
function itemsByContract(lines: readonly CollectionLine[]): Map<number, MemberItems[]> {
  const out = new Map<number, MemberItems[]>();
  // By subscriber: a shared basket alternating households is no change of the contract's orders.
  for (const day of groupCollections(lines, 'subscriber'))
    for (const m of day.members)
      for (const c of m.contracts) {
        const list = out.get(c.contractId) ?? [];
        list.push({ memberId: m.memberId, firstName: m.firstName, lastName: m.lastName, items: c.products });
        out.set(c.contractId, list);
      }
  return out;
}

/** The sign-in sheet of a day, or null when the day is no distribution day. */
export function signInSheetData(db: Db, on: string, defaults: DayDefaults, amapName: string): SignInSheetData | null {
  const day = distributionDay(db, on, defaults);
  if (!day) return null;
  const contracts: SheetContract[] = day.contracts.map((c) => ({
    contractId: c.contractId,
    contractName: c.contractName,
    producerName: c.producerName,
  }));
  const contractIds = contracts.map((c) => c.contractId);
  const today = collectionLines(db, { from: on, to: on });
  const marks = absenceMarks(db, groupCollections(today)[0]?.members ?? []);
  const grouped = marks.members;
  const contacts = contactsOf(
    db,
    grouped.map((m) => m.memberId),
  );
  const lines: SheetLine[] = grouped
    .map((m) => ({
      memberId: m.memberId,
      firstName: m.firstName,
      lastName: m.lastName,
      phone: contacts.get(m.memberId)?.phone ?? null,
      note: contacts.get(m.memberId)?.note ?? null,
      sharedWith: [...new Set(m.contracts.flatMap((c) => (c.sharedWith ? [displayName(c.sharedWith)] : [])))],
      contracts: m.contracts.map((c) => ({
        contractId: c.contractId,
        contractName: c.contractName,
        producerName: c.producerName,
        items: c.products,
        ...marks.mentionsOf(c.subscriptionId),
      })),
    }))
    .sort(byName);

  return {
    amapName,
    day: sheetDay(day),
    team: dutyTeam(day),
    totals: productTotals(db, contracts, today),
    lines,
    changes: contractChanges(db, on, contracts, today, contractIds),
  };
}

/** Σ quantities per product of each contract, in the contract's product order. One query. */
function productTotals(db: Db, contracts: SheetContract[], lines: readonly CollectionLine[]): SheetMemberContract[] {
  if (contracts.length === 0) return [];
  const order = db
    .select({
      id: contractProducts.id,
      contractId: contractProducts.contractId,
      name: products.name,
      unit: products.unit,
    })
    .from(contractProducts)
    .innerJoin(products, eq(products.id, contractProducts.productId))
    .where(
      inArray(
        contractProducts.contractId,
        contracts.map((c) => c.contractId),
      ),
    )
    .orderBy(asc(contractProducts.contractId), asc(contractProducts.position), asc(products.name))
    .all();
  const sums = new Map<number, number>();
  for (const l of lines) sums.set(l.contractProductId, (sums.get(l.contractProductId) ?? 0) + l.quantity);
  return contracts.map((c) => ({
    ...c,
    items: order
      .filter((p) => p.contractId === c.contractId && sums.has(p.id))
      .map((p) => ({ contractProductId: p.id, productName: p.name, unit: p.unit, quantity: sums.get(p.id)! })),
  }));
}

/**
 * Per contract, its previous delivery and the changes since. Three queries: the previous delivery
 * of each contract, what was collected then, the subscriptions started or cancelled since.
 */
function contractChanges(
  db: Db,
  on: string,
  contracts: SheetContract[],
  today: readonly CollectionLine[],
  contractIds: number[],
): SheetContractChanges[] {
  if (contracts.length === 0) return [];
  const previous = new Map(
    db
      .select({ contractId: deliveries.contractId, on: max(deliveries.deliveryOn) })
      .from(deliveries)
      .where(
        and(inArray(deliveries.contractId, contractIds), lt(deliveries.deliveryOn, on), isNull(deliveries.cancelledAt)),
      )
      .groupBy(deliveries.contractId)
      .all()
      .filter((r): r is { contractId: number; on: string } => r.on !== null)
      .map((r) => [r.contractId, r.on]),
  );
  const previousDays = [...new Set(previous.values())].sort();
  if (previousDays.length === 0) return contracts.map((c) => ({ ...c, previousOn: null, changes: [] }));
  const earliest = previousDays[0];
  const before = collectionLines(db, { from: earliest, to: on, days: previousDays }).filter(
    (l) => previous.get(l.contractId) === l.deliveryOn,
  );
  // Started or cancelled since the earliest previous delivery: the only subscriptions that can matter.
  const subs = db
    .select({
      contractId: subscriptions.contractId,
      memberId: subscriptions.memberId,
      status: subscriptions.status,
      createdAt: subscriptions.createdAt,
      cancelledAt: subscriptions.cancelledAt,
      firstName: members.firstName,
      lastName: members.lastName,
    })
    .from(subscriptions)
    .innerJoin(members, eq(members.id, subscriptions.memberId))
    .where(
      and(
        inArray(subscriptions.contractId, contractIds),
        or(gte(subscriptions.createdAt, earliest), gte(subscriptions.cancelledAt, earliest)),
      ),
    )
    .all();
  const afterByContract = itemsByContract(today);
  const beforeByContract = itemsByContract(before);
  return contracts.map((c) => {
    const previousOn = previous.get(c.contractId) ?? null;
    if (!previousOn) return { ...c, previousOn, changes: [] };
    // From the previous delivery day on (the day itself: quantities added or removed after it).
    const since = (moment: string | null) => moment !== null && moment.slice(0, 10) >= previousOn;
    return {
      ...c,
      previousOn,
      changes: changesSince({
        before: beforeByContract.get(c.contractId) ?? [],
        after: afterByContract.get(c.contractId) ?? [],
        subscribedAfterPrevious: new Set(
          subs.filter((s) => s.contractId === c.contractId && since(s.createdAt)).map((s) => s.memberId),
        ),
        cancelled: subs
          .filter(
            (s) =>
              s.contractId === c.contractId &&
              s.status === 'cancelled' &&
              since(s.cancelledAt) &&
              s.cancelledAt!.slice(0, 10) <= on,
          )
          .map((s) => ({
            memberId: s.memberId,
            firstName: s.firstName,
            lastName: s.lastName,
            cancelledOn: s.cancelledAt!.slice(0, 10),
          })),
      }),
    };
  });
}
