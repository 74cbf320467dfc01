/**
 * Downloads of the treasury documents: per contract (collection slip, cheque report), per
 * handover (the slip both sides sign) and treasury-wide exports (cheques, memberships).
 */
import { Router, type Request } from 'express';
import { eq } from 'drizzle-orm';
import { contracts, handovers } from '../../db/schema/index.js';
import type { Actor, Ctx } from '../../lib/context.js';
import { may } from '../../domain/access.js';
import { sendDocument } from '../../lib/document.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { actorOf, requireAccess, requireLogin } from '../../web/auth.js';
import { buildCollectionSlip, collectionSlipData } from './collection-slip.pdf.js';
import { buildChequeReport, chequeReportData } from './cheque-report.xlsx.js';
import { buildHandoverSlip, handoverSlipData } from './handover-slip.pdf.js';
import { allChequesData, buildAllChequesCsv, buildAllChequesXlsx } from './all-cheques.js';
import { buildMembershipsCsv, buildMembershipsXlsx, membershipsExportData } from './memberships-export.js';
import { idParam } from '../../web/params.js';

export function reportRoutes(ctx: Ctx): Router {
  const router = Router();
  const today = () => ctx.today();
  const amapName = () => ctx.config.amap.name;

  /** The contract's producer, once the actor may see its documents (404 unknown, 403 not allowed). */
  /** The contract's producer, when the actor may see its documents. */
  const visibleContract = (actor: Actor, contractId: number): number => {
    const c = ctx.db
      .select({ producerId: contracts.producerId })
      .from(contracts)
      .where(eq(contracts.id, contractId))
      .get();
    if (!c) throw new NotFoundError('Ce contrat n’existe pas.');
    if (!may(actor, 'see-orders', { type: 'contract', producerId: c.producerId })) throw new ForbiddenError();
    return c.producerId;
  };

  router.get('/gestion/contrats/:id/bordereau-collecte.pdf', requireLogin, async (req, res) => {
    const id = idParam(req);
    visibleContract(actorOf(req), id);
    sendDocument(res, await buildCollectionSlip(collectionSlipData(ctx.db, id, amapName())!, today()));
  });

  router.get('/gestion/contrats/:id/cheques.xlsx', requireLogin, async (req, res) => {
    const id = idParam(req);
    const actor = actorOf(req);
    const producerId = visibleContract(actor, id);
    const data = chequeReportData(ctx.db, id, amapName())!;
    // A producer's own account sees amounts and statuses, not the members' bank details.
    const moneyHandler = may(actor, 'handle-money', { type: 'contract', producerId });
    sendDocument(
      res,
      await buildChequeReport(
        moneyHandler ? data : { ...data, cheques: data.cheques.map((c) => ({ ...c, bank: null, number: null })) },
      ),
    );
  });

  // Treasurers and administrators, or a referent of the contract's producer.
  router.get('/tresorerie/remises/:id/bordereau.pdf', requireLogin, async (req, res) => {
    const id = idParam(req);
    const actor = actorOf(req);
    const h = ctx.db
      .select({ producerId: contracts.producerId })
      .from(handovers)
      .innerJoin(contracts, eq(contracts.id, handovers.contractId))
      .where(eq(handovers.id, id))
      .get();
    if (!h) throw new NotFoundError('Cette remise n’existe pas.');
    if (!may(actor, 'handle-money', { type: 'handover', producerId: h.producerId })) throw new ForbiddenError();
    sendDocument(res, await buildHandoverSlip(handoverSlipData(ctx.db, id, amapName())!, today()));
  });

  const treasury = requireAccess('handle-money');
  router.get('/tresorerie/exports/cheques.xlsx', ...treasury, async (_req, res) => {
    sendDocument(res, await buildAllChequesXlsx(allChequesData(ctx.db), today()));
  });
  router.get('/tresorerie/exports/cheques.csv', ...treasury, (_req, res) => {
    sendDocument(res, buildAllChequesCsv(allChequesData(ctx.db), today()));
  });

  /** `?periode=<id>` limits the export to one membership period. */
  const memberships = (req: Request) => {
    const raw = req.query.periode;
    const periodId = typeof raw === 'string' && raw !== '' ? Number(raw) : undefined;
    if (periodId !== undefined && (!Number.isSafeInteger(periodId) || periodId <= 0))
      throw new NotFoundError('Cette période n’existe pas.');
    const data = membershipsExportData(ctx.db, periodId);
    if (!data) throw new NotFoundError('Cette période n’existe pas.');
    return data;
  };
  router.get('/tresorerie/exports/adhesions.xlsx', ...treasury, async (req, res) => {
    sendDocument(res, await buildMembershipsXlsx(memberships(req)));
  });
  router.get('/tresorerie/exports/adhesions.csv', ...treasury, (req, res) => {
    sendDocument(res, buildMembershipsCsv(memberships(req)));
  });

  return router;
}
