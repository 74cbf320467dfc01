import { z } from 'zod';
import { isRealDate } from '../../web/form-fields.js';
import { parseId } from '../../web/params.js';
import type { MessageDocuments } from './message-documents.js';

const optionalDate = (message: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || isRealDate(v), message)
    .catch('');

/** The message form: subject, text, the app's documents to attach (the uploads come apart, from multer). */
export const messageForm = z
  .object({
    objet: z
      .string({ error: 'Donnez un objet au message.' })
      .trim()
      .min(1, 'Donnez un objet au message.')
      .max(200, 'L’objet tient en 200 caractères au plus.'),
    texte: z
      .string({ error: 'Écrivez le message.' })
      .trim()
      .min(1, 'Écrivez le message.')
      .max(20000, 'Le message tient en 20 000 caractères au plus.'),
    planning: z
      .string()
      .regex(/^(20\d\d-(0[1-9]|1[0-2]))?$/, 'Choisissez un mois de la liste.')
      .optional()
      .default(''),
    emargement: optionalDate('Choisissez une date.').optional().default(''),
    livraisonContrat: z
      .string()
      .refine((v) => v === '' || parseId(v) !== null, 'Choisissez un contrat de la liste.')
      .optional()
      .default(''),
    livraisonJour: optionalDate('Choisissez une date.').optional().default(''),
  })
  .superRefine((v, issue) => {
    if (v.livraisonContrat && !v.livraisonJour)
      issue.addIssue({ code: 'custom', path: ['livraisonJour'], message: 'Choisissez la date de livraison.' });
  });

export type MessageFormData = z.infer<typeof messageForm>;

export function documentsOf(d: MessageFormData): MessageDocuments {
  const docs: MessageDocuments = {};
  if (d.planning) docs.planningMonth = d.planning;
  if (d.emargement) docs.signInDay = d.emargement;
  if (d.livraisonContrat && d.livraisonJour)
    docs.deliverySheet = { contractId: parseId(d.livraisonContrat)!, on: d.livraisonJour };
  return docs;
}

/** The form's values from a saved draft (to change it). */
export function valuesOf(draft: { subject: string; body: string }, docs: MessageDocuments): Record<string, string> {
  return {
    objet: draft.subject,
    texte: draft.body,
    planning: docs.planningMonth ?? '',
    emargement: docs.signInDay ?? '',
    livraisonContrat: docs.deliverySheet ? String(docs.deliverySheet.contractId) : '',
    livraisonJour: docs.deliverySheet?.on ?? '',
  };
}

/** Labels of the form's fields, in page order, for the error summary. */
export const MESSAGE_FIELDS: Record<string, string> = {
  objet: 'Objet',
  texte: 'Message',
  planning: 'Planning du mois',
  emargement: 'Feuille d’émargement',
  livraisonContrat: 'Feuille de livraison : contrat',
  livraisonJour: 'Feuille de livraison : date',
  pieces: 'Fichiers joints',
};
