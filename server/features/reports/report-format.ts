/** What the reports say of cheques: French labels and which statuses count in a schedule. */
import type { ChequeStatus } from '../../domain/cheque-status.js';
import { STATUS_LABELS } from '../../domain/cheque-status.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** A cheque's status as the treasurer says it. */
export function chequeStatusLabel(status: ChequeStatus): string {
  return STATUS_LABELS[status];
}

/** Statuses that count in a schedule (the others are out of the money). */
export function countsInSchedule(status: ChequeStatus): boolean {
  return status === 'promised' || status === 'received' || status === 'handed_over';
}
