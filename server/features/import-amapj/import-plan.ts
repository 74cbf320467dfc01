/**
 * The import plan: what AmapJ's records become here, and every problem found on the way, line by
 * line. Pure (no database): the service writes exactly this plan, or nothing when it has an error.
 * Records are keyed by their AmapJ id (`ref`); the service maps them to the new ids.
 */
import type { AmapjData } from './amapj-model.js';
import { Problems, unknownValue } from './import-problems.js';
import { planAbsences } from './import-plan-absences.js';
import { planPeople } from './import-plan-people.js';
import { decideKinds, planContracts, planSubscriptions } from './import-plan-contracts.js';
import { planCheques } from './import-plan-cheques.js';
import type { ImportPlan } from './import-plan-types.js';

export type * from './import-plan-types.js';

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
  const { absences, notImported } = planAbsences(data, byContract, subscriptions, problems);
  decideKinds(contracts, subscriptions, data, absences);
  const { cheques, handovers } = planCheques(data, byContract, subscriptions, problems);

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
    absencesNotImported: notImported,
    settings: { amapName: data.amapName, amapCity: data.amapCity },
    problems: problems.list,
  };
}
