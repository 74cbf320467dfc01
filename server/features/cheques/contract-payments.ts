/**
 * A member's cheques added up per contract, in one sentence a person reads at a glance:
 * "455,00 € : 176,00 € donnés, 279,00 € à apporter avant le 6 mai". Pure: cheque lines in.
 */
import { isActive } from '../../domain/cheque-status.js';
import { formatDayMonth, formatEuros } from '../../lib/format.js';
import type { ChequeLine } from '../../read/cheque-lines.js';

export interface ContractPayment {
  subscriptionId: number;
  contractName: string;
  payee: string;
  /** Every cheque of the schedule (promised, received, handed over). */
  totalCents: number;
  /** Received by the AMAP or handed over to the producer. */
  givenCents: number;
  toBringCents: number;
  toBringCount: number;
  /** The first payment date of the cheques still to bring: they are due before it. */
  dueBy: string | null;
  handedOverCount: number;
}

/** Contracts in the order of their first payment date (ISO dates compare as strings), then of their names. */
export const byFirstPayment = (
  a: { firstDueOn: string; contractName: string },
  b: { firstDueOn: string; contractName: string },
) =>
  (a.firstDueOn < b.firstDueOn ? -1 : a.firstDueOn > b.firstDueOn ? 1 : 0) ||
  a.contractName.localeCompare(b.contractName, 'fr');

/** Per active subscription, in the order of their first payment date. */
export function contractPayments(
  lines: readonly Pick<
    ChequeLine,
    'subscriptionId' | 'subscriptionStatus' | 'contractName' | 'payee' | 'status' | 'amountCents' | 'dueOn'
  >[],
): ContractPayment[] {
  const out = new Map<number, ContractPayment & { firstDueOn: string }>();
  for (const l of lines) {
    if (l.subscriptionStatus !== 'active' || !isActive(l.status)) continue;
    let p = out.get(l.subscriptionId);
    if (!p) {
      p = {
        subscriptionId: l.subscriptionId,
        contractName: l.contractName,
        payee: l.payee,
        totalCents: 0,
        givenCents: 0,
        toBringCents: 0,
        toBringCount: 0,
        dueBy: null,
        handedOverCount: 0,
        firstDueOn: l.dueOn,
      };
      out.set(l.subscriptionId, p);
    }
    p.totalCents += l.amountCents;
    if (l.dueOn < p.firstDueOn) p.firstDueOn = l.dueOn;
    if (l.status === 'promised') {
      p.toBringCents += l.amountCents;
      p.toBringCount++;
      if (p.dueBy === null || l.dueOn < p.dueBy) p.dueBy = l.dueOn;
    } else {
      p.givenCents += l.amountCents;
      if (l.status === 'handed_over') p.handedOverCount++;
    }
  }
  return [...out.values()].sort(byFirstPayment).map(({ firstDueOn: _first, ...p }) => p);
}

/** "455,00 € : 176,00 € donnés, 279,00 € à apporter avant le 6 mai"; "455,00 € : tout est donné". */
export function paymentSentence(p: ContractPayment): string {
  const total = formatEuros(p.totalCents);
  const toBring = `${formatEuros(p.toBringCents)} à apporter${p.dueBy ? ` avant le ${formatDayMonth(p.dueBy)}` : ''}`;
  if (p.toBringCents === 0) return `${total} : tout est donné`;
  if (p.givenCents === 0) return `${total} à apporter${p.dueBy ? ` avant le ${formatDayMonth(p.dueBy)}` : ''}`;
  return `${total} : ${formatEuros(p.givenCents)} donnés, ${toBring}`;
}
