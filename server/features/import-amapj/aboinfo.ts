/**
 * CONTRAT.ABOINFO of AmapJ's "abonnement" contracts: Base64 of gzip of Gson's JSON of
 * `{ prods: [{ idProduit, qte }], ligs: [{ date, status, reportDateDestination }] }`, where a line
 * JOKER is an absence and REPORT an absence carried over to `reportDateDestination`. Gson writes
 * dates in Java's default US format ("Feb 13, 2025, 12:00:00 AM"), hence the small date reader.
 */
import { gunzipSync } from 'node:zlib';

export interface AboAbsence {
  on: string;
  /** Carried over to this date; null: simply not collected (joker). */
  carriedTo: string | null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Gson's "MMM d, yyyy[,] h:mm:ss a", or an ISO date; null when unreadable. */
export function gsonDay(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(raw);
  if (iso) return iso[1];
  const us = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})/.exec(raw);
  if (!us) return null;
  const month = MONTHS.indexOf(us[1].toLowerCase());
  if (month < 0) return null;
  return `${us[3]}-${String(month + 1).padStart(2, '0')}-${us[2].padStart(2, '0')}`;
}

/** A subscription's usual quantity of one product (a MODELECONTRATPRODUIT id) at each delivery. */
export interface AboUnit {
  contractProductRef: number;
  quantity: number;
}

/** The usual quantities and the absences of one ABOINFO; throws when the value is not what AmapJ writes. */
export function decodeAboData(value: string): { units: AboUnit[]; absences: AboAbsence[] } {
  const json: unknown = JSON.parse(
    gunzipSync(Buffer.from(value, 'base64'), { maxOutputLength: 1024 * 1024 }).toString('utf8'),
  );
  const ligs = (json as { ligs?: unknown }).ligs;
  if (!Array.isArray(ligs)) throw new Error('no ligs');
  const prods = (json as { prods?: unknown }).prods;
  const units: AboUnit[] = [];
  for (const p of Array.isArray(prods) ? (prods as { idProduit?: unknown; qte?: unknown }[]) : [])
    if (Number.isSafeInteger(p.idProduit) && Number.isSafeInteger(p.qte) && (p.qte as number) > 0)
      units.push({ contractProductRef: p.idProduit as number, quantity: p.qte as number });
  return { units, absences: readLigs(ligs) };
}

/** The absences of one ABOINFO; throws when the value is not what AmapJ writes. */
export function decodeAboInfo(value: string): AboAbsence[] {
  return decodeAboData(value).absences;
}

function readLigs(ligs: unknown[]): AboAbsence[] {
  const out: AboAbsence[] = [];
  for (const lig of ligs as { date?: unknown; status?: unknown; reportDateDestination?: unknown }[]) {
    if (lig.status !== 'JOKER' && lig.status !== 'REPORT') continue;
    const on = gsonDay(lig.date);
    if (!on) throw new Error('bad date');
    out.push({ on, carriedTo: lig.status === 'REPORT' ? gsonDay(lig.reportDateDestination) : null });
  }
  return out;
}
