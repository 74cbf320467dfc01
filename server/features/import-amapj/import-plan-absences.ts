/**
 * AmapJ's jokers and reports (CONTRAT.ABOINFO of "abonnement" contracts) as our absences.
 *
 * Why the quantities are taken from CONTRATCELL as they are and the absences only recorded beside
 * them: AmapJ writes its cells from ABOINFO (ContratAbo.computeCol): the usual quantity at every
 * date, 0 on a JOKER or REPORT date, and the usual quantity added to the REPORT's destination; its
 * total and cheques are computed from those cells. So the cells already hold the absences' effect,
 * exactly as our absences service leaves subscription_quantities after a declaration: applying the
 * absences again would move the baskets twice. Each absence row keeps what it moved (the usual
 * quantities of ABOINFO's `prods`), so a referent withdrawing it here puts back exactly that.
 * A joker is our deduct (that day's basket is neither delivered nor paid), a report our carry-over.
 *
 * An absence that does not fit our rules (a date the contract does not have, a cancelled day, a
 * report to an earlier date or to a day of absence, cells that do not show it) is not recorded: its
 * quantities stay as AmapJ had them, and the preview lists it as a warning.
 */
import type { AmapjData } from './amapj-model.js';
import { decodeAboData, type AboAbsence, type AboUnit } from './aboinfo.js';
import { unknownValue, type Problems } from './import-problems.js';
import type { PlannedAbsence, PlannedContract, PlannedSubscription } from './import-plan-types.js';
import { formatDateNumeric } from '../../lib/format.js';

type NotImported = AboAbsence & { userRef: number; contractRef: number };

const JOKER_TYPES = ['SANS_JOKER', 'JOKER_ABSENCE', 'JOKER_REPORT'];
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

export function planAbsences(
  data: AmapjData,
  contracts: Map<number, PlannedContract>,
  subscriptions: PlannedSubscription[],
  problems: Problems,
): { absences: PlannedAbsence[]; notImported: NotImported[] } {
  const absences: PlannedAbsence[] = [];
  const notImported: NotImported[] = [];
  const planned = new Map(subscriptions.map((s) => [s.ref, s]));
  for (const s of data.subscriptions) {
    const sub = planned.get(s.id);
    const contract = sub && contracts.get(sub.contractRef);
    if (!s.aboInfo || !sub || !contract) continue;
    let decoded: ReturnType<typeof decodeAboData>;
    try {
      decoded = decodeAboData(s.aboInfo);
    } catch {
      problems.warning(s.line, 'CONTRAT.ABOINFO illisible : les absences de ce contrat ne sont pas reprises.');
      continue;
    }
    const refuse = (a: AboAbsence, why: string) => {
      notImported.push({ ...a, userRef: sub.userRef, contractRef: sub.contractRef });
      problems.warning(
        s.line,
        `Absence AmapJ du ${formatDateNumeric(a.on)} (contrat « ${contract.name} ») non reprise : ${why}.`,
      );
    };
    const mine = subscriptionAbsences(contract, sub, decoded.units, decoded.absences, refuse);
    absences.push(...mine);
  }
  for (const c of contracts.values()) c.absenceSettings = settingsOf(data, c, subscriptions, absences, problems);
  return { absences, notImported };
}

function subscriptionAbsences(
  contract: PlannedContract,
  sub: PlannedSubscription,
  units: AboUnit[],
  found: AboAbsence[],
  refuse: (a: AboAbsence, why: string) => void,
): PlannedAbsence[] {
  const byDay = new Map(contract.deliveries.map((d) => [d.on, d]));
  const excluded = new Set(contract.productExclusions);
  const qty = (deliveryRef: number, productRef: number) =>
    sub.quantities.find((q) => q.deliveryRef === deliveryRef && q.contractProductRef === productRef)?.quantity ?? 0;
  const awayDays = new Set(found.map((a) => byDay.get(a.on)?.ref).filter((r) => r !== undefined));
  const targetDays = new Set(found.map((a) => (a.carriedTo ? byDay.get(a.carriedTo)?.ref : undefined)));
  const usual = usualQuantities(contract, units, awayDays, targetDays, qty);
  const out: PlannedAbsence[] = [];
  for (const a of found) {
    const day = byDay.get(a.on);
    if (!day) {
      refuse(a, 'le contrat n’a pas de livraison ce jour-là');
      continue;
    }
    if (day.cancelled) {
      refuse(a, 'cette livraison est annulée');
      continue;
    }
    if (out.some((x) => x.deliveryRef === day.ref)) {
      refuse(a, 'absence en double');
      continue;
    }
    if (targetDays.has(day.ref)) {
      refuse(a, 'ce jour reçoit déjà un report');
      continue;
    }
    const moved = usual.filter((u) => !excluded.has(`${day.ref}:${u.contractProductRef}`));
    if (moved.length === 0) {
      refuse(a, 'rien à livrer ce jour-là');
      continue;
    }
    if (moved.some((m) => qty(day.ref, m.contractProductRef) !== 0)) {
      refuse(a, 'les quantités AmapJ de ce jour ne montrent pas l’absence');
      continue;
    }
    if (a.carriedTo === null) {
      out.push({ subscriptionRef: sub.ref, deliveryRef: day.ref, mode: 'deduct', targetDeliveryRef: null, moved });
      continue;
    }
    const target = byDay.get(a.carriedTo);
    if (!target || target.cancelled) {
      refuse(a, `le report au ${formatDateNumeric(a.carriedTo)} vise une livraison absente ou annulée`);
      continue;
    }
    // Our carry-over goes to a later delivery (DESIGN §5); AmapJ also allowed an earlier one.
    if (target.on <= day.on || awayDays.has(target.ref)) {
      refuse(a, `le report au ${formatDateNumeric(a.carriedTo)} n’est pas une livraison suivante où le membre vient`);
      continue;
    }
    if (moved.some((m) => excluded.has(`${target.ref}:${m.contractProductRef}`))) {
      refuse(a, `un produit reporté n’est pas proposé le ${formatDateNumeric(a.carriedTo)}`);
      continue;
    }
    out.push({
      subscriptionRef: sub.ref,
      deliveryRef: day.ref,
      mode: 'carry-over',
      targetDeliveryRef: target.ref,
      moved,
    });
  }
  // The cells of a target must hold every report it receives on top of its own basket.
  const received = new Map<string, number>();
  for (const a of out)
    if (a.targetDeliveryRef !== null)
      for (const m of a.moved) {
        const key = `${a.targetDeliveryRef}:${m.contractProductRef}`;
        received.set(key, (received.get(key) ?? 0) + m.quantity);
      }
  return out.filter((a) => {
    if (a.targetDeliveryRef === null) return true;
    const ok = a.moved.every((m) => {
      const own = usual.find((u) => u.contractProductRef === m.contractProductRef)?.quantity ?? 0;
      const key = `${a.targetDeliveryRef}:${m.contractProductRef}`;
      return qty(a.targetDeliveryRef!, m.contractProductRef) >= own + received.get(key)!;
    });
    if (!ok) {
      const day = contract.deliveries.find((d) => d.ref === a.deliveryRef)!;
      const to = contract.deliveries.find((d) => d.ref === a.targetDeliveryRef)!;
      refuse({ on: day.on, carriedTo: to.on }, 'les quantités AmapJ du jour du report ne le montrent pas');
    }
    return ok;
  });
}

/**
 * The usual quantities: ABOINFO's `prods` (AmapJ's own), else what the subscription takes on a day
 * that is neither an absence nor a report's destination.
 */
function usualQuantities(
  contract: PlannedContract,
  units: AboUnit[],
  awayDays: Set<number>,
  targetDays: Set<number | undefined>,
  qty: (deliveryRef: number, productRef: number) => number,
): AboUnit[] {
  const products = contract.products.map((p) => p.ref);
  const fromAmapj = units.filter((u) => products.includes(u.contractProductRef));
  if (fromAmapj.length) return fromAmapj.sort((a, b) => a.contractProductRef - b.contractProductRef);
  const normal = contract.deliveries.filter((d) => !d.cancelled && !awayDays.has(d.ref) && !targetDays.has(d.ref));
  return products
    .map((ref) => ({ contractProductRef: ref, quantity: Math.max(0, ...normal.map((d) => qty(d.ref, ref))) }))
    .filter((u) => u.quantity > 0)
    .sort((a, b) => a.contractProductRef - b.contractProductRef);
}

/**
 * TYPJOKER says whether and how (JOKER_ABSENCE: deduct, JOKER_REPORT: carry-over), JOKERNBMAX how
 * many, JOKERDELAI the notice; where AmapJ has no such column (V025), the absences seen decide,
 * allowed with the most any member took. More absences than JOKERNBMAX are kept (a referent may go
 * past the limit here too) and the limit raised to them, so nobody's season is refused after the fact.
 */
function settingsOf(
  data: AmapjData,
  c: PlannedContract,
  subscriptions: PlannedSubscription[],
  absences: PlannedAbsence[],
  problems: Problems,
): PlannedContract['absenceSettings'] {
  const model = data.contracts.find((m) => m.id === c.ref);
  if (!model) return null;
  if (model.jokerType !== null && !JOKER_TYPES.includes(model.jokerType))
    unknownValue(problems, model.line, 'MODELECONTRAT.TYPJOKER', model.jokerType);
  const subs = new Set(subscriptions.filter((s) => s.contractRef === c.ref).map((s) => s.ref));
  const seen = absences.filter((a) => subs.has(a.subscriptionRef));
  const allowed = model.jokerType === 'JOKER_ABSENCE' || model.jokerType === 'JOKER_REPORT' || seen.length > 0;
  if (!allowed) return null;
  const perMember = new Map<number, number>();
  for (const a of seen) perMember.set(a.subscriptionRef, (perMember.get(a.subscriptionRef) ?? 0) + 1);
  const mostSeen = Math.max(0, ...perMember.values());
  const mode =
    model.jokerType === 'JOKER_ABSENCE'
      ? 'deduct'
      : model.jokerType === 'JOKER_REPORT' || seen.some((a) => a.mode === 'carry-over')
        ? 'carry-over'
        : 'deduct';
  return {
    absencesAllowed: true,
    maxPerMember: clamp(Math.max(model.jokerMax ?? 0, mostSeen) || 3, 1, 52),
    noticeDays: model.jokerNoticeDays === null ? 7 : clamp(model.jokerNoticeDays, 0, 60),
    mode,
  };
}
