import { expect } from 'chai';
import fc from 'fast-check';
import {
  proposeDuty,
  type Proposal,
  type ProposalDay,
  type ProposalMember,
} from '../../server/domain/duty-proposal.js';
import { isoWeek } from '../../server/domain/duty.js';

/** Thursdays from 7 January 2027, `n` of them. */
function thursdays(n: number, from = '2027-01-07'): string[] {
  const out: string[] = [];
  const t = new Date(from + 'T00:00:00Z');
  for (let i = 0; i < n; i++) out.push(new Date(t.getTime() + i * 7 * 86_400_000).toISOString().slice(0, 10));
  return out;
}

const plainDay = (on: string, open: number, onDuty: number[] = []): ProposalDay => ({
  on,
  roles: [{ name: '', open }],
  onDuty,
});

const member = (memberId: number, target: number, o: Partial<ProposalMember> = {}): ProposalMember => ({
  memberId,
  target,
  shifts: [],
  collects: [],
  ...o,
});

const daysOf = (p: Proposal, memberId: number) => p.assignments.filter((a) => a.memberId === memberId).map((a) => a.on);

describe('duty proposal', () => {
  it('gives each household below its target its missing shifts, on days it collects, in separate halves of the period', () => {
    const days = thursdays(8).map((on) => plainDay(on, 2));
    // Léa collects every other week from the 14th; Paul collects every week.
    const lea = member(1, 2, { collects: thursdays(4, '2027-01-14').map((_, i) => thursdays(8)[1 + 2 * i]) });
    const paul = member(2, 2, { collects: thursdays(8) });
    const p = proposeDuty({ days, members: [lea, paul] });
    const leaDays = daysOf(p, 1);
    expect(leaDays).to.have.length(2);
    for (const on of leaDays) expect(lea.collects).to.include(on);
    expect(leaDays[0] < '2027-02-04' && leaDays[1] >= '2027-02-04', `halves: ${leaDays}`).to.equal(true);
    const paulDays = daysOf(p, 2);
    expect(paulDays[0] < '2027-02-04' && paulDays[1] >= '2027-02-04', `halves: ${paulDays}`).to.equal(true);
    expect(p.unplaced).to.deep.equal([]);
    const first = p.assignments.find((a) => a.memberId === 1)!;
    expect(first.reason).to.include({ collects: true, shiftNumber: 1, target: 2, gapDays: null });
  });

  it('counts the shifts a household already holds, and leaves those at their target alone', () => {
    const days = thursdays(6).map((on) => plainDay(on, 3));
    const p = proposeDuty({
      days,
      members: [member(1, 2, { shifts: ['2026-12-03'] }), member(2, 2, { shifts: ['2026-10-01', '2026-11-05'] })],
    });
    expect(daysOf(p, 1)).to.have.length(1);
    expect(p.assignments.find((a) => a.memberId === 1)!.reason.shiftNumber).to.equal(2);
    expect(daysOf(p, 2)).to.deep.equal([]);
  });

  it('never puts a household twice in one ISO week, nor on a day it already serves, and says who could not be placed', () => {
    // Two days in the same week (a Thursday and a Saturday), the member already on duty the week after.
    const days = [plainDay('2027-01-07', 1), plainDay('2027-01-09', 1), plainDay('2027-01-14', 1, [1])];
    const p = proposeDuty({ days, members: [member(1, 3, { shifts: ['2027-01-14'] })] });
    expect(daysOf(p, 1)).to.have.length(1);
    expect(p.unplaced).to.deep.equal([{ memberId: 1, missing: 1, reason: 'weeks' }]);
  });

  it('says "full" when the period has no place left', () => {
    const p = proposeDuty({ days: [plainDay('2027-01-07', 1)], members: [member(1, 1), member(2, 1)] });
    expect(p.assignments).to.have.length(1);
    expect(p.unplaced).to.deep.equal([
      { memberId: p.assignments[0].memberId === 1 ? 2 : 1, missing: 1, reason: 'full' },
    ]);
  });

  it('fills the role with the most places left', () => {
    const p = proposeDuty({
      days: [
        {
          on: '2027-01-07',
          roles: [
            { name: 'Ouverture', open: 1 },
            { name: 'Accueil', open: 2 },
          ],
          onDuty: [],
        },
      ],
      members: [member(1, 1), member(2, 1), member(3, 1)],
    });
    expect(p.assignments.map((a) => a.roleName).sort()).to.deep.equal(['Accueil', 'Accueil', 'Ouverture']);
  });

  describe('on random rosters', () => {
    const rosterArb = fc
      .record({
        weeks: fc.integer({ min: 1, max: 14 }),
        seed: fc.integer(),
        extraDays: fc.array(fc.integer({ min: 0, max: 13 }), { maxLength: 3 }),
      })
      .chain(({ weeks, seed, extraDays }) => {
        const thu = thursdays(weeks);
        // A few Saturdays in the same weeks as a Thursday: two days in one ISO week.
        const sat = [...new Set(extraDays.filter((i) => i < weeks))].map((i) =>
          new Date(new Date(thu[i] + 'T00:00:00Z').getTime() + 2 * 86_400_000).toISOString().slice(0, 10),
        );
        const all = [...thu, ...sat].sort();
        const dayArb = (on: string) =>
          fc.record({
            on: fc.constant(on),
            roles: fc.oneof(
              fc.tuple(fc.integer({ min: 0, max: 4 })).map(([open]) => [{ name: '', open }]),
              fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 })).map(([a, b]) => [
                { name: 'Ouverture', open: a },
                { name: 'Accueil', open: b },
              ]),
            ),
            onDuty: fc.subarray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], { maxLength: 2 }),
          });
        const memberArb = (memberId: number) =>
          fc.record({
            memberId: fc.constant(memberId),
            target: fc.integer({ min: 0, max: 4 }),
            shifts: fc.subarray(all, { maxLength: Math.min(2, all.length) }),
            collects: fc.subarray(all),
          });
        return fc.record({
          seed: fc.constant(seed),
          days: fc.tuple(...all.map(dayArb)),
          members: fc
            .integer({ min: 1, max: 12 })
            .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => memberArb(i + 1)))),
        });
      })
      .map(({ seed, days, members }) => {
        // A member's existing shifts and the days listing them on duty agree.
        const ds: ProposalDay[] = days.map((d) => ({
          ...d,
          onDuty: [...new Set([...d.onDuty, ...members.filter((m) => m.shifts.includes(d.on)).map((m) => m.memberId)])],
        }));
        return { seed, days: ds, members: members as ProposalMember[] };
      });

    it('never fills more than the open places of a role', () => {
      fc.assert(
        fc.property(rosterArb, ({ seed, days, members }) => {
          const p = proposeDuty({ days, members, seed });
          for (const d of days)
            for (const r of d.roles) {
              const taken = p.assignments.filter((a) => a.on === d.on && a.roleName === r.name).length;
              expect(taken, `${d.on} ${r.name}`).to.be.at.most(r.open);
            }
          for (const a of p.assignments) expect(days.find((d) => d.on === a.on)!.onDuty).not.to.include(a.memberId);
        }),
        { numRuns: 300 },
      );
    });

    it('never gives a household two shifts in one ISO week, nor more than its target', () => {
      fc.assert(
        fc.property(rosterArb, ({ seed, days, members }) => {
          const p = proposeDuty({ days, members, seed });
          for (const m of members) {
            const mine = daysOf(p, m.memberId);
            const weeks = [...m.shifts, ...mine].map(isoWeek);
            for (const on of mine)
              expect(
                weeks.filter((w) => w === isoWeek(on)),
                `${m.memberId} ${on}`,
              ).to.have.length(1);
            expect(m.shifts.length + mine.length).to.be.at.most(Math.max(m.target, m.shifts.length));
          }
        }),
        { numRuns: 300 },
      );
    });

    it('reaches every target it can: a household left short has no open place it could take', () => {
      fc.assert(
        fc.property(rosterArb, ({ seed, days, members }) => {
          const p = proposeDuty({ days, members, seed });
          for (const m of members) {
            const mine = daysOf(p, m.memberId);
            const short = Math.max(0, m.target - m.shifts.length) - mine.length;
            const said = p.unplaced.find((u) => u.memberId === m.memberId)?.missing ?? 0;
            expect(said, `missing of ${m.memberId}`).to.equal(short);
            if (short === 0) continue;
            const weeks = new Set([...m.shifts, ...mine].map(isoWeek));
            for (const d of days) {
              const left = d.roles.reduce((n, r) => n + r.open, 0) - p.assignments.filter((a) => a.on === d.on).length;
              const free =
                left > 0 && !d.onDuty.includes(m.memberId) && !mine.includes(d.on) && !weeks.has(isoWeek(d.on));
              expect(free, `${m.memberId} short but ${d.on} is free`).to.equal(false);
            }
          }
        }),
        { numRuns: 300 },
      );
    });

    it('is deterministic: the same data, in any order, gives the same proposal', () => {
      fc.assert(
        fc.property(rosterArb, fc.integer(), ({ seed, days, members }, shuffle) => {
          const p = proposeDuty({ days, members, seed });
          const scramble = <T>(xs: T[]) =>
            xs
              .map((x, i) => ({ x, k: (Math.imul(i + 1, 2654435761) ^ shuffle) >>> 0 }))
              .sort((a, b) => a.k - b.k)
              .map((e) => e.x);
          expect(proposeDuty({ days: scramble(days), members: scramble(members), seed })).to.deep.equal(p);
          expect(proposeDuty({ days, members, seed })).to.deep.equal(p);
        }),
        { numRuns: 200 },
      );
    });
  });
});
