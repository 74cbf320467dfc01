/** The contracts half of the import plan: contracts with their dates and products, subscriptions and their quantities. */
import type { AmapjData } from './amapj-model.js';
import { unknownValue, type Problems } from './import-problems.js';
import type { PlannedAbsence, PlannedContract, PlannedSubscription } from './import-plan-types.js';

const CONTRACT_STATES: Record<string, 'draft' | 'open' | 'archived'> = {
  CREATION: 'draft',
  ACTIF: 'open',
  ARCHIVE: 'archived',
};

const clean = (s: string | null) => (s && s.trim() !== '' ? s.trim() : null);

export function planContracts(
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
      absenceSettings: null,
    });
  }
  return out;
}

export function planSubscriptions(
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

/**
 * Fixed when every subscriber takes the same quantities at every delivery; variable otherwise. The
 * days of an absence and those receiving a report are left out: an absence changes a member's
 * season, not the contract's kind.
 */
export function decideKinds(
  contracts: PlannedContract[],
  subscriptions: PlannedSubscription[],
  data: AmapjData,
  absences: PlannedAbsence[] = [],
): void {
  const moved = new Set(
    absences.flatMap((a) => [a.deliveryRef, a.targetDeliveryRef].map((d) => `${a.subscriptionRef}:${d}`)),
  );
  for (const c of contracts) {
    const subs = subscriptions.filter((s) => s.contractRef === c.ref);
    const live = c.deliveries.filter((d) => !d.cancelled);
    const excluded = new Set(c.productExclusions);
    const same = subs.every((s) =>
      c.products.every((p) => {
        const q = new Set(
          live
            .filter((d) => !excluded.has(`${d.ref}:${p.ref}`) && !moved.has(`${s.ref}:${d.ref}`))
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
