/**
 * The pages under /tresorerie, each read by one function that also decides whose cheques this
 * actor handles (domain/access.ts: the treasurer every producer's, a referent their producers'),
 * so that a route only renders what it gets.
 */
import { eq } from 'drizzle-orm';
import { members } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { ph, prepared } from '../../db/prepared.js';
import { may, producerScope } from '../../domain/access.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { addDays } from '../../domain/delivery-calendar.js';
import { loadContract } from '../../read/contract-bundle.js';
import { chequeLines } from '../../read/cheque-lines.js';
import { latestJournalEntries } from '../audit/audit.queries.js';
import { handedOverEarly } from './handovers.service.js';
import { formatMonthYear } from '../../lib/format.js';
import {
  contractReception,
  creditsOf,
  handoverCheques,
  handoverPreview,
  listHandovers,
  memberChequesByPayee,
  moneyContracts,
  subscriptionBalances,
  type ReceptionFilter,
} from './treasury.queries.js';
import { searchMembersWithCheques } from './reception-search.queries.js';
import { owedBackCount, treasuryHomeTotals } from './treasury-home.queries.js';

const scopeOf = (actor: Actor) => producerScope(actor, 'handle-money');
/** Whether the actor handles the money of the whole AMAP (not only some producers'). */
const handlesAll = (actor: Actor) => may(actor, 'handle-money', { type: 'amap' });

/** /tresorerie: payment dates around today, monthly totals per producer, and the AMAP-wide journal. */
export function treasuryHomePage(ctx: Ctx, actor: Actor) {
  const scope = scopeOf(actor);
  const today = ctx.today();
  const showJournal = handlesAll(actor);
  const near = { from: addDays(today, -45), to: addDays(today, 45) };
  const wide = { from: addDays(today, -100), to: addDays(today, 100) };
  return {
    ...treasuryHomeTotals(ctx.db, scope, near, wide),
    // The journal is AMAP-wide: referents see only their producers' figures above.
    entries: showJournal ? latestJournalEntries(ctx.db, ['argent', 'souscriptions'], 15) : [],
    showJournal,
    today,
    owed: owedBackCount(ctx.db, scope),
  };
}

const receptionMember = { id: members.id, firstName: members.firstName, lastName: members.lastName };

/**
 * Reception at the distribution table: the members found by a few letters of their name, or one
 * member's expected cheques by payee. A single match leads straight to that member (`redirect`).
 */
export function receptionPage(ctx: Ctx, actor: Actor, query: { q: string; memberId: number | null }) {
  const scope = scopeOf(actor);
  const member =
    query.memberId === null
      ? null
      : (prepared(ctx.db, 'reception-member', () => ({
          fields: receptionMember,
          query: ctx.db
            .select(receptionMember)
            .from(members)
            .where(eq(members.id, ph('id'))),
        })).get({ id: query.memberId }) ?? null);
  const found = query.q ? searchMembersWithCheques(ctx.db, scope, query.q) : [];
  if (!member && found.length === 1) return { redirect: `/tresorerie/reception?membre=${found[0].id}` };
  const payees = member ? memberChequesByPayee(ctx.db, scope, member.id) : [];
  return {
    redirect: null,
    q: query.q,
    found,
    payees,
    // Someone with no cheque in the actor's scope is not shown (not even their name).
    member: member && (payees.length > 0 || handlesAll(actor)) ? member : null,
  };
}

/** /tresorerie/contrats: the contracts whose cheques this actor handles. */
export function moneyContractsPage(ctx: Ctx, actor: Actor) {
  return { contracts: moneyContracts(ctx.db, scopeOf(actor)) };
}

/** One contract's cheques, member by member (404 unknown, 403 another producer's). */
export function contractReceptionPage(ctx: Ctx, actor: Actor, contractId: number, filter: ReceptionFilter) {
  const bundle = loadContract(ctx.db, contractId);
  if (!bundle) throw new NotFoundError('Ce contrat n’existe pas.');
  if (!may(actor, 'handle-money', { type: 'contract', producerId: bundle.contract.producerId }))
    throw new ForbiddenError('Ces chèques ne sont pas ceux de vos producteurs.');
  return { bundle, filter, rows: contractReception(ctx.db, bundle.contract.id, filter) };
}

/** /tresorerie/remises: the handovers done, and the contracts a new one may be for. */
export function handoversPage(ctx: Ctx, actor: Actor) {
  const scope = scopeOf(actor);
  return { handovers: listHandovers(ctx.db, scope), contracts: moneyContracts(ctx.db, scope) };
}

/**
 * What a handover of this contract's cheques for one payment date would give the producer, and
 * who is missing. Without a date asked for: the latest payment date already due, else the first.
 */
export function handoverPreviewPage(ctx: Ctx, actor: Actor, contractId: number | null, paymentDateId: number | null) {
  const bundle = contractId === null ? null : loadContract(ctx.db, contractId);
  if (!bundle) throw new NotFoundError('Choisissez un contrat.');
  if (!may(actor, 'handle-money', { type: 'contract', producerId: bundle.contract.producerId }))
    throw new ForbiddenError('Ces chèques ne sont pas ceux de vos producteurs.');
  const today = ctx.today();
  const due = bundle.paymentDates.filter((p) => p.dueOn <= today);
  const date = bundle.paymentDates.find((p) => p.id === paymentDateId) ?? due[due.length - 1] ?? bundle.paymentDates[0];
  if (!date) throw new NotFoundError('Ce contrat n’a pas de date d’encaissement.');
  return {
    bundle,
    date,
    preview: handoverPreview(ctx.db, bundle.contract.id, date.id),
    // Cheques not due for more than a month: the form asks to confirm ("à encaisser en mai 2027").
    earlyMonth: handedOverEarly(date.dueOn, today) ? formatMonthYear(date.dueOn) : null,
  };
}

/** One handover and its cheques (404 unknown, 403 another producer's). */
export function handoverPage(ctx: Ctx, actor: Actor, handoverId: number) {
  const [h] = listHandovers(ctx.db, null, handoverId);
  if (!h) throw new NotFoundError('Cette remise n’existe pas.');
  if (!may(actor, 'handle-money', { type: 'handover', producerId: h.producerId }))
    throw new ForbiddenError('Cette remise ne concerne pas vos producteurs.');
  return { h, bundle: loadContract(ctx.db, h.contractId)!, cheques: handoverCheques(ctx.db, h.id) };
}

/** /tresorerie/soldes: money owed back to members, and subscriptions whose cheques do not match the total. */
export function balancesPage(ctx: Ctx, actor: Actor) {
  const all = subscriptionBalances(ctx.db, scopeOf(actor));
  return {
    owed: all.filter((s) => s.balance.owedBackCents > 0),
    unbalanced: all.filter(
      (s) => s.status === 'active' && s.balance.owedBackCents === 0 && s.balance.unscheduledCents !== 0,
    ),
  };
}

/** One subscription's money: balance, cheques and credits (404 unknown or outside the actor's producers). */
export function subscriptionMoneyPage(ctx: Ctx, actor: Actor, subscriptionId: number) {
  const [row] = subscriptionBalances(ctx.db, scopeOf(actor), { subscriptionId });
  if (!row) throw new NotFoundError('Cette souscription n’existe pas ou ne vous concerne pas.');
  return {
    row,
    cheques: chequeLines(ctx.db, { subscriptionId: row.subscriptionId }),
    credits: creditsOf(ctx.db, row.subscriptionId),
  };
}
