import type { Ctx } from '../../lib/context.js';
import { queueMemberMails } from '../mail/member-mail.js';
import type { ContractBundle } from '../../read/contract-bundle.js';

export interface ContractChange {
  /** What happened, as a clause: "une livraison ajoutée le …", "la livraison du … est annulée". */
  change: string;
  subject?: string;
  /** Identifies this change, so the same member is never mailed twice about it. */
  dedupe: string;
}

/**
 * Tells subscribers that the referent changed the calendar or the payment dates (a delivery
 * added or cancelled, a payment date added or removed), so their total or their cheques changed:
 * nobody should learn it at the distribution table.
 */
export function queueScheduleChangedMails(
  ctx: Ctx,
  bundle: ContractBundle,
  { change, subject, dedupe }: ContractChange,
  refreshed: { memberId: number; oldTotalCents: number; totalCents: number; creditCents: number }[],
): void {
  queueMemberMails(
    ctx,
    refreshed.map((r) => ({
      memberId: r.memberId,
      kind: 'essential',
      template: 'schedule-changed',
      subject: subject ?? `Votre contrat « ${bundle.contract.name} » a changé`,
      dedupeKey: `schedule-changed:${bundle.contract.id}:${dedupe}:${r.memberId}`,
      data: {
        contractId: bundle.contract.id,
        contractName: bundle.contract.name,
        producerName: bundle.producer.name,
        change,
        r,
      },
    })),
  );
}
