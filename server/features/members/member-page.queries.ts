/**
 * The administrator's page of one member: the record and roles, and what the member has with the
 * AMAP (contracts, cheques, memberships), in a few queries whatever the member's history.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { contracts, passwordTokens, producers, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { totalsByMember, type ChequeTotals } from '../../read/cheque-totals.js';
import { chequeLines } from '../../read/cheque-lines.js';
import { myMemberships, type MyMembership } from '../memberships/memberships.queries.js';
import { findMember, type MemberDetail } from './members.queries.js';

export interface MemberSubscriptionRow {
  subscriptionId: number;
  status: 'active' | 'cancelled';
  totalCents: number;
  contractId: number;
  contractName: string;
  contractStatus: 'draft' | 'open' | 'archived';
  producerName: string;
}

export interface MemberPage {
  member: MemberDetail;
  /** Whether the member ever set a password (then no invitation is offered). */
  hasPassword: boolean;
  /** Whether an invitation was sent already ("Renvoyer" rather than "Envoyer"). */
  invited: boolean;
  subscriptions: MemberSubscriptionRow[];
  cheques: ChequeTotals;
  /** The first payment date of the cheques still to bring, or null. */
  chequesDueOn: string | null;
  memberships: MyMembership[];
}

const NO_CHEQUES: ChequeTotals = {
  count: 0,
  cents: 0,
  promised: { count: 0, cents: 0 },
  received: { count: 0, cents: 0 },
  handedOver: { count: 0, cents: 0 },
};

function subscriptionsOf(db: Db, memberId: number): MemberSubscriptionRow[] {
  return db
    .select({
      subscriptionId: subscriptions.id,
      status: subscriptions.status,
      totalCents: subscriptions.totalCents,
      contractId: contracts.id,
      contractName: contracts.name,
      contractStatus: contracts.status,
      producerName: producers.name,
    })
    .from(subscriptions)
    .innerJoin(contracts, eq(contracts.id, subscriptions.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(eq(subscriptions.memberId, memberId))
    .orderBy(sql`case ${contracts.status} when 'archived' then 1 else 0 end`, desc(contracts.opensOn))
    .all();
}

/** The member's page, or null for an unknown member. */
export function memberPage(db: Db, memberId: number): MemberPage | null {
  const member = findMember(db, memberId);
  if (!member) return null;
  const invited = !!db
    .select({ id: passwordTokens.id })
    .from(passwordTokens)
    .where(and(eq(passwordTokens.memberId, memberId), eq(passwordTokens.purpose, 'invitation')))
    .limit(1)
    .get();
  const [totals] = totalsByMember(db, { memberId });
  const [firstDue] = chequeLines(db, { memberId, statuses: ['promised'] }, 'due');
  return {
    member,
    hasPassword: member.passwordHash !== null,
    invited,
    subscriptions: subscriptionsOf(db, memberId),
    cheques: totals?.totals ?? NO_CHEQUES,
    chequesDueOn: firstDue?.dueOn ?? null,
    memberships: myMemberships(db, memberId),
  };
}
