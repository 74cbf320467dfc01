/** Small formatting shared by the reports: file names, French labels, CSV amounts and dates. */
import type { ChequeStatus } from '../../domain/cheque-status.js';
import { STATUS_LABELS } from '../../domain/cheque-status.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** "Légumes été 2027" → "legumes-ete-2027" (for file names). */
export function slug(s: string): string {
  const out = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return out || 'document';
}

/** Cents as a French decimal number for CSV cells: 7600 → "76,00", -350 → "-3,50". */
export function csvEuros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** "2027-01-05" (or an ISO moment) → "05/01/2027"; null → "". */
export function frDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** A cheque's status as the treasurer says it. */
export function chequeStatusLabel(status: ChequeStatus): string {
  return STATUS_LABELS[status];
}

/** Statuses that count in a schedule (the others are out of the money). */
export function countsInSchedule(status: ChequeStatus): boolean {
  return status === 'promised' || status === 'received' || status === 'handed_over';
}

/** Members in French alphabetical order: last name, then first name, accents ignored. */
export function byName<T extends { lastName: string; firstName: string }>(a: T, b: T): number {
  return (
    a.lastName.localeCompare(b.lastName, 'fr', { sensitivity: 'base' }) ||
    a.firstName.localeCompare(b.firstName, 'fr', { sensitivity: 'base' })
  );
}

/** A member in a list sorted by last name: "Martin Marie". */
export function listName(m: { lastName: string; firstName: string }): string {
  return `${m.lastName} ${m.firstName}`;
}
