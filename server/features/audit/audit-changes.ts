/**
 * How the details of an audit entry read in French: a field's name ("e-mail", "ordre des
 * chèques"), a value ("12,50 €", "1er septembre 2026", "oui"), and a list of changes
 * ("e-mail : lea@a.fr → lea@b.fr"). Never a key of the code ("amountCents : 1000").
 */
import { formatDayMonth, formatEuros } from '../../lib/format.js';

const FIELD_LABELS: Record<string, string> = {
  firstName: 'prénom',
  lastName: 'nom',
  email: 'e-mail',
  phone: 'téléphone',
  phone2: 'second téléphone',
  address: 'adresse',
  postalCode: 'code postal',
  city: 'ville',
  name: 'nom',
  description: 'présentation',
  payee: 'ordre des chèques',
  unit: 'conditionnement',
  priceCents: 'prix',
  startsOn: 'début',
  endsOn: 'fin',
  opensOn: 'ouverture',
  closesOn: 'fermeture',
  minimumCents: 'montant minimum',
  suggestedCents: 'montant suggéré',
  info: 'informations',
  membershipRequired: 'adhésion obligatoire pour souscrire',
  waitingListOfferDays: 'jours pour prendre une place de la liste d’attente',
  mailOptOut: 'refus des mails non essentiels',
  acceptsDutyCalls: 'accepte les appels aux bénévoles',
  pickupNote: 'note pour la feuille d’émargement',
  dutyTarget: 'permanences attendues',
  active: 'actif',
  method: 'moyen de paiement',
  amountCents: 'montant',
  // The reminders' settings (features/settings/reminder-settings.ts).
  dutyEnabled: 'rappel de permanence',
  dutyDays: 'jours avant le rappel de permanence',
  volunteerEnabled: 'appel aux bénévoles',
  volunteerDays: 'jours avant l’appel aux bénévoles',
  collectionEnabled: 'mail « ce que vous récupérez »',
  collectionDays: 'jours avant « ce que vous récupérez »',
  openingEnabled: 'annonce de l’ouverture des souscriptions',
  closingEnabled: 'rappel de fin des souscriptions',
  closingDays: 'jours avant la fin des souscriptions',
  producerSheetEnabled: 'feuille de livraison au producteur',
  producerSheetDays: 'jours avant la feuille de livraison',
  chequesEnabled: 'rappel des chèques à apporter',
  chequesDays: 'jours avant l’encaissement',
  planningEnabled: 'planning du mois par mail',
  planningDay: 'jour d’envoi du planning',
};

export const METHOD_WORDS: Record<string, string> = {
  cheque: 'par chèque',
  cash: 'en espèces',
  transfer: 'par virement',
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-09-01" → "1er septembre 2026". */
export function dayWithYear(iso: string): string {
  return `${formatDayMonth(iso)} ${iso.slice(0, 4)}`;
}

/** A stored value as a person reads it, knowing the field it belongs to. */
export function readableValue(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '(vide)';
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (typeof v === 'number' && key.endsWith('Cents')) return formatEuros(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string' && ISO_DAY.test(v)) return dayWithYear(v);
  if (key === 'method' && typeof v === 'string') return METHOD_WORDS[v] ?? v;
  if (typeof v === 'string') return `« ${v.length > 60 ? v.slice(0, 59) + '…' : v} »`;
  return '(valeur non affichable)';
}

/** "1 chèque", "3 chèques". */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/**
 * The changed fields of { field: [before, after] } as "e-mail « a » → « b », ville (vide) → « Riom »";
 * fields this file does not know are counted ("et 1 autre champ"), never shown by their key.
 */
export function readableChanges(details: Record<string, unknown>, skip: readonly string[] = []): string {
  const parts: string[] = [];
  let unknown = 0;
  for (const [key, v] of Object.entries(details)) {
    if (skip.includes(key) || !Array.isArray(v) || v.length !== 2) continue;
    const label = FIELD_LABELS[key];
    if (!label) {
      unknown++;
      continue;
    }
    parts.push(`${label} ${readableValue(key, v[0])} → ${readableValue(key, v[1])}`);
  }
  if (unknown) parts.push(`${parts.length ? 'et ' : ''}${countOf(unknown, 'autre champ', 'autres champs')}`);
  return parts.join(', ');
}

/** The fields given at a creation ({ email: …, city: … }) as "e-mail « … », ville « … »", empty ones left out. */
export function readableFields(details: Record<string, unknown>, keys: readonly string[]): string {
  return keys
    .filter((k) => k in FIELD_LABELS && details[k] !== null && details[k] !== undefined && details[k] !== '')
    .map((k) => `${FIELD_LABELS[k]} ${readableValue(k, details[k])}`)
    .join(', ');
}
