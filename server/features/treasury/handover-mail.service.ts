import { eq } from 'drizzle-orm';
import { contracts, handovers, producers } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { queueMail } from '../mail/outbox.service.js';
import { handoverSlipData } from '../../documents/handover-slip.data.js';
import { build as buildHandoverSlip } from '../../documents/handover-slip.pdf.js';
import { displayName } from '../../lib/format.js';
import { may } from '../../domain/access.js';

/**
 * Mails the handover slip to the producer, the PDF attached: the same builder as the download.
 * The slip is built first (async), then the mail queued in one transaction with its audit entry.
 */
export async function mailHandoverSlip(ctx: Ctx, actor: Actor, handoverId: number): Promise<string> {
  const h = ctx.db
    .select({
      producerId: contracts.producerId,
      email: producers.email,
      producerName: producers.name,
      undoneAt: handovers.undoneAt,
    })
    .from(handovers)
    .innerJoin(contracts, eq(contracts.id, handovers.contractId))
    .innerJoin(producers, eq(producers.id, contracts.producerId))
    .where(eq(handovers.id, handoverId))
    .get();
  if (!h) throw new NotFoundError('Cette remise n’existe pas.');
  if (!may(actor, 'handle-money', { type: 'handover', producerId: h.producerId }))
    throw new ForbiddenError('Cette remise ne concerne pas vos producteurs.');
  if (h.undoneAt) throw new ValidationError({ message: 'Cette remise est annulée : son bordereau ne vaut plus.' });
  const to = h.email;
  if (!to)
    throw new ValidationError({
      message: `${h.producerName} n’a pas d’adresse e-mail : ajoutez-la sur sa fiche producteur.`,
    });
  const data = handoverSlipData(ctx.db, handoverId, ctx.config.amap.name)!;
  const slip = await buildHandoverSlip(data, ctx.today());
  ctx.db.transaction(() => {
    queueMail(ctx, {
      to: { address: to, name: h.producerName },
      subject: `Bordereau de remise de chèques : ${data.contractName}`,
      template: 'handover-slip',
      data: {
        handedOverOn: data.handedOverOn,
        count: data.count,
        payee: data.payee,
        totalCents: data.totalCents,
        contractName: data.contractName,
        senderName: displayName(actor),
      },
      attachments: [{ filename: slip.filename, contentType: slip.contentType, body: slip.body }],
    });
    recordAudit(ctx, {
      actorId: actor.id,
      action: 'handover.slip-mailed',
      targetType: 'handover',
      targetId: handoverId,
      details: { to },
    });
  });
  return to;
}
