/**
 * The data of a contract's synthesis (for the referent and the producer): the grid of who orders
 * what at each delivery, its totals per delivery, per product, per member and per month, and when
 * the AMAP manages the payments, each member's cheques (amount and status, never bank details).
 * Seven queries whatever the number of members or dates.
 */
import type { Db } from '../db/client.js';
import { ACTIVE_STATUSES } from '../domain/cheque-status.js';
import { chequeLines } from '../read/cheque-lines.js';
import { byName } from '../lib/format.js';
import { contractGrid, type ContractGrid } from './contract-grid.js';

export type ActiveChequeStatus = (typeof ACTIVE_STATUSES)[number];

export interface SynthesisChequeMember {
  firstName: string;
  lastName: string;
  /** Per payment date of the contract (same order): the cheque, or null when none. */
  cheques: ({ amountCents: number; status: ActiveChequeStatus } | null)[];
  totalCents: number;
}

export interface SynthesisMonth {
  /** First day of the month, YYYY-MM-01. */
  month: string;
  deliveries: number;
  /** Per product. */
  quantities: number[];
  amountCents: number;
}

export interface SynthesisData extends ContractGrid {
  amapName: string;
  /** Per member of `members` (same order): season quantity of each product, and amount. */
  memberTotals: { quantities: number[]; amountCents: number }[];
  /** deliveryTotals[d][p]: everything of product p at delivery d. */
  deliveryTotals: number[][];
  /** Per delivery: its amount. */
  deliveryAmounts: number[];
  productTotals: number[];
  totalCents: number;
  months: SynthesisMonth[];
  /** Members with cheques (payments managed), by name; empty otherwise. */
  chequeMembers: SynthesisChequeMember[];
}

/** The synthesis of a contract, or null when it does not exist. */
export function synthesisData(db: Db, contractId: number, amapName: string): SynthesisData | null {
  const grid = contractGrid(db, contractId);
  if (!grid) return null;
  const prices = grid.products.map((p) => p.priceCents);
  const amount = (q: readonly number[]) => q.reduce((a, n, p) => a + n * prices[p], 0);

  const deliveryTotals = grid.deliveries.map(() => grid.products.map(() => 0));
  const memberTotals = grid.members.map((m) => {
    const quantities = grid.products.map(() => 0);
    m.quantities.forEach((row, d) =>
      row.forEach((q, p) => {
        quantities[p] += q;
        deliveryTotals[d][p] += q;
      }),
    );
    return { quantities, amountCents: amount(quantities) };
  });
  const productTotals = grid.products.map((_, p) => deliveryTotals.reduce((a, row) => a + row[p], 0));

  const months: SynthesisMonth[] = [];
  grid.deliveries.forEach((d, i) => {
    const month = `${d.deliveryOn.slice(0, 7)}-01`;
    let m = months.at(-1);
    if (m?.month !== month)
      months.push((m = { month, deliveries: 0, quantities: grid.products.map(() => 0), amountCents: 0 }));
    m.deliveries++;
    deliveryTotals[i].forEach((q, p) => (m.quantities[p] += q));
    m.amountCents += amount(deliveryTotals[i]);
  });

  return {
    ...grid,
    amapName,
    memberTotals,
    deliveryTotals,
    deliveryAmounts: deliveryTotals.map(amount),
    productTotals,
    totalCents: amount(productTotals),
    months,
    chequeMembers: grid.paymentsManaged ? chequeMembers(db, grid) : [],
  };
}

function chequeMembers(db: Db, grid: ContractGrid): SynthesisChequeMember[] {
  const dateIndex = new Map(grid.paymentDates.map((d, i) => [d.id, i]));
  const out = new Map<number, SynthesisChequeMember & { memberId: number }>();
  for (const l of chequeLines(db, { contractId: grid.contractId, statuses: ACTIVE_STATUSES }, 'member')) {
    if (l.subscriptionStatus !== 'active' || l.amountCents === 0) continue;
    const i = dateIndex.get(l.paymentDateId);
    if (i === undefined) continue;
    let m = out.get(l.memberId);
    if (!m) {
      m = {
        memberId: l.memberId,
        firstName: l.firstName,
        lastName: l.lastName,
        cheques: grid.paymentDates.map(() => null),
        totalCents: 0,
      };
      out.set(l.memberId, m);
    }
    m.cheques[i] = { amountCents: l.amountCents, status: l.status as ActiveChequeStatus };
    m.totalCents += l.amountCents;
  }
  return [...out.values()].sort(byName).map(({ memberId: _id, ...m }) => m);
}
