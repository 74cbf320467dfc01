/**
 * The import plan: what AmapJ's records become here, and every problem found on the way, line by
 * line. Pure (no database): the service writes exactly this plan, or nothing when it has an error.
 * Records are keyed by their AmapJ id (`ref`); the service maps them to the new ids.
 */
import type { AmapjData, AmapjSubscription } from './amapj-model.js';
import { decodeAboInfo, type AboAbsence } from './aboinfo.js';
import { Problems, unknownValue, type Problem } from './import-problems.js';
import { planPeople, type PeoplePlan } from './import-plan-people.js';
import { chequeDetails } from './cheque-comments.js';
import { formatEuros } from '../../lib/format.js';

type ChequeStatus = 'promised' | 'received' | 'handed_over';
const CHEQUE_STATES: Record<string, ChequeStatus> = {
  A_FOURNIR: 'promised',
  AMAP: 'received',
  PRODUCTEUR: 'handed_over',
};
const CONTRACT_STATES: Record<string, 'draft' | 'open' | 'archived'> = {
  CREATION: 'draft',
  ACTIF: 'open',
  ARCHIVE: 'archived',
};

export interface PlannedContract {
  ref: number;
  producerRef: number;
  name: string;
  description: string | null;
  memberInfo: string | null;
  kind: 'fixed' | 'variable';
  status: 'draft' | 'open' | 'archived';
  opensOn: string;
  closesOn: string;
  paymentsManaged: boolean;
  payee: string;
  minChequeCents: number | null;
  deliveries: { ref: number; on: string; cancelled: boolean }[];
  products: { ref: number; productRef: number; priceCents: number; position: number }[];
  paymentDates: { ref: number; on: string }[];
  /** AmapJ's product × date exclusions (`deliveryRef:contractProductRef`), which this server has no place for. */
  productExclusions: string[];
}

export interface PlannedSubscription {
  ref: number;
  contractRef: number;
  userRef: number;
  createdOn: string | null;
  /** Σ quantity × price over every cell, as AmapJ counts it. */
  amapjTotalCents: number;
  /** The same without the cancelled deliveries, as this server counts it. */
  totalCents: number;
  quantities: { deliveryRef: number; contractProductRef: number; quantity: number }[];
  creditCents: number;
}

export interface PlannedCheque {
  ref: number;
  subscriptionRef: number;
  paymentDateRef: number;
  amountCents: number;
  status: ChequeStatus;
  bank: string | null;
  number: string | null;
  note: string | null;
  handoverRef: number | null;
}

export interface ImportPlan extends PeoplePlan {
  producers: { ref: number; name: string; description: string | null; payee: string; active: boolean }[];
  referents: { producerRef: number; userRef: number; notify: boolean }[];
  producerAccounts: { producerRef: number; userRef: number }[];
  products: { ref: number; producerRef: number; name: string; unit: string; defaultPriceCents: number }[];
  contracts: PlannedContract[];
  subscriptions: PlannedSubscription[];
  cheques: PlannedCheque[];
  handovers: { ref: number; contractRef: number; paymentDateRef: number; on: string; amapjTotalCents: number }[];
  absences: (AboAbsence & { userRef: number; contractRef: number })[];
  settings: { amapName: string | null; amapCity: string | null };
  problems: Problem[];
}

const clean = (s: string | null) => (s && s.trim() !== '' ? s.trim() : null);

export function buildImportPlan(data: AmapjData, existingEmails: Map<string, number>): ImportPlan {
  const problems = new Problems();
  const people = planPeople(data, existingEmails, problems);
  const users = new Set(people.members.map((m) => m.ref));

  const producerIds = new Set(data.producers.map((p) => p.id));
  const firstPayee = new Map<number, string>();
  for (const c of data.contracts)
    if (c.producerId !== null && clean(c.payee)) firstPayee.set(c.producerId, c.payee!.trim());
  const producers = data.producers.map((p) => {
    if (p.state !== null && p.state !== 'ACTIF' && p.state !== 'INACTIF')
      unknownValue(problems, p.line, 'PRODUCTEUR.ETAT', p.state);
    const name = clean(p.name) ?? `Producteur ${p.id}`;
    return {
      ref: p.id,
      name,
      description: clean(p.description),
      payee: firstPayee.get(p.id) ?? name,
      active: p.state !== 'INACTIF',
    };
  });
  const links = (list: AmapjData['referents'], what: string) =>
    list.filter((l) => {
      const ok = l.producerId !== null && producerIds.has(l.producerId) && l.userId !== null && users.has(l.userId);
      if (!ok) problems.warning(l.line, `${what} dont le producteur ou le membre est absent : ignoré.`);
      return ok;
    });
  const referents = links(data.referents, 'Référent').map((l) => {
    if (
      l.notification !== null &&
      l.notification !== 'AVEC_NOTIFICATION_MAIL' &&
      l.notification !== 'SANS_NOTIFICATION_MAIL'
    )
      unknownValue(problems, l.line, 'PRODUCTEURREFERENT.NOTIFICATION', l.notification);
    return { producerRef: l.producerId!, userRef: l.userId!, notify: l.notification === 'AVEC_NOTIFICATION_MAIL' };
  });
  const producerAccounts = links(data.producerUsers, 'Compte producteur').map((l) => ({
    producerRef: l.producerId!,
    userRef: l.userId!,
  }));

  const lastPrice = new Map<number, number>();
  for (const cp of data.contractProducts)
    if (cp.productId !== null && cp.priceCents !== null) lastPrice.set(cp.productId, cp.priceCents);
  const products: ImportPlan['products'] = [];
  for (const p of data.products) {
    if (p.producerId === null || !producerIds.has(p.producerId)) {
      problems.error(p.line, `Produit « ${p.name} » dont le producteur est absent.`);
      continue;
    }
    products.push({
      ref: p.id,
      producerRef: p.producerId,
      name: clean(p.name) ?? `Produit ${p.id}`,
      unit: clean(p.unit) ?? 'unité',
      defaultPriceCents: lastPrice.get(p.id) ?? 0,
    });
  }
  const productIds = new Set(products.map((p) => p.ref));

  const contracts = planContracts(data, producerIds, productIds, problems);
  const byContract = new Map(contracts.map((c) => [c.ref, c]));
  const subscriptions = planSubscriptions(data, byContract, users, problems);
  decideKinds(contracts, subscriptions, data);
  const { cheques, handovers } = planCheques(data, byContract, subscriptions, problems);

  const absences: ImportPlan['absences'] = [];
  for (const s of data.subscriptions)
    if (s.aboInfo && byContract.has(s.contractId!)) absences.push(...readAbsences(s, problems));

  return {
    ...people,
    producers,
    referents,
    producerAccounts,
    products,
    contracts,
    subscriptions,
    cheques,
    handovers,
    absences,
    settings: { amapName: data.amapName, amapCity: data.amapCity },
    problems: problems.list,
  };
}

function readAbsences(s: AmapjSubscription, problems: Problems): ImportPlan['absences'] {
  try {
    return decodeAboInfo(s.aboInfo!).map((a) => ({ ...a, userRef: s.userId!, contractRef: s.contractId! }));
  } catch {
    problems.warning(s.line, 'CONTRAT.ABOINFO illisible : les absences de ce contrat ne sont pas reprises.');
    return [];
  }
}

function planContracts(
  data: AmapjData,
  producerIds: Set<number>,
  productIds: Set<number>,
  problems: Problems,
): PlannedContract[] {
  const out: PlannedContract[] = [];
  const firstSubscription = new Map<number, string>();
  for (const s of data.subscriptions) {
    const day = s.createdAt?.slice(0, 10);
    if (s.contractId !== null && day && day < (firstSubscription.get(s.contractId) ?? '9999'))
      firstSubscription.set(s.contractId, day);
  }
  for (const c of data.contracts) {
    const status = CONTRACT_STATES[c.state ?? ''];
    if (!status) unknownValue(problems, c.line, 'MODELECONTRAT.ETAT', c.state);
    if (c.paymentMode !== null && c.paymentMode !== 'GESTION_STANDARD' && c.paymentMode !== 'NON_GERE')
      unknownValue(problems, c.line, 'MODELECONTRAT.GESTIONPAIEMENT', c.paymentMode);
    if (c.producerId === null || !producerIds.has(c.producerId)) {
      problems.error(c.line, `Contrat « ${c.name} » dont le producteur est absent.`);
      continue;
    }
    const seenDays = new Set<string>();
    const deliveries: PlannedContract['deliveries'] = [];
    for (const d of data.contractDates.filter((d) => d.contractId === c.id)) {
      if (!d.on || seenDays.has(d.on)) {
        problems.error(d.line, `Contrat « ${c.name} » : date de livraison vide ou en double.`);
        continue;
      }
      seenDays.add(d.on);
      deliveries.push({ ref: d.id, on: d.on, cancelled: false });
    }
    deliveries.sort((a, b) => a.on.localeCompare(b.on));
    const productExclusions: string[] = [];
    for (const x of data.exclusions.filter((x) => x.contractId === c.id)) {
      const delivery = deliveries.find((d) => d.ref === x.dateId);
      if (!delivery) problems.error(x.line, `Contrat « ${c.name} » : exclusion d’une date absente.`);
      else if (x.productId === null) delivery.cancelled = true;
      else if (!data.contractProducts.some((p) => p.id === x.productId && p.contractId === c.id))
        problems.error(x.line, `Contrat « ${c.name} » : exclusion d’un produit absent du contrat.`);
      else productExclusions.push(`${delivery.ref}:${x.productId}`);
    }
    const n = productExclusions.length;
    if (n)
      problems.warning(
        c.line,
        `Contrat « ${c.name} » : dans AmapJ, ${n} couple${n > 1 ? 's' : ''} produit × date exclu${n > 1 ? 's' : ''} ; ` +
          'ici ces produits restent proposés ces jours-là (quantités reprises : 0).',
      );
    const products: PlannedContract['products'] = [];
    for (const p of data.contractProducts.filter((p) => p.contractId === c.id)) {
      if (p.productId === null || !productIds.has(p.productId) || products.some((q) => q.productRef === p.productId)) {
        problems.error(p.line, `Contrat « ${c.name} » : produit absent ou en double.`);
      } else if (p.priceCents === null || p.priceCents < 0) {
        problems.error(p.line, `Contrat « ${c.name} » : prix manquant ou négatif.`);
      } else products.push({ ref: p.id, productRef: p.productId, priceCents: p.priceCents, position: p.position });
    }
    const paymentDates: PlannedContract['paymentDates'] = [];
    for (const p of data.paymentDates.filter((p) => p.contractId === c.id)) {
      if (!p.on || paymentDates.some((q) => q.on === p.on))
        problems.error(p.line, `Contrat « ${c.name} » : date de paiement vide ou en double.`);
      else paymentDates.push({ ref: p.id, on: p.on });
    }
    const closesOn = c.closesOn ?? deliveries[0]?.on ?? firstSubscription.get(c.id) ?? '2000-01-01';
    const opened = firstSubscription.get(c.id);
    out.push({
      ref: c.id,
      producerRef: c.producerId,
      name: clean(c.name) ?? `Contrat ${c.id}`,
      description: clean(c.description),
      memberInfo: clean(c.paymentText),
      kind: 'variable',
      status: status ?? 'draft',
      opensOn: opened && opened < closesOn ? opened : closesOn,
      closesOn,
      paymentsManaged: c.paymentMode !== 'NON_GERE',
      payee: clean(c.payee) ?? '',
      minChequeCents: c.minChequeCents && c.minChequeCents > 0 ? c.minChequeCents : null,
      deliveries,
      products,
      paymentDates: paymentDates.sort((a, b) => a.on.localeCompare(b.on)),
      productExclusions,
    });
  }
  return out;
}

function planSubscriptions(
  data: AmapjData,
  contracts: Map<number, PlannedContract>,
  users: Set<number>,
  problems: Problems,
): PlannedSubscription[] {
  const out = new Map<number, PlannedSubscription>();
  for (const s of data.subscriptions) {
    if (s.contractId === null || !contracts.has(s.contractId) || s.userId === null || !users.has(s.userId)) {
      problems.error(s.line, `Contrat d’un membre (CONTRAT ${s.id}) dont le modèle ou le membre est absent.`);
      continue;
    }
    if (s.creditCents < 0) problems.error(s.line, `Avoir négatif (${s.creditCents} centimes).`);
    out.set(s.id, {
      ref: s.id,
      contractRef: s.contractId,
      userRef: s.userId,
      createdOn: s.createdAt?.slice(0, 10) ?? null,
      amapjTotalCents: 0,
      totalCents: 0,
      quantities: [],
      creditCents: Math.max(0, s.creditCents),
    });
  }
  const deliveries = new Map<number, PlannedContract['deliveries'][number] & { contractRef: number }>();
  const contractProducts = new Map<number, PlannedContract['products'][number] & { contractRef: number }>();
  for (const c of contracts.values()) {
    for (const d of c.deliveries) deliveries.set(d.ref, { ...d, contractRef: c.ref });
    for (const p of c.products) contractProducts.set(p.ref, { ...p, contractRef: c.ref });
  }
  for (const cell of data.cells) {
    const sub = cell.subscriptionId === null ? undefined : out.get(cell.subscriptionId);
    const contract = sub && contracts.get(sub.contractRef)!;
    const delivery = cell.dateId === null ? undefined : deliveries.get(cell.dateId);
    const product = cell.contractProductId === null ? undefined : contractProducts.get(cell.contractProductId);
    if (
      !sub ||
      !delivery ||
      !product ||
      delivery.contractRef !== sub.contractRef ||
      product.contractRef !== sub.contractRef
    ) {
      problems.error(cell.line, 'Quantité dont le contrat, la date ou le produit est absent (ou d’un autre contrat).');
      continue;
    }
    if (cell.quantity < 0) problems.error(cell.line, `Quantité négative (${cell.quantity}).`);
    if (cell.quantity <= 0) continue;
    if (delivery.cancelled)
      problems.warning(
        cell.line,
        `Quantité sur la livraison annulée du ${delivery.on} (contrat « ${contract!.name} ») : comptée par AmapJ, pas ici.`,
      );
    sub.quantities.push({ deliveryRef: delivery.ref, contractProductRef: product.ref, quantity: cell.quantity });
    sub.amapjTotalCents += cell.quantity * product.priceCents;
    if (!delivery.cancelled) sub.totalCents += cell.quantity * product.priceCents;
  }
  return [...out.values()];
}

/** Fixed when every subscriber takes the same quantities at every delivery; variable otherwise. */
function decideKinds(contracts: PlannedContract[], subscriptions: PlannedSubscription[], data: AmapjData): void {
  for (const c of contracts) {
    const subs = subscriptions.filter((s) => s.contractRef === c.ref);
    const live = c.deliveries.filter((d) => !d.cancelled);
    const excluded = new Set(c.productExclusions);
    const same = subs.every((s) =>
      c.products.every((p) => {
        const q = new Set(
          live
            .filter((d) => !excluded.has(`${d.ref}:${p.ref}`))
            .map(
              (d) => s.quantities.find((x) => x.deliveryRef === d.ref && x.contractProductRef === p.ref)?.quantity ?? 0,
            ),
        );
        return q.size <= 1;
      }),
    );
    const nature = data.contracts.find((m) => m.id === c.ref)?.nature;
    c.kind = subs.length ? (same ? 'fixed' : 'variable') : nature === 'ABONNEMENT' ? 'fixed' : 'variable';
  }
}

function planCheques(
  data: AmapjData,
  contracts: Map<number, PlannedContract>,
  subscriptions: PlannedSubscription[],
  problems: Problems,
) {
  const subs = new Map(subscriptions.map((s) => [s.ref, s]));
  const dateContract = new Map<number, number>();
  for (const c of contracts.values()) for (const p of c.paymentDates) dateContract.set(p.ref, c.ref);
  const handovers: ImportPlan['handovers'] = [];
  for (const h of data.handovers) {
    const contractRef = h.paymentDateId === null ? undefined : dateContract.get(h.paymentDateId);
    if (contractRef === undefined) problems.error(h.line, 'Remise au producteur dont la date de paiement est absente.');
    else if (!h.on) problems.error(h.line, 'Remise au producteur sans date.');
    else
      handovers.push({
        ref: h.id,
        contractRef,
        paymentDateRef: h.paymentDateId!,
        on: h.on,
        amapjTotalCents: h.amountCents,
      });
  }
  const handoverIds = new Set(handovers.map((h) => h.ref));
  const handoverDates = new Map(handovers.map((h) => [h.ref, h.paymentDateRef]));
  const lines = new Map(data.subscriptions.map((s) => [s.id, s.line]));
  const names = new Map(data.users.map((u) => [u.id, `${u.firstName.trim()} ${u.lastName.trim()}`]));
  const cheques: PlannedCheque[] = [];
  const scheduled = new Map<number, number>();
  for (const p of data.payments) {
    const sub = p.subscriptionId === null ? undefined : subs.get(p.subscriptionId);
    const status = CHEQUE_STATES[p.state ?? ''];
    if (!sub) {
      problems.error(
        p.line,
        `Chèque de ${formatEuros(p.amountCents)} dont le contrat (CONTRAT ${p.subscriptionId ?? 'NULL'}) est absent.`,
      );
      continue;
    }
    if (!status) {
      unknownValue(problems, p.line, 'PAIEMENT.ETAT', p.state);
      continue;
    }
    if (p.paymentDateId === null || dateContract.get(p.paymentDateId) !== sub.contractRef) {
      problems.error(p.line, 'Chèque dont la date de paiement est absente ou d’un autre contrat.');
      continue;
    }
    if (p.amountCents < 0) problems.error(p.line, 'Chèque de montant négatif.');
    if (p.amountCents <= 0) continue;
    if (p.handoverId !== null && !handoverIds.has(p.handoverId))
      problems.error(p.line, 'Chèque remis dans une remise absente.');
    else if (p.handoverId !== null && handoverDates.get(p.handoverId) !== p.paymentDateId)
      problems.error(p.line, 'Chèque remis dans la remise d’une autre date de paiement.');
    if (status === 'handed_over' && p.handoverId === null)
      problems.warning(p.line, 'Chèque remis au producteur sans remise dans AmapJ : repris remis, sans remise.');
    scheduled.set(sub.ref, (scheduled.get(sub.ref) ?? 0) + p.amountCents);
    cheques.push({
      ref: p.id,
      subscriptionRef: sub.ref,
      paymentDateRef: p.paymentDateId,
      amountCents: p.amountCents,
      status,
      ...chequeDetails(p.comments),
      handoverRef: status === 'handed_over' ? p.handoverId : null,
    });
  }
  for (const s of subscriptions) {
    const c = contracts.get(s.contractRef)!;
    const due = s.amapjTotalCents - s.creditCents;
    const paid = scheduled.get(s.ref) ?? 0;
    if (c.paymentsManaged && paid !== due)
      problems.warning(
        lines.get(s.ref) ?? null,
        `Contrat « ${c.name} » de ${names.get(s.userRef)} : les chèques font ${formatEuros(paid)} pour ${formatEuros(due)} dus ; repris tel quel (visible dans les soldes).`,
      );
  }
  return { cheques, handovers };
}
