/**
 * A mailing list as a page or a message sees it: who asks (their scope, from domain/access.ts),
 * the filter they may use, the members it selects, and what the form offers. Shared by /adresses
 * and the messages.
 */
import { inArray } from 'drizzle-orm';
import { contracts } from '../../db/schema/index.js';
import { may, type Actor } from '../../domain/access.js';
import type { Ctx } from '../../lib/context.js';
import { ForbiddenError } from '../../lib/errors.js';
import { dutyReport } from '../duty/duty-report.js';
import { concernsOwnAffairs, referentFilter, type AudienceFilter } from './audience-filter.js';
import { contractNames, filterWords } from './audience-words.js';
import {
  audienceMembers,
  contractChoices,
  currentPeriods,
  promisedDueDates,
  type AudienceMember,
  type AudienceScope,
  type ContractChoice,
} from './addresses.queries.js';

export type AudienceAction = 'list-addresses' | 'send-messages';

/** Everybody, or a referent's producers; the 403 page for anyone else. */
export function audienceScope(actor: Actor, action: AudienceAction): AudienceScope {
  if (may(actor, action, { type: 'amap' })) return { all: true };
  if (may(actor, action, { type: 'people-on-duty' })) return { all: false, producerIds: actor.referentOf };
  throw new ForbiddenError();
}

/** Whether the actor may use this page or message at all (the menu). */
export function mayReachSomeone(actor: Actor | null | undefined, action: AudienceAction): boolean {
  return may(actor, action, { type: 'people-on-duty' });
}

export interface Audience {
  scope: AudienceScope;
  /** The filter as it applies (a referent's without the kinds they may not use). */
  filter: AudienceFilter;
  members: AudienceMember[];
  /** Names of the current membership periods ("sans adhésion" needs one). */
  currentPeriodNames: string[];
}

/**
 * The members the filter selects for this actor. A contract the actor may not reach is the 403
 * page, not an empty list: the URL was not made by this app's form.
 */
export function resolveAudience(ctx: Ctx, actor: Actor, action: AudienceAction, raw: AudienceFilter): Audience {
  const scope = audienceScope(actor, action);
  const filter = scope.all ? raw : referentFilter(raw);
  if (!scope.all && filter.contractIds.length) {
    const owners = ctx.db
      .select({ producerId: contracts.producerId })
      .from(contracts)
      .where(inArray(contracts.id, filter.contractIds))
      .all();
    if (owners.some((c) => !may(actor, action, { type: 'contract', producerId: c.producerId })))
      throw new ForbiddenError('Vous ne pouvez écrire qu’aux souscripteurs de vos contrats.');
  }
  const periods = filter.noMembership ? currentPeriods(ctx.db, ctx.today()) : [];
  const behindIds = filter.behindDuty ? dutyReport(ctx, null).behind.map((r) => r.memberId) : [];
  return {
    scope,
    filter,
    members: audienceMembers(ctx.db, filter, scope, { currentPeriodIds: periods.map((p) => p.id), behindIds }),
    currentPeriodNames: periods.map((p) => p.name),
  };
}

/**
 * Whether a message to this list is about the recipients' own affairs (sent even to those who
 * opted out of announcements): the filter says so, and a referent only ever writes to their own
 * subscribers and to the people on duty.
 */
export function audienceEssential(filter: AudienceFilter, scope: AudienceScope): boolean {
  return concernsOwnAffairs(filter) || !scope.all;
}

/** The list in words; a referent's "every member" is every subscriber of their contracts. */
export function audienceWords(ctx: Ctx, filter: AudienceFilter, scope: AudienceScope, sender: string): string {
  const everyone = scope.all ? undefined : `tous les souscripteurs des contrats de ${sender}`;
  return filterWords(filter, contractNames(ctx.db, filter.contractIds), everyone);
}

export interface AudienceChoices {
  /** Whether the kinds beyond contracts and duty are offered (not to a referent). */
  everyKind: boolean;
  contracts: ContractChoice[];
  seasons: number[];
  dueDates: { dueOn: string; count: number }[];
}

/** What the filter form offers this actor. */
export function audienceChoices(ctx: Ctx, scope: AudienceScope): AudienceChoices {
  const list = contractChoices(ctx.db, scope);
  return {
    everyKind: scope.all,
    contracts: list,
    seasons: [...new Set(list.map((c) => c.season).filter((s): s is number => s !== null))],
    dueDates: scope.all ? promisedDueDates(ctx.db) : [],
  };
}
