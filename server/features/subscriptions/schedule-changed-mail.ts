import { inArray } from 'drizzle-orm';
import { members } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { renderMail } from '../mail/mail-templates.js';
import { queueMail } from '../mail/outbox.service.js';
import { formatEuros } from '../../lib/format.js';
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
  if (refreshed.length === 0) return;
  const people = ctx.db
    .select({ id: members.id, firstName: members.firstName, lastName: members.lastName, email: members.email })
    .from(members)
    .where(
      inArray(
        members.id,
        refreshed.map((r) => r.memberId),
      ),
    )
    .all();
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const r of refreshed) {
    const m = byId.get(r.memberId);
    if (!m) continue;
    const mail = renderMail('schedule-changed', {
      amapName: ctx.config.amap.name,
      baseUrl: ctx.config.server.baseUrl,
      firstName: m.firstName,
      contractId: bundle.contract.id,
      contractName: bundle.contract.name,
      producerName: bundle.producer.name,
      change,
      r,
      formatEuros,
    });
    queueMail(ctx, {
      to: { address: m.email, name: `${m.firstName} ${m.lastName}` },
      subject: subject ?? `Votre contrat « ${bundle.contract.name} » a changé`,
      dedupeKey: `schedule-changed:${bundle.contract.id}:${dedupe}:${m.id}`,
      ...mail,
    });
  }
}
