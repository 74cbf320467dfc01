/** The planning's words, shared by the page and the PDF so that both say the same thing. */
import { formatMonthYear } from '../lib/format.js';

/** "Planning de mai 2027", "Planning d’août 2027". */
export function planningTitle(month: string): string {
  const label = formatMonthYear(`${month}-01`);
  return `Planning ${/^[aeiouyàâéèêh]/i.test(label) ? 'd’' : 'de '}${label}`;
}

/** "1 place libre", "3 places libres". */
export function openPlacesLabel(n: number): string {
  return `${n} place${n > 1 ? 's' : ''} libre${n > 1 ? 's' : ''}`;
}
