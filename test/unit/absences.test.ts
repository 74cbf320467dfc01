import { expect } from 'chai';
import fc from 'fast-check';
import {
  applyAbsence,
  canReceiveCarryOver,
  carryOverTargets,
  declarationDeadline,
  declarationProblem,
  DEFAULT_ABSENCE_SETTINGS,
  normalizeLines,
  refusedSettingChanges,
  withdrawAbsence,
  withdrawalProblem,
  type AbsenceSettings,
  type Declaration,
  type DeliveryRef,
  type LiveAbsence,
  type QuantityLine,
} from '../../server/domain/absences.js';
import { proposeSchedule, type ScheduleSettings } from '../../server/domain/payment-schedule.js';
import { chequeWrites, reschedule } from '../../server/domain/subscription-schedule.js';
import { subscriptionTotalCents } from '../../server/domain/subscription-total.js';

const ALLOWED: AbsenceSettings = { ...DEFAULT_ABSENCE_SETTINGS, absencesAllowed: true, maxPerMember: 2 };

/** Thursdays from 2027-01-07, one a week; ids 1, 2, 3… */
function thursdays(n: number, cancelled: number[] = []): DeliveryRef[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    deliveryOn: new Date(Date.UTC(2027, 0, 7 + 7 * i)).toISOString().slice(0, 10),
    cancelled: cancelled.includes(i + 1),
  }));
}

const everyDelivery = (ds: DeliveryRef[], quantity = 1, contractProductId = 100): QuantityLine[] =>
  ds.filter((d) => !d.cancelled).map((d) => ({ deliveryId: d.id, contractProductId, quantity }));

function declaration(over: Partial<Declaration> = {}): Declaration {
  const deliveries = [...(over.deliveries ?? thursdays(6))];
  return {
    settings: ALLOWED,
    today: '2026-12-20',
    deliveries,
    deliveryId: 2,
    targetDeliveryId: 4,
    lines: everyDelivery(deliveries),
    live: [],
    offered: false,
    byReferent: false,
    ...over,
  };
}

describe('absences: deadline and settings', () => {
  it('the deadline is the delivery day minus the notice, across months and years', () => {
    expect(declarationDeadline('2027-01-14', 7)).to.equal('2027-01-07');
    expect(declarationDeadline('2027-01-03', 7)).to.equal('2026-12-27');
    expect(declarationDeadline('2027-03-01', 1)).to.equal('2027-02-28');
    expect(declarationDeadline('2027-05-06', 0)).to.equal('2027-05-06');
  });

  it('anything goes before opening; once open, only changes in the members’ favour', () => {
    const before: AbsenceSettings = { ...ALLOWED, maxPerMember: 3, noticeDays: 7, exchangeAllowed: true };
    expect(refusedSettingChanges(before, { ...before, absencesAllowed: false, mode: 'deduct' }, false)).to.deep.equal(
      [],
    );
    const favour = { ...before, maxPerMember: 5, noticeDays: 2, exchangeHours: 12 };
    expect(refusedSettingChanges(before, favour, true)).to.deep.equal([]);
    expect(
      refusedSettingChanges(
        before,
        { ...before, absencesAllowed: false, maxPerMember: 2, noticeDays: 8, mode: 'deduct', exchangeAllowed: false },
        true,
      ),
    ).to.deep.equal(['absencesAllowed', 'maxPerMember', 'noticeDays', 'mode', 'exchangeAllowed']);
    // Allowing absences on an open contract is in the members' favour, whatever the numbers chosen.
    const none = DEFAULT_ABSENCE_SETTINGS;
    expect(refusedSettingChanges(none, { ...none, absencesAllowed: true, mode: 'deduct', noticeDays: 10 }, true)).to.be
      .empty;
  });
});

describe('absences: who may declare what', () => {
  it('accepts a carry-over to a later delivery until the deadline', () => {
    expect(declarationProblem(declaration({ today: '2027-01-07' }))).to.equal(null);
    expect(declarationProblem(declaration({ today: '2027-01-08' }))).to.deep.equal({
      reason: 'too-late',
      deadline: '2027-01-07',
    });
  });

  it('a referent is held by neither the deadline nor the limit', () => {
    const live: LiveAbsence[] = [
      { deliveryId: 1, mode: 'carry-over', targetDeliveryId: 5, moved: [{ contractProductId: 100, quantity: 1 }] },
      { deliveryId: 3, mode: 'carry-over', targetDeliveryId: 6, moved: [{ contractProductId: 100, quantity: 1 }] },
    ];
    expect(declarationProblem(declaration({ live, today: '2027-01-13' }))).to.deep.include({ reason: 'too-late' });
    expect(declarationProblem(declaration({ live }))).to.deep.equal({ reason: 'limit', max: 2 });
    expect(declarationProblem(declaration({ live, today: '2027-01-13', byReferent: true }))).to.equal(null);
  });

  it('refuses what makes no sense, with the reason', () => {
    const reason = (over: Partial<Declaration>) => declarationProblem(declaration(over))?.reason;
    expect(reason({ settings: DEFAULT_ABSENCE_SETTINGS })).to.equal('not-allowed');
    expect(reason({ deliveries: thursdays(6, [2]) })).to.equal('cancelled-delivery');
    expect(reason({ today: '2027-01-20' })).to.equal('past');
    expect(reason({ lines: everyDelivery(thursdays(6)).filter((l) => l.deliveryId !== 2) })).to.equal(
      'nothing-to-collect',
    );
    expect(reason({ offered: true })).to.equal('basket-offered');
    expect(reason({ targetDeliveryId: null })).to.equal('target-needed');
    expect(reason({ targetDeliveryId: 1 })).to.equal('bad-target');
    expect(reason({ targetDeliveryId: 2 })).to.equal('bad-target');
    expect(reason({ deliveries: thursdays(6, [4]), targetDeliveryId: 4 })).to.equal('bad-target');
    const toFour: LiveAbsence = { deliveryId: 1, mode: 'carry-over', targetDeliveryId: 4, moved: [] };
    expect(reason({ live: [toFour], deliveryId: 4, targetDeliveryId: 5 })).to.equal('receives-carry-over');
    expect(reason({ live: [{ ...toFour, deliveryId: 2 }] })).to.equal('already-absent');
    // Deduct needs no target.
    expect(reason({ settings: { ...ALLOWED, mode: 'deduct' }, targetDeliveryId: null })).to.equal(undefined);
  });

  it('the carry-over targets are the later deliveries, neither cancelled nor absent', () => {
    const live: LiveAbsence[] = [{ deliveryId: 5, mode: 'carry-over', targetDeliveryId: 6, moved: [] }];
    expect(carryOverTargets(thursdays(6, [3]), 2, live).map((d) => d.id)).to.deep.equal([4, 6]);
  });

  it('canReceiveCarryOver is the single capacity gate: yes without capacity, else only with room', () => {
    const moved = [{ contractProductId: 100, quantity: 2 }];
    expect(canReceiveCarryOver(moved)).to.equal(true);
    expect(canReceiveCarryOver(moved, new Map([[100, 2]]))).to.equal(true);
    expect(canReceiveCarryOver(moved, new Map([[100, 1]]))).to.equal(false);
    expect(declarationProblem(declaration({ placesLeft: new Map([[100, 0]]) }))).to.deep.equal({ reason: 'no-room' });
  });

  it('withdrawing follows the same deadline for members, none for referents', () => {
    const w = { settings: ALLOWED, deliveryOn: '2027-01-14' };
    expect(withdrawalProblem({ ...w, today: '2027-01-07', byReferent: false })).to.equal(null);
    expect(withdrawalProblem({ ...w, today: '2027-01-08', byReferent: false })).to.deep.include({ reason: 'too-late' });
    expect(withdrawalProblem({ ...w, today: '2027-01-14', byReferent: true })).to.equal(null);
  });
});

describe('absences: effect on quantities', () => {
  it('carry-over moves the day’s quantities onto the target; withdrawing moves them back', () => {
    const lines: QuantityLine[] = [
      { deliveryId: 2, contractProductId: 100, quantity: 2 },
      { deliveryId: 2, contractProductId: 101, quantity: 1 },
      { deliveryId: 4, contractProductId: 100, quantity: 1 },
    ];
    const { lines: after, moved } = applyAbsence(lines, { deliveryId: 2, mode: 'carry-over', targetDeliveryId: 4 });
    expect(moved).to.deep.equal([
      { contractProductId: 100, quantity: 2 },
      { contractProductId: 101, quantity: 1 },
    ]);
    expect(after).to.deep.equal([
      { deliveryId: 4, contractProductId: 100, quantity: 3 },
      { deliveryId: 4, contractProductId: 101, quantity: 1 },
    ]);
    const back = withdrawAbsence(after, { deliveryId: 2, mode: 'carry-over', targetDeliveryId: 4, moved });
    expect(back).to.deep.equal(normalizeLines(lines));
  });

  it('deduct empties the day; withdrawing gives it back', () => {
    const lines = everyDelivery(thursdays(3), 2);
    const { lines: after, moved } = applyAbsence(lines, { deliveryId: 3, mode: 'deduct', targetDeliveryId: null });
    expect(after.map((l) => l.deliveryId)).to.deep.equal([1, 2]);
    expect(withdrawAbsence(after, { deliveryId: 3, mode: 'deduct', targetDeliveryId: null, moved })).to.deep.equal(
      lines,
    );
  });

  it('a withdrawal never creates baskets: a target lowered since gives back only what it holds', () => {
    const moved = [{ contractProductId: 100, quantity: 2 }];
    const lowered = [{ deliveryId: 4, contractProductId: 100, quantity: 1 }];
    expect(withdrawAbsence(lowered, { deliveryId: 2, mode: 'carry-over', targetDeliveryId: 4, moved })).to.deep.equal([
      { deliveryId: 2, contractProductId: 100, quantity: 1 },
    ]);
  });
});

// --- properties -------------------------------------------------------------------------------

const PRICES = new Map([
  [100, 1500],
  [101, 725],
  [102, 390],
]);

const season = fc
  .record({
    n: fc.integer({ min: 3, max: 12 }),
    cancelled: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 3 }),
    quantities: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }), {
      minLength: 12,
      maxLength: 12,
    }),
  })
  .map(({ n, cancelled, quantities }) => {
    const deliveries = thursdays(n, cancelled);
    const lines = normalizeLines(
      deliveries
        .filter((d) => !d.cancelled)
        .flatMap((d) =>
          [100, 101, 102].map((p, k) => ({
            deliveryId: d.id,
            contractProductId: p,
            quantity: quantities[d.id - 1][k],
          })),
        ),
    );
    return { deliveries, lines };
  });

type Op =
  | { kind: 'declare'; pick: number; target: number }
  | { kind: 'withdraw'; pick: number }
  | { kind: 'receive'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('declare' as const), pick: fc.nat(), target: fc.nat() }),
  fc.record({ kind: fc.constant('withdraw' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('receive' as const), pick: fc.nat() }),
);

const cancelledDays = (ds: DeliveryRef[]) => new Set(ds.filter((d) => d.cancelled).map((d) => d.deliveryOn));
const totalOf = (ds: DeliveryRef[], lines: QuantityLine[]) =>
  subscriptionTotalCents(
    lines.map((l) => ({ ...l, deliveryOn: ds.find((d) => d.id === l.deliveryId)!.deliveryOn })),
    PRICES,
    cancelledDays(ds),
  );
const count = (lines: QuantityLine[]) => lines.reduce((a, l) => a + l.quantity, 0);

/** Declares on the `pick`-th delivery the rules accept (a referent: no deadline, no limit), if any. */
function declareSome(
  s: { deliveries: DeliveryRef[]; lines: QuantityLine[]; live: LiveAbsence[] },
  settings: AbsenceSettings,
  o: { pick: number; target: number },
): LiveAbsence | null {
  const ask = (deliveryId: number, targetDeliveryId: number | null) =>
    declarationProblem({
      settings,
      today: '2026-12-01',
      deliveries: s.deliveries,
      deliveryId,
      targetDeliveryId,
      lines: s.lines,
      live: s.live,
      offered: false,
      byReferent: true,
    });
  const candidates = s.deliveries.filter((d) => {
    const p = ask(d.id, null);
    return p === null || p.reason === 'target-needed';
  });
  if (candidates.length === 0) return null;
  const day = candidates[o.pick % candidates.length];
  let targetDeliveryId: number | null = null;
  if (settings.mode === 'carry-over') {
    const targets = carryOverTargets(s.deliveries, day.id, s.live);
    if (targets.length === 0) return null;
    targetDeliveryId = targets[o.target % targets.length].id;
  }
  expect(ask(day.id, targetDeliveryId)).to.equal(null);
  const { lines, moved } = applyAbsence(s.lines, { deliveryId: day.id, mode: settings.mode, targetDeliveryId });
  s.lines = lines;
  const absence = { deliveryId: day.id, mode: settings.mode, targetDeliveryId, moved };
  s.live.push(absence);
  return absence;
}

function withdrawSome(s: { lines: QuantityLine[]; live: LiveAbsence[] }, pick: number): void {
  if (s.live.length === 0) return;
  const [absence] = s.live.splice(pick % s.live.length, 1);
  s.lines = withdrawAbsence(s.lines, absence);
}

describe('absences: properties', () => {
  it('carry-over never changes the total nor the season’s quantities, and withdrawing all restores them', () => {
    const settings: AbsenceSettings = { ...ALLOWED, maxPerMember: 52 };
    fc.assert(
      fc.property(
        season,
        fc.array(op, { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (start, ops, order) => {
          const s = { deliveries: start.deliveries, lines: start.lines, live: [] as LiveAbsence[] };
          const total = totalOf(s.deliveries, s.lines);
          const schedule = proposeSchedule(total, 4, { rule: 'whole-euros', minChequeCents: null });
          for (const o of ops) {
            if (o.kind === 'declare') declareSome(s, settings, o);
            else if (o.kind === 'withdraw') withdrawSome(s, o.pick);
            expect(totalOf(s.deliveries, s.lines)).to.equal(total);
            expect(count(s.lines)).to.equal(count(start.lines));
            // Same total, same cheques: nothing to re-propose.
            const lines = schedule.map((amountCents) => ({ amountCents, frozen: false }));
            expect(
              reschedule({
                totalCents: totalOf(s.deliveries, s.lines),
                creditsCents: 0,
                lines,
                settings: { rule: 'whole-euros', minChequeCents: null },
              }).amounts,
            ).to.deep.equal(schedule);
          }
          for (const pick of [...order, ...s.live.map(() => 0)]) withdrawSome(s, pick);
          expect(s.lines).to.deep.equal(start.lines);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('deduct keeps every schedule invariant through absences, withdrawals and cheques received', () => {
    const settingsArb = fc.record({
      rule: fc.constantFrom('whole-euros' as const, 'cents' as const),
      minChequeCents: fc.option(fc.constantFrom(1000, 2550, 5000), { nil: null }),
    });
    fc.assert(
      fc.property(
        season,
        fc.integer({ min: 1, max: 8 }),
        settingsArb,
        fc.array(op, { maxLength: 25 }),
        (start, dates, sched: ScheduleSettings, ops) => {
          const settings: AbsenceSettings = { ...ALLOWED, mode: 'deduct', maxPerMember: 52 };
          const s = { deliveries: start.deliveries, lines: start.lines, live: [] as LiveAbsence[] };
          const initial = totalOf(s.deliveries, s.lines);
          let lines = proposeSchedule(initial, dates, sched).map((amountCents, i) => ({
            paymentDateId: i + 1,
            dueOn: `2027-${String(i + 1).padStart(2, '0')}-05`,
            amountCents,
            frozen: false,
            chequeId: amountCents > 0 ? i + 1 : null,
            status: amountCents > 0 ? ('promised' as const) : null,
          }));
          for (const o of ops) {
            if (o.kind === 'receive') {
              const open = lines.filter((l) => !l.frozen && l.amountCents > 0);
              if (open.length) {
                const l = open[o.pick % open.length];
                l.frozen = true;
                l.status = 'received' as never;
              }
              continue;
            }
            if (o.kind === 'declare') declareSome(s, settings, o);
            else withdrawSome(s, o.pick);
            const total = totalOf(s.deliveries, s.lines);
            expect(total).to.be.at.most(initial);
            const r = reschedule({ totalCents: total, creditsCents: 0, lines, settings: sched });
            const sum = r.amounts.reduce((a, b) => a + b, 0);
            const frozen = lines.filter((l) => l.frozen).reduce((a, l) => a + l.amountCents, 0);
            // §5: the lines cover the total exactly (what frozen cheques exceed is owed back, never lost).
            expect(sum - r.creditCents + r.unassignedCents).to.equal(total);
            expect(r.creditCents).to.equal(Math.max(0, frozen - total));
            expect(r.amounts.every((a) => a >= 0)).to.equal(true);
            lines.forEach((l, i) => l.frozen && expect(r.amounts[i]).to.equal(l.amountCents));
            if (sched.rule === 'whole-euros') {
              // Every cheque but the last one carrying money is in whole euros (the last takes the cents).
              const open = lines.flatMap((l, i) => (l.frozen || r.amounts[i] === 0 ? [] : [i]));
              open.slice(0, -1).forEach((i) => expect(r.amounts[i] % 100).to.equal(0));
            }
            // The cheques can be written: frozen ones untouched, promised ones changed or cancelled.
            const writes = chequeWrites(lines, r.amounts);
            lines = lines.map((l, i) => {
              const cancelled = writes.cancel.includes(l.chequeId ?? -1);
              const created = writes.create.some((c) => c.paymentDateId === l.paymentDateId);
              return {
                ...l,
                amountCents: r.amounts[i],
                chequeId: cancelled ? null : created ? 1000 + i : l.chequeId,
                status: cancelled ? null : created ? 'promised' : l.status,
              };
            });
          }
          for (const _ of [...s.live]) withdrawSome(s, 0);
          expect(totalOf(s.deliveries, s.lines)).to.equal(initial);
          expect(s.lines).to.deep.equal(start.lines);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
