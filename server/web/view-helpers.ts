import { format, parseISO } from 'date-fns';
import { fr } from 'date-fns/locale';

/** Formatting shared by every page: French dates and amounts (DESIGN.md "Everywhere"). */

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** 1250 → "12,50 €" */
export function formatCents(cents: number): string {
  return euros.format(cents / 100);
}

/** "2026-12-04" → "jeudi 4 décembre 2026" */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return format(parseISO(iso.slice(0, 10)), 'EEEE d MMMM yyyy', { locale: fr });
}

/** "2026-12-04" → "jeu. 4 déc." (tables on a phone: the year is in the column's context) */
export function formatShortDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return format(parseISO(iso.slice(0, 10)), 'EEE d MMM', { locale: fr });
}

/** A moment in the AMAP's timezone: "28/11/2026 à 14:05" */
export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  const date = d.toLocaleDateString('fr-FR', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' });
  const time = d.toLocaleTimeString('fr-FR', { timeZone, hour: '2-digit', minute: '2-digit' });
  return `${date} à ${time}`;
}

export function fullName(m: { firstName: string; lastName: string }): string {
  return `${m.firstName} ${m.lastName}`;
}
