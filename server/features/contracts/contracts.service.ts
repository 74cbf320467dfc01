import { and, eq, gte, sql } from 'drizzle-orm';
import {
  contractAbsenceSettings,
  contractProducts,
  contracts,
  deliveries,
  paymentDates,
  producers,
  products,
  subscriptions,
} from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { nextSeasonCalendar, nextSeasonName } from '../../domain/next-season.js';
import { recordAudit } from '../audit/audit.service.js';
import type { ContractInput } from './contracts.forms.js';
import { loadContract, type ContractBundle } from '../../read/contract-bundle.js';
import { formatDateNumeric } from '../../lib/format.js';
import { contractLedger, type ContractLedger } from './contract-ledger.queries.js';

/** Loads a contract the actor manages; 404 when it does not exist, 403 when it is another producer's. */
export function requireManagedContract(ctx: Ctx, actor: Actor, contractId: number): ContractBundle {
  const bundle = loadContract(ctx.db, contractId);
  if (!bundle) throw new NotFoundError('Ce contrat n’existe pas.');
  if (!may(actor, 'manage-contracts', { type: 'contract', producerId: bundle.contract.producerId }))
    throw new ForbiddenError('Vous ne gérez pas les contrats de ce producteur.');
  return bundle;
}

function assertProducer(ctx: Ctx, actor: Actor, producerId: number): { payee: string } {
  const p = ctx.db
    .select({ payee: producers.payee, active: producers.active })
    .from(producers)
    .where(eq(producers.id, producerId))
    .get();
  if (!p) throw new ValidationError({ field: 'producerId', message: 'Choisissez le producteur.' });
  if (!may(actor, 'manage-contracts', { type: 'producer', producerId }))
    throw new ForbiddenError('Vous ne gérez pas les contrats de ce producteur.');
  return p;
}

function contractValues(input: ContractInput, payee: string) {
  return {
    producerId: input.producerId,
    name: input.name,
    description: input.description,
    memberInfo: input.memberInfo,
    conditions: input.conditions ?? null,
    kind: input.kind,
    opensOn: input.opensOn,
    closesOn: input.closesOn,
    paymentsManaged: input.paymentsManaged,
    paymentInfo: input.paymentInfo,
    payee: input.payee || payee,
    paymentDay: input.paymentDay,
    proposalRule: input.proposalRule,
    minChequeCents: input.minCheque,
    membersEditAmounts: input.membersEditAmounts,
  };
}

export function createContract(ctx: Ctx, actor: Actor, input: ContractInput): number {
  return ctx.db.transaction(() => {
    const producer = assertProducer(ctx, actor, input.producerId);
    const now = ctx.clock().toISOString();
    // A second click on "Créer" finds the draft created a moment ago instead of a twin.
    const twin = ctx.db
      .select({ id: contracts.id })
      .from(contracts)
      .where(
        and(
          eq(contracts.producerId, input.producerId),
          eq(contracts.name, input.name),
          eq(contracts.opensOn, input.opensOn),
          gte(contracts.createdAt, new Date(ctx.clock().getTime() - 120_000).toISOString()),
        ),
      )
      .get();
    if (twin) return twin.id;
    const { id } = ctx.db
      .insert(contracts)
      .values({ ...contractValues(input, producer.payee), createdAt: now, updatedAt: now })
      .returning({ id: contracts.id })
      .get();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'contract.created',
      targetType: 'contract',
      targetId: id,
      details: { name: input.name },
    });
    return id;
  });
}

function hasSubscriptions(ctx: Ctx, contractId: number): boolean {
  return !!ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(eq(subscriptions.contractId, contractId))
    .limit(1)
    .get();
}

export function updateContract(ctx: Ctx, actor: Actor, contractId: number, input: ContractInput): void {
  ctx.db.transaction(() => {
    const bundle = requireManagedContract(ctx, actor, contractId);
    if (bundle.contract.status === 'archived')
      throw new ValidationError({ message: 'Ce contrat est archivé : il ne change plus.' });
    const producer = assertProducer(ctx, actor, input.producerId);
    if (hasSubscriptions(ctx, contractId)) {
      // Money already promised depends on these: changing them would silently change members' schedules.
      if (input.producerId !== bundle.contract.producerId)
        throw new ValidationError({
          field: 'producerId',
          message: 'Des membres ont souscrit : le producteur ne peut plus changer.',
        });
      if (input.kind !== bundle.contract.kind)
        throw new ValidationError({
          field: 'kind',
          message: 'Des membres ont souscrit : le type de contrat ne peut plus changer.',
        });
      if (input.paymentsManaged !== bundle.contract.paymentsManaged)
        throw new ValidationError({
          field: 'paymentsManaged',
          message: 'Des membres ont souscrit : la gestion des paiements ne peut plus changer.',
        });
      // Cheques are written to this payee and were proposed by this rule: changing them now would
      // make the slips disagree with the cheques in hand and re-propose everyone's schedule.
      const values = contractValues(input, producer.payee);
      if (values.payee !== bundle.contract.payee)
        throw new ValidationError({
          field: 'payee',
          message: 'Des membres ont souscrit : l’ordre des chèques ne peut plus changer.',
        });
      if (values.proposalRule !== bundle.contract.proposalRule)
        throw new ValidationError({
          field: 'proposalRule',
          message: 'Des membres ont souscrit : la règle des montants ne peut plus changer.',
        });
      if (values.minChequeCents !== bundle.contract.minChequeCents)
        throw new ValidationError({
          field: 'minCheque',
          message: 'Des membres ont souscrit : le montant minimum ne peut plus changer.',
        });
    }
    ctx.db
      .update(contracts)
      .set({ ...contractValues(input, producer.payee), updatedAt: ctx.clock().toISOString() })
      .where(eq(contracts.id, contractId))
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'contract.updated',
      targetType: 'contract',
      targetId: contractId,
      details: { name: input.name },
    });
  });
}

/** Sets the products offered and their prices. A product already ordered cannot be removed. */
export function setContractProducts(
  ctx: Ctx,
  actor: Actor,
  contractId: number,
  wanted: { productId: number; priceCents: number; maxPerDelivery: number | null; capacity?: number | null }[],
): void {
  ctx.db.transaction(() => {
    const bundle = requireManagedContract(ctx, actor, contractId);
    if (bundle.contract.status === 'archived')
      throw new ValidationError({ message: 'Ce contrat est archivé : il ne change plus.' });
    const own = new Set(
      ctx.db
        .select({ id: products.id })
        .from(products)
        .where(eq(products.producerId, bundle.contract.producerId))
        .all()
        .map((p) => p.id),
    );
    if (wanted.some((w) => !own.has(w.productId)))
      throw new ValidationError({ message: 'Ce produit n’est pas au catalogue de ce producteur.' });
    const subscribed = hasSubscriptions(ctx, contractId);
    const existing = new Map(bundle.products.map((o) => [o.productId, o]));
    const wantedIds = new Set(wanted.map((w) => w.productId));
    for (const cp of bundle.products) {
      if (wantedIds.has(cp.productId)) continue;
      const ordered = ctx.db.get<{ n: number }>(
        sql`select count(*) as n from subscription_quantities where contract_product_id = ${cp.id}`,
      );
      if (ordered && ordered.n > 0)
        throw new ValidationError({
          message: `« ${cp.name} » a déjà été commandé : il ne peut plus être retiré du contrat.`,
        });
      ctx.db.delete(contractProducts).where(eq(contractProducts.id, cp.id)).run();
    }
    wanted.forEach((w, position) => {
      const old = existing.get(w.productId);
      if (old) {
        if (subscribed && old.priceCents !== w.priceCents) {
          throw new ValidationError({
            field: `price_${w.productId}`,
            message: 'Des membres ont souscrit : le prix ne peut plus changer.',
          });
        }
        ctx.db
          .update(contractProducts)
          .set({ priceCents: w.priceCents, maxPerDelivery: w.maxPerDelivery, capacity: w.capacity ?? null, position })
          .where(eq(contractProducts.id, old.id))
          .run();
      } else {
        ctx.db
          .insert(contractProducts)
          .values({
            contractId,
            productId: w.productId,
            priceCents: w.priceCents,
            maxPerDelivery: w.maxPerDelivery,
            capacity: w.capacity ?? null,
            position,
          })
          .run();
      }
    });
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'contract.products-set',
      targetType: 'contract',
      targetId: contractId,
      details: { products: wanted },
    });
  });
}

/** What is missing before members can see the contract. */
export function openingProblems(bundle: ContractBundle): string[] {
  const problems: string[] = [];
  if (bundle.products.length === 0) problems.push('aucun produit');
  if (!bundle.deliveries.some((d) => !d.cancelled)) problems.push('aucune date de livraison');
  if (bundle.contract.paymentsManaged && bundle.paymentDates.length === 0) problems.push('aucune date d’encaissement');
  return problems;
}

export function openContract(ctx: Ctx, actor: Actor, contractId: number): void {
  ctx.db.transaction(() => {
    const bundle = requireManagedContract(ctx, actor, contractId);
    if (bundle.contract.status === 'open') return;
    if (bundle.contract.status === 'archived') throw new ValidationError({ message: 'Ce contrat est archivé.' });
    const problems = openingProblems(bundle);
    if (problems.length)
      throw new ValidationError({ message: `Impossible d’ouvrir le contrat : ${problems.join(', ')}.` });
    ctx.db
      .update(contracts)
      .set({ status: 'open', updatedAt: ctx.clock().toISOString() })
      .where(eq(contracts.id, contractId))
      .run();
    recordAudit(ctx, { actorId: actor.id, action: 'contract.opened', targetType: 'contract', targetId: contractId });
  });
}

/** Back to draft (invisible to members), only while nobody has subscribed. */
export function unpublishContract(ctx: Ctx, actor: Actor, contractId: number): void {
  ctx.db.transaction(() => {
    const bundle = requireManagedContract(ctx, actor, contractId);
    if (bundle.contract.status !== 'open') return;
    if (hasSubscriptions(ctx, contractId))
      throw new ValidationError({ message: 'Des membres ont déjà souscrit : le contrat reste ouvert.' });
    ctx.db
      .update(contracts)
      .set({ status: 'draft', updatedAt: ctx.clock().toISOString() })
      .where(eq(contracts.id, contractId))
      .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'contract.unpublished',
      targetType: 'contract',
      targetId: contractId,
    });
  });
}

/** Why a contract cannot be archived yet: deliveries still to come, cheques not handed over. */
export function archiveProblems(ctx: Ctx, bundle: ContractBundle, today: string): string[] {
  return archiveProblemsOf(bundle, today, contractLedger(ctx.db, bundle.contract.id));
}

/** The same, from the contract's ledger the contract page has already read. */
export function archiveProblemsOf(
  bundle: ContractBundle,
  today: string,
  ledger: Pick<ContractLedger, 'promisedCheques' | 'receivedCheques' | 'owedBackCount'>,
): string[] {
  const problems: string[] = [];
  const coming = bundle.deliveries.filter((d) => !d.cancelled && d.deliveryOn >= today);
  if (coming.length)
    problems.push(
      `${coming.length} livraison${coming.length > 1 ? 's' : ''} à venir (jusqu’au ${formatDateNumeric(coming[coming.length - 1].deliveryOn)})`,
    );
  const owed = ledger.owedBackCount;
  if (owed) problems.push(`${owed} membre${owed > 1 ? 's' : ''} à rembourser (chèques reçus au-delà du total)`);
  const promised = ledger.promisedCheques;
  if (promised) problems.push(`${promised} chèque${promised > 1 ? 's' : ''} promis non reçu${promised > 1 ? 's' : ''}`);
  const received = ledger.receivedCheques;
  if (received)
    problems.push(
      `${received} chèque${received > 1 ? 's' : ''} reçu${received > 1 ? 's' : ''} pas encore remis au producteur`,
    );
  return problems;
}

export function archiveContract(ctx: Ctx, actor: Actor, contractId: number): void {
  ctx.db.transaction(() => {
    const bundle = requireManagedContract(ctx, actor, contractId);
    if (bundle.contract.status === 'archived') return;
    const problems = archiveProblems(ctx, bundle, ctx.today());
    if (problems.length) throw new ValidationError({ message: `Archivage impossible : ${problems.join(' ; ')}.` });
    ctx.db
      .update(contracts)
      .set({ status: 'archived', updatedAt: ctx.clock().toISOString() })
      .where(eq(contracts.id, contractId))
      .run();
    recordAudit(ctx, { actorId: actor.id, action: 'contract.archived', targetType: 'contract', targetId: contractId });
  });
}

/**
 * Next season's copy: same products and prices, deliveries one year later on the same weekday,
 * window and payment dates moved likewise, status draft.
 */
export function copyContract(ctx: Ctx, actor: Actor, contractId: number): number {
  return ctx.db.transaction(() => {
    const { contract: c, products, deliveries: dels } = requireManagedContract(ctx, actor, contractId);
    const now = ctx.clock().toISOString();
    const next = nextSeasonCalendar(
      c,
      dels.filter((d) => !d.cancelled).map((d) => d.deliveryOn),
    );
    const { id } = ctx.db
      .insert(contracts)
      .values({
        producerId: c.producerId,
        name: nextSeasonName(c.name),
        description: c.description,
        memberInfo: c.memberInfo,
        conditions: c.conditions,
        kind: c.kind,
        status: 'draft',
        opensOn: next.opensOn,
        closesOn: next.closesOn,
        paymentsManaged: c.paymentsManaged,
        paymentInfo: c.paymentInfo,
        payee: c.payee,
        paymentDay: c.paymentDay,
        proposalRule: c.proposalRule,
        minChequeCents: c.minChequeCents,
        membersEditAmounts: c.membersEditAmounts,
        copiedFromId: c.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: contracts.id })
      .get();
    products.forEach((o, position) =>
      ctx.db
        .insert(contractProducts)
        .values({
          contractId: id,
          productId: o.productId,
          priceCents: o.priceCents,
          maxPerDelivery: o.maxPerDelivery,
          capacity: o.capacity,
          position,
        })
        .run(),
    );
    for (const deliveryOn of next.deliveryDates) ctx.db.insert(deliveries).values({ contractId: id, deliveryOn }).run();
    for (const dueOn of next.paymentDates) ctx.db.insert(paymentDates).values({ contractId: id, dueOn }).run();
    // The absences' rules go with the contract (a contract without them allows none).
    const rules = ctx.db
      .select()
      .from(contractAbsenceSettings)
      .where(eq(contractAbsenceSettings.contractId, contractId))
      .get();
    if (rules)
      ctx.db
        .insert(contractAbsenceSettings)
        .values({ ...rules, contractId: id, updatedAt: now })
        .run();
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'contract.copied',
      targetType: 'contract',
      targetId: id,
      details: { from: contractId },
    });
    return id;
  });
}
