/**
 * The life of a cheque (DESIGN.md §5 "Cheques"): promised → received → handed_over; a promised
 * cheque can be cancelled when a schedule changes; a received one can be returned to the member.
 * Receptions and handovers can be undone. Everything else is refused with a French reason.
 */

export type ChequeStatus = 'promised' | 'received' | 'handed_over' | 'cancelled' | 'returned';
export type ChequeAction = 'receive' | 'undo-receive' | 'return' | 'hand-over' | 'undo-hand-over' | 'cancel';

export const CHEQUE_STATUSES: readonly ChequeStatus[] = [
  'promised',
  'received',
  'handed_over',
  'cancelled',
  'returned',
];
export const CHEQUE_ACTIONS: readonly ChequeAction[] = [
  'receive',
  'undo-receive',
  'return',
  'hand-over',
  'undo-hand-over',
  'cancel',
];

const TRANSITIONS: Record<ChequeAction, { from: ChequeStatus; to: ChequeStatus }> = {
  receive: { from: 'promised', to: 'received' },
  'undo-receive': { from: 'received', to: 'promised' },
  return: { from: 'received', to: 'returned' },
  'hand-over': { from: 'received', to: 'handed_over' },
  'undo-hand-over': { from: 'handed_over', to: 'received' },
  cancel: { from: 'promised', to: 'cancelled' },
};

export const STATUS_LABELS: Record<ChequeStatus, string> = {
  promised: 'promis',
  received: 'reçu',
  handed_over: 'remis au producteur',
  cancelled: 'annulé',
  returned: 'rendu au membre',
};

const ACTION_LABELS: Record<ChequeAction, string> = {
  receive: 'recevoir',
  'undo-receive': 'annuler la réception de',
  return: 'rendre',
  'hand-over': 'remettre au producteur',
  'undo-hand-over': 'annuler la remise de',
  cancel: 'annuler',
};

export type TransitionResult = { ok: true; status: ChequeStatus } | { ok: false; message: string };

/** The status after `action`, or why the action is refused for a cheque in `status`. */
export function transition(status: ChequeStatus, action: ChequeAction): TransitionResult {
  const t = TRANSITIONS[action];
  if (t.from === status) return { ok: true, status: t.to };
  const why: Partial<Record<ChequeStatus, string>> = {
    handed_over: 'il est déjà remis au producteur',
    cancelled: 'il est annulé',
    returned: 'il a été rendu au membre',
    promised: 'il n’a pas encore été reçu',
    received: 'il est déjà reçu',
  };
  const verb = ACTION_LABELS[action];
  // "de annuler" → "d’annuler": French elides before a vowel.
  const de = /^[aeiouéè]/.test(verb) ? 'd’' : 'de ';
  return {
    ok: false,
    message: `Impossible ${de}${verb} ce chèque : ${why[status] ?? `il est ${STATUS_LABELS[status]}`}.`,
  };
}

/** Statuses that count in the schedule (queries filter on this list). */
export const ACTIVE_STATUSES = ['promised', 'received', 'handed_over'] as const satisfies readonly ChequeStatus[];
/** Cheques in the AMAP's or the producer's hands: their schedule line can no longer change. */
export const FROZEN_STATUSES = ['received', 'handed_over'] as const satisfies readonly ChequeStatus[];

export function isActive(status: ChequeStatus): boolean {
  return (ACTIVE_STATUSES as readonly ChequeStatus[]).includes(status);
}

export function isFrozen(status: ChequeStatus): boolean {
  return (FROZEN_STATUSES as readonly ChequeStatus[]).includes(status);
}
