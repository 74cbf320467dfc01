/**
 * The data of the monthly sign-in grid: members × the month's distribution days, with what each
 * household collects on each day. Six queries whatever the number of members and days: the four
 * of the distribution days' read model, the collections of the month, the members' phones.
 */
import type { Db } from '../db/client.js';
import type { DayDefaults } from '../domain/distribution-days.js';
import { distributionPeriod } from '../read/distribution-days.js';
import { collectionLines, groupCollections } from '../read/collections.js';
import { byName } from '../lib/format.js';
import { monthBounds } from './planning.data.js';
import { contactsOf, sheetDay, type SheetDay, type SheetMemberContract } from './sign-in-sheet.data.js';

export interface MonthGridRow {
  memberId: number;
  firstName: string;
  lastName: string;
  phone: string | null;
  note: string | null;
  /** One entry per day of `days`: what the household collects that day (empty: nothing). */
  cells: SheetMemberContract[][];
}

export interface MonthGridData {
  amapName: string;
  /** YYYY-MM */
  month: string;
  /** The month's distribution days on which a contract delivers, cancelled days left out. */
  days: SheetDay[];
  rows: MonthGridRow[];
  /** Members on duty on a day of the month (they may print the grid). */
  dutyMemberIds: number[];
}

export function monthGridData(db: Db, month: string, defaults: DayDefaults, amapName: string): MonthGridData {
  const { from, to } = monthBounds(month);
  const period = distributionPeriod(db, from, to, defaults);
  const open = period.days.filter((d) => !d.cancelled && d.contracts.length > 0);
  const index = new Map(open.map((d, i) => [d.on, i]));
  const rows = new Map<number, MonthGridRow>();
  for (const day of groupCollections(collectionLines(db, { from, to }))) {
    const i = index.get(day.deliveryOn);
    if (i === undefined) continue;
    for (const m of day.members) {
      let row = rows.get(m.memberId);
      if (!row) {
        row = {
          memberId: m.memberId,
          firstName: m.firstName,
          lastName: m.lastName,
          phone: null,
          note: null,
          cells: open.map(() => []),
        };
        rows.set(m.memberId, row);
      }
      row.cells[i] = m.contracts.map((c) => ({
        contractId: c.contractId,
        contractName: c.contractName,
        producerName: c.producerName,
        items: c.products,
      }));
    }
  }
  const contacts = contactsOf(db, [...rows.keys()]);
  for (const row of rows.values()) {
    row.phone = contacts.get(row.memberId)?.phone ?? null;
    row.note = contacts.get(row.memberId)?.note ?? null;
  }
  return {
    amapName,
    month,
    days: open.map(sheetDay),
    rows: [...rows.values()].sort(byName),
    dutyMemberIds: [...new Set(period.days.flatMap((d) => d.roles.flatMap((r) => r.shifts.map((s) => s.memberId))))],
  };
}
