/** The money half of the import plan: cheques with their state, bank, number and note, and handovers. */
import type { AmapjData } from './amapj-model.js';
import { unknownValue, type Problems } from './import-problems.js';
import { chequeDetails } from './cheque-comments.js';
import { formatEuros } from '../../lib/format.js';
import type {
  ChequeStatus,
  ImportPlan,
  PlannedCheque,
  PlannedContract,
  PlannedSubscription,
} from './import-plan-types.js';

const CHEQUE_STATES: Record<string, ChequeStatus> = {
  A_FOURNIR: 'promised',
  AMAP: 'received',
  PRODUCTEUR: 'handed_over',
};

export function planCheques(
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
