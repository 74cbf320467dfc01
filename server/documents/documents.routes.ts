/**
 * Every document URL (DESIGN.md §6): per contract (collection slip, cheque report), per handover
 * (the slip both sides sign), the treasury exports (cheques, memberships) and the members export.
 * Each handler loads the document's data, asks domain/access.ts whether the actor may have it
 * (404 unknown, 403 not allowed), then sends what the builder makes of it.
 */
import { Router, type Request } from 'express';
import type { Ctx } from '../lib/context.js';
import { may, type Action, type Actor, type Target } from '../domain/access.js';
import { sendDocument } from '../lib/document.js';
import { ForbiddenError, NotFoundError } from '../lib/errors.js';
import { actorOf, requireLogin } from '../web/auth.js';
import { idParam, parseId } from '../web/params.js';
import { collectionSlipData } from './collection-slip.data.js';
import * as collectionSlipPdf from './collection-slip.pdf.js';
import { chequeReportData, withoutBankDetails } from './cheque-report.data.js';
import * as chequeReportXlsx from './cheque-report.xlsx.js';
import { handoverSlipData } from './handover-slip.data.js';
import * as handoverSlipPdf from './handover-slip.pdf.js';
import { allChequesData } from './all-cheques.data.js';
import * as allChequesXlsx from './all-cheques.xlsx.js';
import * as allChequesCsv from './all-cheques.csv.js';
import { membershipsExportData } from './memberships.data.js';
import * as membershipsXlsx from './memberships.xlsx.js';
import * as membershipsCsv from './memberships.csv.js';
import { membersExportData } from './members.data.js';
import * as membersCsv from './members.csv.js';
import { synthesisData } from './synthesis.data.js';
import * as synthesisXlsx from './synthesis.xlsx.js';
import * as synthesisPdf from './synthesis.pdf.js';
import { deliverySheetData } from './delivery-sheet.data.js';
import * as deliverySheetPdf from './delivery-sheet.pdf.js';
import * as deliverySheetXlsx from './delivery-sheet.xlsx.js';
import { isRealDate } from '../web/form-fields.js';
import { subscribersData, withContactsFor } from './subscribers.data.js';
import * as subscribersCsv from './subscribers.csv.js';
import * as subscribersXlsx from './subscribers.xlsx.js';
import { agreementData, withDetailsFor, type AmapIdentity } from './agreement.data.js';
import * as agreementPdf from './agreement.pdf.js';
import { formatTime } from '../lib/format.js';
import { statementChoices, statementData } from './statement.data.js';
import * as statementPdf from './statement.pdf.js';
import { dayDefaults } from '../features/settings/settings.service.js';
import { parseMonth, planningData } from './planning.data.js';
import * as planningPdf from './planning.pdf.js';
import { parseDay, signInSheetData } from './sign-in-sheet.data.js';
import * as signInSheetPdf from './sign-in-sheet.pdf.js';
import * as signInSheetXlsx from './sign-in-sheet.xlsx.js';
import { monthGridData } from './sign-in-sheet.month.data.js';
import * as signInGridPdf from './sign-in-sheet.month.pdf.js';
import * as dutyReportCsv from './duty-report.csv.js';
import * as dutyReportXlsx from './duty-report.xlsx.js';
import { dutyReport, seasonParam } from '../features/duty/duty-report.js';

/** Goes on only when the actor may do `action` on `target`; the 403 page otherwise. */
function allow(actor: Actor, action: Action, target: Target): void {
  if (!may(actor, action, target)) throw new ForbiddenError();
}

/** The data, or the 404 page saying what was not found. */
function found<T>(data: T | null, message: string): T {
  if (data === null) throw new NotFoundError(message);
  return data;
}

const AMAP: Target = { type: 'amap' };

export function documentRoutes(ctx: Ctx): Router {
  const router = Router();
  const today = () => ctx.today();
  const amapName = () => ctx.config.amap.name;

  router.get('/gestion/contrats/:id/bordereau-collecte.pdf', requireLogin, async (req, res) => {
    const data = found(collectionSlipData(ctx.db, idParam(req), amapName()), 'Ce contrat n’existe pas.');
    allow(actorOf(req), 'see-orders', { type: 'contract', producerId: data.producerId });
    sendDocument(res, await collectionSlipPdf.build(data, today()));
  });

  router.get('/gestion/contrats/:id/cheques.xlsx', requireLogin, async (req, res) => {
    const actor = actorOf(req);
    const data = found(chequeReportData(ctx.db, idParam(req), amapName()), 'Ce contrat n’existe pas.');
    const contract: Target = { type: 'contract', producerId: data.producerId };
    allow(actor, 'see-orders', contract);
    // A producer's own account sees amounts and statuses, not the members' bank details.
    const shown = may(actor, 'handle-money', contract) ? data : withoutBankDetails(data);
    sendDocument(res, await chequeReportXlsx.build(shown));
  });

  router.get('/tresorerie/remises/:id/bordereau.pdf', requireLogin, async (req, res) => {
    const data = found(handoverSlipData(ctx.db, idParam(req), amapName()), 'Cette remise n’existe pas.');
    allow(actorOf(req), 'handle-money', { type: 'handover', producerId: data.producerId });
    sendDocument(res, await handoverSlipPdf.build(data, today()));
  });

  router.get('/tresorerie/exports/cheques.xlsx', requireLogin, async (req, res) => {
    allow(actorOf(req), 'handle-money', AMAP);
    sendDocument(res, await allChequesXlsx.build(allChequesData(ctx.db), today()));
  });
  router.get('/tresorerie/exports/cheques.csv', requireLogin, (req, res) => {
    allow(actorOf(req), 'handle-money', AMAP);
    sendDocument(res, allChequesCsv.build(allChequesData(ctx.db), today()));
  });

  /** `?periode=<id>` limits the export to one membership period. */
  const memberships = (req: Request) => {
    allow(actorOf(req), 'manage-memberships', AMAP);
    const raw = req.query.periode;
    const periodId = raw === undefined || raw === '' ? undefined : parseId(raw);
    if (periodId === null) throw new NotFoundError('Cette période n’existe pas.');
    return found(membershipsExportData(ctx.db, periodId), 'Cette période n’existe pas.');
  };
  router.get('/tresorerie/exports/adhesions.xlsx', requireLogin, async (req, res) => {
    sendDocument(res, await membershipsXlsx.build(memberships(req)));
  });
  router.get('/tresorerie/exports/adhesions.csv', requireLogin, (req, res) => {
    sendDocument(res, membershipsCsv.build(memberships(req)));
  });

  router.get('/admin/membres/export.csv', requireLogin, (req, res) => {
    allow(actorOf(req), 'administer', AMAP);
    sendDocument(res, membersCsv.build(membersExportData(ctx.db), today()));
  });

  // ---- A contract's papers for its referents, the treasurer and the producer (synthesis, delivery
  // sheets, subscribers), and the members' own (agreement, statement).
  const contractNotFound = 'Ce contrat n’existe pas.';
  const synthesis = (req: Request) => {
    const data = found(synthesisData(ctx.db, idParam(req), amapName()), contractNotFound);
    allow(actorOf(req), 'see-orders', { type: 'contract', producerId: data.producerId });
    return data;
  };
  router.get('/gestion/contrats/:id/synthese.xlsx', requireLogin, async (req, res) => {
    sendDocument(res, await synthesisXlsx.build(synthesis(req)));
  });
  router.get('/gestion/contrats/:id/synthese.pdf', requireLogin, async (req, res) => {
    sendDocument(res, await synthesisPdf.build(synthesis(req), today()));
  });

  /** `?du=YYYY-MM-DD` (one delivery), `&au=YYYY-MM-DD` for a range. */
  const deliverySheet = (req: Request) => {
    const date = (v: unknown) => (typeof v === 'string' && isRealDate(v) ? v : null);
    const from = date(req.query.du);
    const to = req.query.au === undefined || req.query.au === '' ? from : date(req.query.au);
    if (!from || !to || to < from) throw new NotFoundError('Choisissez une date de livraison (du … au …).');
    const data = found(deliverySheetData(ctx.db, idParam(req), { from, to }, amapName()), contractNotFound);
    allow(actorOf(req), 'see-orders', { type: 'contract', producerId: data.producerId });
    return data;
  };
  router.get('/gestion/contrats/:id/feuille-livraison.pdf', requireLogin, async (req, res) => {
    sendDocument(res, await deliverySheetPdf.build(deliverySheet(req), today()));
  });
  router.get('/gestion/contrats/:id/feuille-livraison.xlsx', requireLogin, async (req, res) => {
    sendDocument(res, await deliverySheetXlsx.build(deliverySheet(req)));
  });

  /** The subscribers, with the contact details of those the actor may see (a producer's account: none). */
  const subscriberList = (req: Request) => {
    const actor = actorOf(req);
    const data = found(subscribersData(ctx.db, idParam(req), amapName()), contractNotFound);
    allow(actor, 'see-orders', { type: 'contract', producerId: data.producerId });
    const producerIds = [data.producerId];
    return withContactsFor(data, (memberId) => may(actor, 'see-member', { type: 'member', memberId, producerIds }));
  };
  router.get('/gestion/contrats/:id/souscripteurs.csv', requireLogin, (req, res) => {
    sendDocument(res, subscribersCsv.build(subscriberList(req)));
  });
  router.get('/gestion/contrats/:id/souscripteurs.xlsx', requireLogin, async (req, res) => {
    sendDocument(res, await subscribersXlsx.build(subscriberList(req)));
  });

  const amapIdentity = (): AmapIdentity => {
    const d = ctx.config.distribution;
    const when = `le ${d.day} de ${formatTime(d.startTime)} à ${formatTime(d.endTime)}`;
    return {
      name: ctx.config.amap.name,
      city: ctx.config.amap.city,
      distribution: d.place ? `${d.place}, ${when}` : '',
    };
  };
  /** Agreements of a contract (one member's, or all), members' details only for those who may see them. */
  const agreements = (req: Request, memberId?: number) => {
    const actor = actorOf(req);
    const data = found(agreementData(ctx.db, idParam(req), amapIdentity(), memberId), contractNotFound);
    const producerIds = [data.producerId];
    if (memberId === undefined) allow(actor, 'see-orders', { type: 'contract', producerId: data.producerId });
    else allow(actor, 'see-subscription', { type: 'subscription', producerId: data.producerId, memberId });
    if (memberId !== undefined && data.agreements.length === 0)
      throw new NotFoundError('Pas de souscription en cours à ce contrat.');
    return withDetailsFor(data, (id) => may(actor, 'see-member', { type: 'member', memberId: id, producerIds }));
  };
  router.get('/mes-contrats/:id/contrat.pdf', requireLogin, async (req, res) => {
    sendDocument(res, await agreementPdf.build(agreements(req, actorOf(req).id), today()));
  });
  router.get('/gestion/contrats/:id/membres/:memberId/contrat.pdf', requireLogin, async (req, res) => {
    sendDocument(res, await agreementPdf.build(agreements(req, idParam(req, 'memberId')), today()));
  });
  router.get('/gestion/contrats/:id/contrats.pdf', requireLogin, async (req, res) => {
    sendDocument(res, await agreementPdf.build(agreements(req), today()));
  });

  /** The member's own statement: `?contrat=<id>`, `?saison=2027`, or by default their latest season. */
  router.get('/mes-paiements/recapitulatif.pdf', requireLogin, async (req, res) => {
    const memberId = actorOf(req).id;
    const nothing = 'Aucun contrat à récapituler.';
    let scope: { season: number } | { contractId: number };
    if (req.query.contrat !== undefined) {
      const contractId = parseId(req.query.contrat);
      if (contractId === null) throw new NotFoundError(nothing);
      scope = { contractId };
    } else if (req.query.saison !== undefined) {
      const raw = String(req.query.saison);
      if (!/^\d{4}$/.test(raw)) throw new NotFoundError(nothing);
      scope = { season: Number(raw) };
    } else {
      const latest = statementChoices(ctx.db, memberId).seasons[0];
      if (latest === undefined) throw new NotFoundError(nothing);
      scope = { season: latest };
    }
    // Only the member's own subscriptions are read: another member's contract is simply not found.
    const data = found(statementData(ctx.db, memberId, scope, amapName(), ctx.config.timezone), nothing);
    sendDocument(res, await statementPdf.build(data, today()));
  });

  // ---- Distributions: the monthly planning and the sign-in sheets ----

  /** A month ("2027-05") from the URL; anything else is the 404 page. */
  const month = (req: Request) => found(parseMonth(req.params.month), 'Ce mois n’existe pas.');

  router.get('/planning/:month.pdf', requireLogin, async (req, res) => {
    const data = planningData(ctx.db, month(req), dayDefaults(ctx), amapName());
    sendDocument(res, await planningPdf.build(data, today()));
  });

  router.get('/planning/:month/emargement.pdf', requireLogin, async (req, res) => {
    const actor = actorOf(req);
    const data = monthGridData(ctx.db, month(req), dayDefaults(ctx), amapName());
    allow(actor, 'see-sign-in-sheet', { type: 'sign-in-sheet', onDuty: data.dutyMemberIds.includes(actor.id) });
    sendDocument(res, await signInGridPdf.build(data, today()));
  });

  /** The sign-in sheet of the day in the URL, for those who may print it. */
  const daySheet = (req: Request) => {
    const actor = actorOf(req);
    const on = found(parseDay(req.params.day), 'Cette date n’existe pas.');
    const data = found(signInSheetData(ctx.db, on, dayDefaults(ctx), amapName()), 'Pas de distribution ce jour-là.');
    allow(actor, 'see-sign-in-sheet', {
      type: 'sign-in-sheet',
      onDuty: data.team.some((p) => p.memberId === actor.id),
    });
    return data;
  };
  router.get('/distributions/:day/emargement.pdf', requireLogin, async (req, res) => {
    sendDocument(res, await signInSheetPdf.build(daySheet(req), today()));
  });
  router.get('/distributions/:day/emargement.xlsx', requireLogin, async (req, res) => {
    sendDocument(res, await signInSheetXlsx.build(daySheet(req)));
  });

  /** The duty report of a season (`?saison=2026`, else the current one), for the coordinator. */
  const duty = (req: Request) => {
    allow(actorOf(req), 'coordinate-duty', AMAP);
    const season = seasonParam(req.query.saison);
    if (season === undefined) throw new NotFoundError('Cette saison n’existe pas.');
    return dutyReport(ctx, season);
  };
  router.get('/coordination/bilan.csv', requireLogin, (req, res) => {
    sendDocument(res, dutyReportCsv.build(duty(req)));
  });
  router.get('/coordination/bilan.xlsx', requireLogin, async (req, res) => {
    sendDocument(res, await dutyReportXlsx.build(duty(req)));
  });

  return router;
}
