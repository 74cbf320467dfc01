/**
 * The app's documents a message may carry, built by the same builders as the downloads: the
 * month's planning, a day's sign-in sheet, a contract's delivery sheet for one delivery.
 */
import { may, producerScope, type Actor } from '../../domain/access.js';
import type { Ctx } from '../../lib/context.js';
import type { Document } from '../../lib/document.js';
import { deMonth, formatDayLong, formatMonthYear } from '../../lib/format.js';
import type { FieldErrors } from '../../web/forms.js';
import { addMonths, planningData } from '../../documents/planning.data.js';
import * as planningPdf from '../../documents/planning.pdf.js';
import { signInSheetData } from '../../documents/sign-in-sheet.data.js';
import * as signInSheetPdf from '../../documents/sign-in-sheet.pdf.js';
import { deliverySheetData } from '../../documents/delivery-sheet.data.js';
import * as deliverySheetPdf from '../../documents/delivery-sheet.pdf.js';
import { dayDefaults } from '../settings/settings.service.js';
import { contractChoices, type ContractChoice } from '../addresses/addresses.queries.js';

export interface MessageDocuments {
  /** YYYY-MM */
  planningMonth?: string;
  /** YYYY-MM-DD */
  signInDay?: string;
  deliverySheet?: { contractId: number; on: string };
}

export function parseDocuments(json: string): MessageDocuments {
  try {
    const v = JSON.parse(json) as MessageDocuments;
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

export interface DocumentChoices {
  months: { value: string; label: string }[];
  /** Contracts whose delivery sheet the sender may read. */
  contracts: ContractChoice[];
}

/** This month and the next three; the contracts the actor reads the orders of. */
export function documentChoices(ctx: Ctx, actor: Actor): DocumentChoices {
  const month = ctx.today().slice(0, 7);
  const scope = producerScope(actor, 'see-orders');
  return {
    months: [0, 1, 2, 3].map((n) => {
      const value = addMonths(month, n);
      return { value, label: formatMonthYear(`${value}-01`) };
    }),
    contracts: contractChoices(ctx.db, scope === null ? { all: true } : { all: false, producerIds: scope }),
  };
}

const amapName = (ctx: Ctx) => ctx.config.amap.name;

/**
 * What is wrong with the documents asked for, per form field: a day without distribution, a
 * delivery sheet of someone else's contract or of a day it does not deliver.
 */
export function documentProblems(ctx: Ctx, actor: Actor, docs: MessageDocuments): FieldErrors {
  const errors: FieldErrors = {};
  if (docs.signInDay) {
    const sheet = signInSheetData(ctx.db, docs.signInDay, dayDefaults(ctx), amapName(ctx));
    if (!sheet) errors.emargement = 'Pas de distribution ce jour-là.';
    else if (
      !may(actor, 'see-sign-in-sheet', {
        type: 'sign-in-sheet',
        onDuty: sheet.team.some((p) => p.memberId === actor.id),
      })
    )
      errors.emargement = 'Vous ne pouvez pas joindre cette feuille d’émargement.';
  }
  if (docs.deliverySheet) {
    const { contractId, on } = docs.deliverySheet;
    const sheet = deliverySheetData(ctx.db, contractId, { from: on, to: on }, amapName(ctx));
    if (!sheet || !may(actor, 'see-orders', { type: 'contract', producerId: sheet.producerId }))
      errors.livraisonContrat = 'Choisissez un de vos contrats.';
    else if (!sheet.days.some((d) => d.deliveryOn === on))
      errors.livraisonJour = `Le contrat « ${sheet.contractName} » ne livre pas le ${formatDayLong(on)}.`;
  }
  return errors;
}

/** The documents in words, for the form, the preview and the history. */
export function documentLabels(docs: MessageDocuments, contractName: (id: number) => string | undefined): string[] {
  const out: string[] = [];
  if (docs.planningMonth) out.push(`Planning ${deMonth(formatMonthYear(`${docs.planningMonth}-01`))} (PDF)`);
  if (docs.signInDay) out.push(`Feuille d’émargement du ${formatDayLong(docs.signInDay)} (PDF)`);
  if (docs.deliverySheet)
    out.push(
      `Feuille de livraison « ${contractName(docs.deliverySheet.contractId) ?? 'contrat'} » du ${formatDayLong(docs.deliverySheet.on)} (PDF)`,
    );
  return out;
}

/** Builds the documents (outside any transaction: the PDF builders are asynchronous). */
export async function buildDocuments(ctx: Ctx, docs: MessageDocuments): Promise<Document[]> {
  const today = ctx.today();
  const out: Document[] = [];
  if (docs.planningMonth)
    out.push(await planningPdf.build(planningData(ctx.db, docs.planningMonth, dayDefaults(ctx), amapName(ctx)), today));
  if (docs.signInDay) {
    const sheet = signInSheetData(ctx.db, docs.signInDay, dayDefaults(ctx), amapName(ctx));
    if (sheet) out.push(await signInSheetPdf.build(sheet, today));
  }
  if (docs.deliverySheet) {
    const { contractId, on } = docs.deliverySheet;
    const sheet = deliverySheetData(ctx.db, contractId, { from: on, to: on }, amapName(ctx));
    if (sheet) out.push(await deliverySheetPdf.build(sheet, today));
  }
  return out;
}
