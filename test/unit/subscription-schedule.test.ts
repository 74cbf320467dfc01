import { expect } from 'chai';
import fc from 'fast-check';
import { CHEQUE_STATUSES, type ChequeStatus } from '../../server/domain/cheque-status.js';
import type { ScheduleLine, ScheduleSettings } from '../../server/domain/payment-schedule.js';
import {
  chequeWrites,
  frozenCents,
  owedBackCents,
  payableCents,
  reschedule,
  scheduleLines,
  type StoredCheque,
} from '../../server/domain/subscription-schedule.js';

const WHOLE: ScheduleSettings = { rule: 'whole-euros', minChequeCents: null };
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const DATES = [
  { id: 11, dueOn: '2027-01-05' },
  { id: 12, dueOn: '2027-02-05' },
  { id: 13, dueOn: '2027-03-05' },
];

describe('scheduleLines', () => {
  it('gives one line per payment date, frozen once its cheque is received or handed over', () => {
    const cheques: StoredCheque[] = [
      { id: 1, paymentDateId: 11, amountCents: 5000, status: 'handed_over' },
      { id: 2, paymentDateId: 12, amountCents: 5000, status: 'received' },
      { id: 3, paymentDateId: 13, amountCents: 5500, status: 'promised' },
    ];
    expect(scheduleLines(DATES, cheques)).to.deep.equal([
      { paymentDateId: 11, dueOn: '2027-01-05', amountCents: 5000, frozen: true, chequeId: 1, status: 'handed_over' },
      { paymentDateId: 12, dueOn: '2027-02-05', amountCents: 5000, frozen: true, chequeId: 2, status: 'received' },
      { paymentDateId: 13, dueOn: '2027-03-05', amountCents: 5500, frozen: false, chequeId: 3, status: 'promised' },
    ]);
  });

  it('ignores cancelled and returned cheques: their line is open and carries nothing', () => {
    const cheques: StoredCheque[] = [
      { id: 1, paymentDateId: 11, amountCents: 5000, status: 'cancelled' },
      { id: 2, paymentDateId: 12, amountCents: 5000, status: 'returned' },
      { id: 3, paymentDateId: 12, amountCents: 4000, status: 'promised' },
    ];
    const lines = scheduleLines(DATES, cheques);
    expect(lines.map((l) => [l.amountCents, l.frozen, l.chequeId])).to.deep.equal([
      [0, false, null],
      [4000, false, 3],
      [0, false, null],
    ]);
  });

  it('freezes exactly the lines whose cheque is received or handed over (random cheques)', () => {
    const chequeArb = fc.record({
      paymentDateId: fc.constantFrom(11, 12, 13),
      amountCents: fc.integer({ min: 1, max: 50_000 }),
      status: fc.constantFrom(...CHEQUE_STATUSES),
    });
    fc.assert(
      fc.property(fc.array(chequeArb, { maxLength: 6 }), (raw) => {
        const cheques = raw.map((c, i) => ({ ...c, id: i + 1 }));
        const lines = scheduleLines(DATES, cheques);
        expect(lines.map((l) => l.paymentDateId)).to.deep.equal([11, 12, 13]);
        for (const l of lines) {
          expect(l.frozen).to.equal(l.status === 'received' || l.status === 'handed_over');
          if (l.chequeId === null) expect(l.amountCents).to.equal(0);
          else expect(['promised', 'received', 'handed_over']).to.include(l.status);
        }
      }),
    );
  });
});

describe('payable and owed back', () => {
  const line = (amountCents: number, frozen: boolean) => ({ amountCents, frozen });

  it('deducts credits from the total, never below zero', () => {
    expect(payableCents(45500, 1500)).to.equal(44000);
    expect(payableCents(1000, 1500)).to.equal(0);
  });

  it('owes back what frozen cheques hold beyond the payable amount', () => {
    const lines = [line(7500, true), line(7600, true), line(7600, false)];
    expect(frozenCents(lines)).to.equal(15100);
    expect(owedBackCents(10000, frozenCents(lines))).to.equal(5100);
    expect(owedBackCents(15100, frozenCents(lines))).to.equal(0);
    expect(owedBackCents(40000, frozenCents(lines))).to.equal(0);
  });

  it('owed back = max(0, frozen − payable), on random lines', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500_000 }),
        fc.array(fc.record({ amountCents: fc.integer({ min: 0, max: 60_000 }), frozen: fc.boolean() })),
        (payable, lines) => {
          const frozen = sum(lines.filter((l) => l.frozen).map((l) => l.amountCents));
          expect(frozenCents(lines)).to.equal(frozen);
          expect(owedBackCents(payable, frozenCents(lines))).to.equal(Math.max(0, frozen - payable));
        },
      ),
    );
  });
});

describe('reschedule', () => {
  const line = (amountCents: number, frozen: boolean) => ({ amountCents, frozen });

  it('proposes the open lines over total − credits − frozen (DESIGN: a 15 € credit on 455 €)', () => {
    const lines = [line(7500, true), line(7600, false), line(7600, false), line(7600, false)];
    expect(reschedule({ totalCents: 45500, creditsCents: 1500, lines, settings: WHOLE })).to.deep.equal({
      payableCents: 44000,
      amounts: [7500, 12100, 12200, 12200],
      creditCents: 0,
      unassignedCents: 0,
    });
  });

  it('owes back the frozen cheques beyond what is payable, and leaves the open lines at 0', () => {
    const lines = [line(20000, true), line(20000, true), line(5000, false)];
    const r = reschedule({ totalCents: 35000, creditsCents: 0, lines, settings: WHOLE });
    expect(r.amounts).to.deep.equal([20000, 20000, 0]);
    expect(r.creditCents).to.equal(5000);
  });

  it('keeps every invariant on random schedules, credits and frozen lines', () => {
    const settingsArb: fc.Arbitrary<ScheduleSettings> = fc.record({
      rule: fc.constantFrom('whole-euros' as const, 'cents' as const),
      minChequeCents: fc.option(fc.integer({ min: 1, max: 30_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.record({ amountCents: fc.integer({ min: 0, max: 60_000 }), frozen: fc.boolean() }), {
          maxLength: 12,
        }),
        settingsArb,
        (totalCents, creditsCents, lines, settings) => {
          const r = reschedule({ totalCents, creditsCents, lines, settings });
          const payable = Math.max(0, totalCents - creditsCents);
          expect(r.payableCents).to.equal(payable);
          // lines sum to what is payable, once the money owed back or not carried is counted
          expect(sum(r.amounts) - r.creditCents + r.unassignedCents).to.equal(payable);
          for (const a of r.amounts) expect(a).to.be.at.least(0);
          lines.forEach((l, i) => {
            if (l.frozen) expect(r.amounts[i]).to.equal(l.amountCents);
          });
          expect(r.creditCents).to.equal(owedBackCents(payable, frozenCents(lines)));
          if (lines.some((l) => !l.frozen) && r.creditCents === 0) expect(sum(r.amounts)).to.equal(payable);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('chequeWrites', () => {
  const stored = (
    paymentDateId: number,
    amountCents: number,
    status: ChequeStatus | null,
    chequeId: number | null = status ? paymentDateId * 10 : null,
  ): ScheduleLine => ({
    paymentDateId,
    dueOn: `2027-0${paymentDateId}-05`,
    amountCents,
    frozen: status === 'received' || status === 'handed_over',
    chequeId,
    status,
  });

  it('changes promised cheques, cancels those going to 0, creates the missing ones, leaves frozen ones', () => {
    const lines = [
      stored(1, 7500, 'received'),
      stored(2, 7600, 'promised'),
      stored(3, 7600, 'promised'),
      stored(4, 0, null),
      stored(5, 7600, 'promised'),
    ];
    expect(chequeWrites(lines, [7500, 8000, 0, 3000, 7600])).to.deep.equal({
      cancel: [30],
      change: [{ chequeId: 20, amountCents: 8000 }],
      create: [{ paymentDateId: 4, amountCents: 3000 }],
    });
  });

  it('refuses to change a frozen cheque, a negative amount or a count that does not match', () => {
    expect(() => chequeWrites([stored(1, 7500, 'handed_over')], [7000])).to.throw(/frozen cheque 10/);
    expect(() => chequeWrites([stored(1, 0, null)], [-100])).to.throw(RangeError);
    expect(() => chequeWrites([stored(1, 0, null)], [])).to.throw(RangeError);
  });

  it('applied to the lines, gives the new amounts and never touches a frozen cheque (random schedules)', () => {
    const lineArb = fc.record({
      amountCents: fc.integer({ min: 0, max: 50_000 }),
      status: fc.constantFrom<ChequeStatus | null>(null, 'promised', 'received', 'handed_over'),
      next: fc.integer({ min: 0, max: 50_000 }),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 10 }), (raw) => {
        const lines = raw.map((r, i) => stored(i + 1, r.status ? r.amountCents : 0, r.status));
        const amounts = raw.map((r, i) => (lines[i].frozen ? lines[i].amountCents : r.next));
        const w = chequeWrites(lines, amounts);
        const frozenIds = new Set(lines.filter((l) => l.frozen).map((l) => l.chequeId));
        for (const id of [...w.cancel, ...w.change.map((c) => c.chequeId)]) expect(frozenIds.has(id)).to.equal(false);
        // replay the writes: each line's active cheque then carries the new amount (0: none)
        const after = lines.map((l) => {
          if (l.chequeId === null) return w.create.find((c) => c.paymentDateId === l.paymentDateId)?.amountCents ?? 0;
          if (w.cancel.includes(l.chequeId)) return 0;
          return w.change.find((c) => c.chequeId === l.chequeId)?.amountCents ?? l.amountCents;
        });
        expect(after).to.deep.equal(amounts);
      }),
    );
  });
});
