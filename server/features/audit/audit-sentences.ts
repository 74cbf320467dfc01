/**
 * One French sentence per audit entry, with its details in words ("Chèque de 51,00 € de Léa
 * Martin reçu (Légumes été 2027)"): what the journal and the treasury's latest movements show.
 */
import { auditLabel } from './audit-labels.js';
import type { AuditNames, StoredAuditEntry } from './audit-names.js';
import { MONEY_SENTENCES } from './audit-sentences-money.js';
import { PEOPLE_SENTENCES } from './audit-sentences-people.js';
import { DUTY_SENTENCES } from './audit-sentences-duty.js';
import { ABSENCE_SENTENCES } from './audit-sentences-absences.js';
import { MESSAGE_SENTENCES } from './audit-sentences-messages.js';
import { WAITING_SENTENCES } from './audit-sentences-waiting.js';
import type { Describe } from './audit-sentence-kit.js';

const SENTENCES: Record<string, Describe> = {
  ...PEOPLE_SENTENCES,
  ...MONEY_SENTENCES,
  ...DUTY_SENTENCES,
  ...ABSENCE_SENTENCES,
  ...MESSAGE_SENTENCES,
  ...WAITING_SENTENCES,
};

/** Actions the journal can say in a sentence (the others show their label). */
export const DESCRIBED_ACTIONS: readonly string[] = Object.keys(SENTENCES);

export function auditSentence(e: StoredAuditEntry, names: AuditNames): string {
  const describe = SENTENCES[e.action];
  return describe ? describe(e, names) : auditLabel(e.action);
}
