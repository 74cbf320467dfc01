/**
 * The members a mailing-list filter selects, and the choices its form offers. One query for the
 * list whatever the number of members: each filter kind is an `exists` over the member row.
 */
import { and, asc, desc, eq, gte, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  cheques,
  contracts,
  deliveries,
  dutyShifts,
  members,
  membershipPeriods,
  memberships,
  paymentDates,
  producerAccounts,
  producerReferents,
  producers,
  subscriptions,
} from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { byName } from '../../lib/format.js';
import { hasContractKind, hasDutyKind, isEmptyFilter, type AudienceFilter } from './audience-filter.js';

/** Whom a list may reach: everybody, or a referent's subscribers and the people on duty. */
export type AudienceScope = { all: true } | { all: false; producerIds: number[] };

export interface AudienceMember {
  id: number;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  phone2: string | null;
  mailOptOut: boolean;
}

/** What the filters need beyond the filter itself, looked up once per page. */
export interface AudienceFacts {
  /** Membership periods running today (or open for sign-up). */
  currentPeriodIds: number[];
  /** Members behind their duty target this season (computed only when the filter asks for it). */
  behindIds: number[];
}

const FALSE = sql`0`;

/** `sql` year of a contract's first delivery (its season). */
const firstDeliveryYear = sql`(select substr(min(${deliveries.deliveryOn}), 1, 4) from ${deliveries}
  where ${deliveries.contractId} = ${contracts.id} and ${deliveries.cancelledAt} is null)`;

function subscribedTo(contractWhere: SQL | undefined): SQL {
  return sql`exists (select 1 from ${subscriptions} join ${contracts} on ${contracts.id} = ${subscriptions.contractId}
    where ${subscriptions.memberId} = ${members.id} and ${subscriptions.status} = 'active'
      and ${contracts.status} <> 'draft' and ${contractWhere ?? sql`1`})`;
}

function contractKind(f: AudienceFilter, scope: AudienceScope): SQL {
  const byId = f.contractIds.length ? inArray(contracts.id, f.contractIds) : undefined;
  const bySeason = f.seasons.length ? inArray(firstDeliveryYear, f.seasons.map(String)) : undefined;
  // A referent's season is their producers' contracts of that season, not the other producers'.
  const mine = scope.all
    ? undefined
    : inArray(contracts.producerId, scope.producerIds.length ? scope.producerIds : [0]);
  return subscribedTo(and(or(byId, bySeason), mine));
}

function dutyKind(f: AudienceFilter): SQL {
  const byDay = f.dutyDays.length ? inArray(dutyShifts.dayOn, f.dutyDays) : undefined;
  const byMonth = f.dutyMonths.length ? inArray(sql`substr(${dutyShifts.dayOn}, 1, 7)`, f.dutyMonths) : undefined;
  return sql`exists (select 1 from ${dutyShifts} where ${dutyShifts.memberId} = ${members.id}
    and ${dutyShifts.endedAt} is null and ${or(byDay, byMonth)})`;
}

function withoutMembership(periodIds: number[]): SQL {
  if (periodIds.length === 0) return FALSE;
  return sql`not exists (select 1 from ${memberships} where ${memberships.memberId} = ${members.id}
    and ${inArray(memberships.periodId, periodIds)})`;
}

function chequesPromised(dueOn: string[]): SQL {
  return sql`exists (select 1 from ${cheques}
    join ${subscriptions} on ${subscriptions.id} = ${cheques.subscriptionId}
    join ${paymentDates} on ${paymentDates.id} = ${cheques.paymentDateId}
    where ${subscriptions.memberId} = ${members.id} and ${cheques.status} = 'promised'
      and ${inArray(paymentDates.dueOn, dueOn)})`;
}

function roleKind(f: AudienceFilter): SQL | undefined {
  const referent = sql`exists (select 1 from ${producerReferents} where ${producerReferents.memberId} = ${members.id})`;
  const account = sql`exists (select 1 from ${producerAccounts} where ${producerAccounts.memberId} = ${members.id})`;
  return or(f.referents ? referent : undefined, f.producerAccounts ? account : undefined);
}

/** A referent reaches their producers' subscribers, and the people on duty when the filter asks for them. */
function scopeCondition(scope: AudienceScope, f: AudienceFilter): SQL | undefined {
  if (scope.all) return undefined;
  const own = scope.producerIds.length ? subscribedTo(inArray(contracts.producerId, scope.producerIds)) : FALSE;
  return hasDutyKind(f) ? or(own, dutyKind(f)) : own;
}

/** The active members the filter selects within the scope, by name. No filter: nobody. */
export function audienceMembers(
  db: Db,
  f: AudienceFilter,
  scope: AudienceScope,
  facts: AudienceFacts,
): AudienceMember[] {
  if (isEmptyFilter(f)) return [];
  const conditions: (SQL | undefined)[] = [
    eq(members.active, true),
    hasContractKind(f) ? contractKind(f, scope) : undefined,
    hasDutyKind(f) ? dutyKind(f) : undefined,
    f.noMembership ? withoutMembership(facts.currentPeriodIds) : undefined,
    f.chequesDueOn.length ? chequesPromised(f.chequesDueOn) : undefined,
    f.behindDuty ? (facts.behindIds.length ? inArray(members.id, facts.behindIds) : FALSE) : undefined,
    f.referents || f.producerAccounts ? roleKind(f) : undefined,
    scopeCondition(scope, f),
  ];
  return db
    .select({
      id: members.id,
      firstName: members.firstName,
      lastName: members.lastName,
      email: members.email,
      phone: members.phone,
      phone2: members.phone2,
      mailOptOut: members.mailOptOut,
    })
    .from(members)
    .where(and(...conditions))
    .all()
    .sort(byName);
}

/** The membership periods that are current today (running, or open for sign-up). */
export function currentPeriods(db: Db, today: string): { id: number; name: string }[] {
  return db
    .select({ id: membershipPeriods.id, name: membershipPeriods.name })
    .from(membershipPeriods)
    .where(
      or(
        and(lte(membershipPeriods.startsOn, today), gte(membershipPeriods.endsOn, today)),
        and(lte(membershipPeriods.opensOn, today), gte(membershipPeriods.closesOn, today)),
      ),
    )
    .orderBy(asc(membershipPeriods.startsOn))
    .all();
}

export interface ContractChoice {
  id: number;
  name: string;
  producerName: string;
  status: 'open' | 'archived';
  season: number | null;
}

/** The contracts (not drafts) whose subscribers a list may take, newest season first. */
export function contractChoices(db: Db, scope: AudienceScope): ContractChoice[] {
  if (!scope.all && scope.producerIds.length === 0) return [];
  const rows = db
    .select({
      id: contracts.id,
      name: contracts.name,
      producerName: producers.name,
      status: contracts.status,
      season: sql<string | null>`${firstDeliveryYear}`,
    })
    .from(contracts)
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(and(ne(contracts.status, 'draft'), scope.all ? undefined : inArray(contracts.producerId, scope.producerIds)))
    .orderBy(desc(firstDeliveryYear), asc(producers.name), asc(contracts.name))
    .all();
  return rows.map((r) => ({
    ...r,
    status: r.status as 'open' | 'archived',
    season: r.season === null ? null : Number(r.season),
  }));
}

/** Payment dates that still wait for promised cheques, with how many: the treasurer's reminders. */
export function promisedDueDates(db: Db): { dueOn: string; count: number }[] {
  return db
    .select({ dueOn: paymentDates.dueOn, count: sql<number>`count(*)` })
    .from(cheques)
    .innerJoin(paymentDates, eq(paymentDates.id, cheques.paymentDateId))
    .where(eq(cheques.status, 'promised'))
    .groupBy(paymentDates.dueOn)
    .orderBy(asc(paymentDates.dueOn))
    .all();
}
