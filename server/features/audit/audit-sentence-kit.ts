/** The small pieces every audit sentence is made of: names with their fallbacks, quotes, amounts. */
import { formatEuros, deMonth, formatMonthYear } from '../../lib/format.js';
import type { AuditNames, StoredAuditEntry } from './audit-names.js';

/** One French sentence for one entry; the names of things it refers to come from `n`. */
export type Describe = (e: StoredAuditEntry, n: AuditNames) => string;

/** "de Léa", "d’Alice": the preposition before a name, elided as French writes it. */
export const de = (name: string) => deMonth(name);

export const quoted = (s: string) => `« ${s} »`;
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
export const euros = (v: unknown): string => formatEuros(num(v));

/** The member an entry is about: its target, else the name kept in its details. */
export function targetMember(e: StoredAuditEntry, n: AuditNames): string {
  return (
    (e.targetType === 'member' ? n.member(e.targetId) : null) ??
    (str(e.details.name) || n.member(e.details.memberId) || 'un membre supprimé')
  );
}

/** A member named in the details (referents, producer accounts): its current name, else the one kept. */
export function detailsMember(e: StoredAuditEntry, n: AuditNames): string {
  return n.member(e.details.memberId) ?? (str(e.details.name) || 'un membre supprimé');
}

export function contractName(n: AuditNames, id: unknown): string {
  const c = n.contract(id);
  return c ? quoted(c.name) : 'un contrat supprimé';
}

/** " — raison : …" when a reason was given. */
export function because(v: unknown): string {
  const r = str(v).trim();
  return r ? ` — raison : ${r}` : '';
}

/** "échéance de mai 2027", "échéance d’août 2027". */
export function instalment(dueOn: string | null): string {
  return dueOn ? `échéance ${deMonth(formatMonthYear(dueOn))}` : 'échéance supprimée';
}
