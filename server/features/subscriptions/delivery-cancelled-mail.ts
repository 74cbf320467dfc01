import type { Ctx } from '../../lib/context.js';
import { renderMail } from '../mail/mail-templates.js';
import { queueMail } from '../mail/outbox.service.js';
import { formatCents, formatDate } from '../../web/view-helpers.js';
import type { ContractBundle } from '../contracts/contracts.queries.js';

/** Tells each member concerned that a delivery is cancelled and what their total becomes. */
export function queueDeliveryCancelledMails(
  ctx: Ctx,
  bundle: ContractBundle,
  deliveryOn: string,
  refreshed: { memberId: number; oldTotalCents: number; totalCents: number; creditCents: number }[],
  people: { id: number; firstName: string; lastName: string; email: string | null }[],
): void {
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const r of refreshed) {
    const m = byId.get(r.memberId);
    if (!m) continue;
    const mail = renderMail('delivery-cancelled', {
      amapName: ctx.config.amap.name, baseUrl: ctx.config.server.baseUrl, firstName: m.firstName,
      contractId: bundle.contract.id, contractName: bundle.contract.name, producerName: bundle.producer.name,
      deliveryOn, r, formatCents, formatDate,
    });
    queueMail(ctx, {
      to: { address: m.email, name: `${m.firstName} ${m.lastName}` },
      subject: `Livraison annulée le ${formatDate(deliveryOn)} (${bundle.contract.name})`,
      dedupeKey: `delivery-cancelled:${bundle.contract.id}:${deliveryOn}:${m.id}`,
      ...mail,
    });
  }
}
