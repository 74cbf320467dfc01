/**
 * Import from AmapJ (issue 16): read the backup, show what it holds and every problem, then write it
 * all in one transaction into an installation that has no contract yet — or write nothing.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { auditLog, contracts, members } from '../../db/schema/index.js';
import type { Ctx } from '../../lib/context.js';
import { ValidationError } from '../../lib/errors.js';
import { formatDateNumeric, formatMoment } from '../../lib/format.js';
import { recordAudit } from '../audit/audit.service.js';
import { ArchiveError, readAmapjBackup } from './archive.js';
import { ScriptError, parseScript } from './hsqldb-script.js';
import { readAmapjData, type AmapjData } from './amapj-model.js';
import { buildImportPlan, type ImportPlan } from './import-plan.js';
import type { Problem } from './import-problems.js';
import { buildImportReport, type ImportReport } from './import-report.js';
import { writePlan } from './import-write.js';

export const IMPORT_ACTION = 'amapj.imported';

export interface ImportPreview {
  sha256: string;
  dbName: string;
  amapName: string | null;
  counts: { label: string; n: number }[];
  problems: Problem[];
  errors: number;
  absences: string[];
  /** Why the import cannot be done here at all (already imported, contracts already present). */
  refusal: string | null;
}

interface Read {
  sha256: string;
  dbName: string;
  data: AmapjData;
  plan: ImportPlan;
}

function read(ctx: Ctx, file: Buffer): Read {
  try {
    const backup = readAmapjBackup(file);
    const data = readAmapjData(parseScript(backup.script));
    const existing = new Map(
      ctx.db
        .select({ id: members.id, email: members.email })
        .from(members)
        .where(sql`${members.email} is not null`)
        .all()
        .map((m) => [m.email!, m.id]),
    );
    return { sha256: backup.sha256, dbName: backup.dbName, data, plan: buildImportPlan(data, existing) };
  } catch (e) {
    if (e instanceof ArchiveError || e instanceof ScriptError)
      throw new ValidationError({ field: 'fichier', message: e.message });
    throw e;
  }
}

function refusal(ctx: Ctx, sha256: string): string | null {
  const done = ctx.db
    .select({ createdAt: auditLog.createdAt })
    .from(auditLog)
    .where(sql`${auditLog.action} = ${IMPORT_ACTION} and json_extract(${auditLog.details}, '$.sha256') = ${sha256}`)
    .get();
  if (done)
    return `Ce fichier a déjà été importé (${formatMoment(done.createdAt, ctx.config.timezone)}) : ses données sont déjà ici.`;
  if (ctx.db.select({ id: contracts.id }).from(contracts).limit(1).get())
    return 'Cette installation a déjà des contrats : l’import depuis AmapJ se fait dans une installation neuve.';
  return null;
}

function counts(plan: ImportPlan): ImportPreview['counts'] {
  const status = (s: string) => plan.cheques.filter((c) => c.status === s).length;
  const matched = plan.members.filter((m) => m.existingId !== null).length;
  return [
    { label: 'membres nouveaux', n: plan.members.length - matched },
    { label: 'membres déjà présents (même e-mail)', n: matched },
    { label: 'membres sans e-mail', n: plan.membersWithoutEmail },
    { label: 'mots de passe AmapJ repris', n: plan.members.filter((m) => m.passwordHash && !m.existingId).length },
    { label: 'rôles (administration, trésorerie)', n: plan.roles.length },
    { label: 'producteurs', n: plan.producers.length },
    { label: 'référent·e·s', n: plan.referents.length },
    { label: 'comptes producteur', n: plan.producerAccounts.length },
    { label: 'produits', n: plan.products.length },
    { label: 'contrats', n: plan.contracts.length },
    { label: 'livraisons', n: plan.contracts.reduce((a, c) => a + c.deliveries.length, 0) },
    {
      label: 'livraisons annulées',
      n: plan.contracts.reduce((a, c) => a + c.deliveries.filter((d) => d.cancelled).length, 0),
    },
    { label: 'dates de paiement', n: plan.contracts.reduce((a, c) => a + c.paymentDates.length, 0) },
    { label: 'contrats signés', n: plan.subscriptions.length },
    { label: 'avoirs', n: plan.subscriptions.filter((s) => s.creditCents > 0).length },
    { label: 'chèques à fournir', n: status('promised') },
    { label: 'chèques reçus', n: status('received') },
    { label: 'chèques remis au producteur', n: status('handed_over') },
    { label: 'remises au producteur', n: plan.handovers.length },
    { label: 'périodes d’adhésion', n: plan.membershipPeriods.length },
    { label: 'adhésions', n: plan.memberships.length },
    { label: 'jours de permanence', n: plan.dutyDays.length },
    { label: 'inscriptions aux permanences', n: plan.dutyShifts.length },
    { label: 'absences reprises (jokers, reports)', n: plan.absences.length },
  ];
}

function absenceLines(data: AmapjData, plan: ImportPlan): string[] {
  const names = new Map(data.users.map((u) => [u.id, `${u.firstName.trim()} ${u.lastName.trim()}`]));
  const contractNames = new Map(plan.contracts.map((c) => [c.ref, c.name]));
  return plan.absencesNotImported.map(
    (a) =>
      `${names.get(a.userRef)} (${contractNames.get(a.contractRef)}) : ${formatDateNumeric(a.on)}` +
      (a.carriedTo ? `, reporté au ${formatDateNumeric(a.carriedTo)}` : ''),
  );
}

/** Reads the file and says what an import would do; writes nothing. */
export function previewAmapjImport(ctx: Ctx, file: Buffer): ImportPreview {
  const { sha256, dbName, data, plan } = read(ctx, file);
  return {
    sha256,
    dbName,
    amapName: data.amapName,
    counts: counts(plan),
    problems: plan.problems,
    errors: plan.problems.filter((p) => p.severity === 'error').length,
    absences: absenceLines(data, plan),
    refusal: refusal(ctx, sha256),
  };
}

/** Imports the whole file or nothing; the report is returned and kept in the audit log. */
export function importAmapj(ctx: Ctx, actorId: number | null, file: Buffer): ImportReport {
  const { sha256, dbName, data, plan } = read(ctx, file);
  return ctx.db.transaction(() => {
    const refused = refusal(ctx, sha256);
    if (refused) throw new ValidationError({ field: 'fichier', message: refused });
    const errors = plan.problems.filter((p) => p.severity === 'error');
    if (errors.length)
      throw new ValidationError({
        field: 'fichier',
        message: `Import refusé : ${errors.length} problème${errors.length > 1 ? 's' : ''} à corriger d’abord (voir l’aperçu).`,
      });
    const contractIds = writePlan(ctx, plan, actorId);
    const report = buildImportReport(ctx.db, data, contractIds);
    recordAudit(ctx, {
      actorId,
      action: IMPORT_ACTION,
      details: {
        sha256,
        dbName,
        counts: counts(plan),
        warnings: plan.problems,
        absencesNotImported: absenceLines(data, plan),
        report,
      },
    });
    return report;
  });
}

export interface StoredImport {
  at: string;
  counts: ImportPreview['counts'];
  warnings: Problem[];
  absencesNotImported: string[];
  report: ImportReport;
}

/** The last import's report, as kept in the audit log. */
export function lastAmapjImport(ctx: Ctx): StoredImport | null {
  const row = ctx.db
    .select({ createdAt: auditLog.createdAt, details: auditLog.details })
    .from(auditLog)
    .where(eq(auditLog.action, IMPORT_ACTION))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .get();
  if (!row) return null;
  return { at: row.createdAt, ...(JSON.parse(row.details) as Omit<StoredImport, 'at'>) };
}
