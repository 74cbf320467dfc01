import { expect } from 'chai';
import fc from 'fast-check';
import {
  completeSchedule,
  proposeSchedule,
  rebalanceEdited,
  rebalanceSchedule,
  validateSchedule,
  type ScheduleSettings,
} from '../../server/domain/payment-schedule.js';

const WHOLE: ScheduleSettings = { rule: 'whole-euros', minChequeCents: null };
const CENTS: ScheduleSettings = { rule: 'cents', minChequeCents: null };
const NBSP = '\u00a0';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const settingsArb: fc.Arbitrary<ScheduleSettings> = fc.record({
  rule: fc.constantFrom('whole-euros' as const, 'cents' as const),
  minChequeCents: fc.option(fc.integer({ min: 1, max: 40_000 }), { nil: null }),
});
const totalArb = fc.oneof(fc.integer({ min: 0, max: 3_000_000 }), fc.integer({ min: 0, max: 5_000 }));

describe('proposeSchedule', () => {
  it('reproduces DESIGN: 455 € over 6 cheques is 75 € in May, then 76 € from June to October', () => {
    expect(proposeSchedule(45500, 6, WHOLE)).to.deep.equal([7500, 7600, 7600, 7600, 7600, 7600]);
  });

  it('rounds down to the cent under the `cents` rule, the last line taking the rest', () => {
    expect(proposeSchedule(45500, 6, CENTS)).to.deep.equal([7583, 7583, 7583, 7583, 7584, 7584]);
    expect(proposeSchedule(10000, 3, CENTS)).to.deep.equal([3333, 3333, 3334]);
  });

  it('puts the odd cents on the last cheque under `whole-euros`', () => {
    expect(proposeSchedule(10050, 3, WHOLE)).to.deep.equal([3300, 3300, 3450]);
    expect(proposeSchedule(100001, 4, WHOLE)).to.deep.equal([25000, 25000, 25000, 25001]);
  });

  it('gives a small total to the last line when whole euros round the others to 0', () => {
    expect(proposeSchedule(250, 4, WHOLE)).to.deep.equal([0, 0, 100, 150]);
  });

  it('with a minimum, spreads over ⌊T ÷ m⌋ cheques only and leaves the later lines at 0', () => {
    expect(proposeSchedule(10000, 6, { rule: 'whole-euros', minChequeCents: 3000 })).to.deep.equal([
      3300, 3300, 3400, 0, 0, 0,
    ]);
    expect(proposeSchedule(45500, 6, { rule: 'whole-euros', minChequeCents: 5000 })).to.deep.equal([
      7500, 7600, 7600, 7600, 7600, 7600,
    ]);
    expect(proposeSchedule(45500, 6, { rule: 'whole-euros', minChequeCents: 10000 })).to.deep.equal([
      11300, 11400, 11400, 11400, 0, 0,
    ]);
  });

  it('with a total under the minimum, proposes one cheque of the whole total', () => {
    expect(proposeSchedule(2000, 6, { rule: 'whole-euros', minChequeCents: 3000 })).to.deep.equal([
      2000, 0, 0, 0, 0, 0,
    ]);
    expect(proposeSchedule(2999, 2, { rule: 'cents', minChequeCents: 3000 })).to.deep.equal([2999, 0]);
  });

  it('when whole euros would fall under a minimum that is not a whole euro, uses fewer cheques', () => {
    // k = ⌊1000 ÷ 333⌋ = 3, but 3 cheques of at least 4 € (3,33 € rounded up), 4 € and 3,33 € exceed 10 €.
    expect(proposeSchedule(1000, 5, { rule: 'whole-euros', minChequeCents: 333 })).to.deep.equal([500, 500, 0, 0, 0]);
    // The cents rule keeps 3 cheques.
    expect(proposeSchedule(1000, 5, { rule: 'cents', minChequeCents: 333 })).to.deep.equal([333, 333, 334, 0, 0]);
  });

  it('when whole euros would fall under the minimum, raises the line to the minimum rounded up', () => {
    // k = 2; 7,50 € ÷ 2 rounds down to 3 € < 3,50 €: the first cheque takes 4 €, the last 3,50 €.
    expect(proposeSchedule(750, 3, { rule: 'whole-euros', minChequeCents: 350 })).to.deep.equal([400, 350, 0]);
    // k = ⌊11 ÷ 2,50⌋ = 4 is impossible (3 € + 3 € + 3 € + 2,50 € > 11 €): 3 cheques, rounded down as usual.
    expect(proposeSchedule(1100, 4, { rule: 'whole-euros', minChequeCents: 250 })).to.deep.equal([300, 400, 400, 0]);
  });

  it('gives zeros for a zero total and nothing for no line', () => {
    expect(proposeSchedule(0, 3, WHOLE)).to.deep.equal([0, 0, 0]);
    expect(proposeSchedule(0, 3, { rule: 'cents', minChequeCents: 1000 })).to.deep.equal([0, 0, 0]);
    expect(proposeSchedule(12345, 0, WHOLE)).to.deep.equal([]);
    expect(proposeSchedule(12345, 1, WHOLE)).to.deep.equal([12345]);
  });

  it('refuses a negative or non-integer total, a bad line count or a bad minimum', () => {
    expect(() => proposeSchedule(-1, 3, WHOLE)).to.throw(RangeError);
    expect(() => proposeSchedule(100.5, 3, WHOLE)).to.throw(TypeError);
    expect(() => proposeSchedule(100, 2.5, WHOLE)).to.throw(RangeError);
    expect(() => proposeSchedule(100, -1, WHOLE)).to.throw(RangeError);
    expect(() => proposeSchedule(100, 2, { rule: 'cents', minChequeCents: -5 })).to.throw(RangeError);
    expect(() => proposeSchedule(100, 2, { rule: 'cents', minChequeCents: 2.5 })).to.throw(TypeError);
  });

  describe('invariants on random totals', () => {
    it('lines sum to T exactly, none negative, all integers', () => {
      fc.assert(
        fc.property(totalArb, fc.integer({ min: 1, max: 15 }), settingsArb, (total, n, settings) => {
          const lines = proposeSchedule(total, n, settings);
          expect(lines).to.have.length(n);
          expect(sum(lines)).to.equal(total);
          for (const line of lines) {
            expect(Number.isSafeInteger(line)).to.equal(true);
            expect(line).to.be.at.least(0);
          }
        }),
        { numRuns: 5000 },
      );
    });

    it('without a minimum, each line but the last is the remaining ÷ lines left, rounded down by the rule', () => {
      fc.assert(
        fc.property(totalArb, fc.integer({ min: 1, max: 15 }), fc.constantFrom(WHOLE, CENTS), (total, n, settings) => {
          const lines = proposeSchedule(total, n, settings);
          const unit = settings.rule === 'whole-euros' ? 100 : 1;
          let remaining = total;
          for (let i = 0; i < n - 1; i++) {
            expect(lines[i]).to.equal(Math.floor(remaining / (n - i) / unit) * unit);
            remaining -= lines[i];
          }
          expect(lines[n - 1]).to.equal(remaining);
        }),
        { numRuns: 3000 },
      );
    });

    it('with whole-euros, every line before the one absorbing the remainder is a multiple of 100', () => {
      fc.assert(
        fc.property(
          totalArb,
          fc.integer({ min: 1, max: 15 }),
          fc.option(fc.integer({ min: 1, max: 40_000 }), { nil: null }),
          (total, n, min) => {
            const lines = proposeSchedule(total, n, { rule: 'whole-euros', minChequeCents: min });
            // Without a minimum the absorbing line is the last one; with a minimum it is the k-th, the last non-zero.
            const absorbing =
              min === null
                ? n - 1
                : Math.max(
                    0,
                    lines.findLastIndex((x) => x > 0),
                  );
            lines.forEach((line, i) => {
              if (i !== absorbing) expect(line % 100, `line ${i} of ${JSON.stringify(lines)}`).to.equal(0);
            });
          },
        ),
        { numRuns: 5000 },
      );
    });

    it('with a minimum, every non-zero line is at least m, or a single line = T when T < m', () => {
      fc.assert(
        fc.property(
          totalArb,
          fc.integer({ min: 1, max: 15 }),
          fc.constantFrom<'whole-euros' | 'cents'>('whole-euros', 'cents'),
          fc.integer({ min: 1, max: 40_000 }),
          (total, n, rule, min) => {
            const lines = proposeSchedule(total, n, { rule, minChequeCents: min });
            if (total > 0 && total < min) {
              expect(lines).to.deep.equal([total, ...new Array<number>(n - 1).fill(0)]);
              return;
            }
            const cheques = lines.filter((x) => x > 0);
            for (const cheque of cheques) expect(cheque).to.be.at.least(min);
            // The cheques come first, then zeros.
            expect(lines.slice(0, cheques.length).every((x) => x > 0)).to.equal(true);
            expect(cheques.length).to.be.at.most(Math.max(1, Math.floor(total / min)));
          },
        ),
        { numRuns: 5000 },
      );
    });

    it('with a minimum on the grid of the rule, uses exactly k = min(n, max(1, ⌊T ÷ m⌋)) cheques', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 3_000_000 }),
          fc.integer({ min: 1, max: 15 }),
          fc.boolean(),
          fc.integer({ min: 1, max: 400 }),
          (total, n, wholeEuros, m) => {
            const min = wholeEuros ? m * 100 : m;
            const lines = proposeSchedule(total, n, {
              rule: wholeEuros ? 'whole-euros' : 'cents',
              minChequeCents: min,
            });
            const k = Math.min(n, Math.max(1, Math.floor(total / min)));
            expect(lines.filter((x) => x > 0)).to.have.length(k);
          },
        ),
        { numRuns: 3000 },
      );
    });
  });
});

describe('completeSchedule', () => {
  it('computes the last line as T minus the typed lines, ignoring what was in the last one', () => {
    expect(completeSchedule(45500, [10000, 10000, 5050, 999999])).to.deep.equal([10000, 10000, 5050, 20450]);
    expect(completeSchedule(45500, [0])).to.deep.equal([45500]);
    expect(completeSchedule(45500, [])).to.deep.equal([]);
  });

  it('lets the last line go negative when the others exceed the total (validation reports it)', () => {
    expect(completeSchedule(10000, [6000, 6000, 0])).to.deep.equal([6000, 6000, -2000]);
  });

  it('refuses a float, which would be a parsing bug', () => {
    expect(() => completeSchedule(10000, [50.5, 0])).to.throw(TypeError);
    expect(() => completeSchedule(100.5, [50, 0])).to.throw(TypeError);
  });
});

describe('validateSchedule', () => {
  it('accepts lines summing to the total, including cents typed under the whole-euros rule', () => {
    expect(validateSchedule(45500, [7550, 7600, 7600, 7600, 7600, 7550], WHOLE)).to.deep.equal({ ok: true });
    expect(validateSchedule(0, [])).to.deep.equal({ ok: true });
    expect(validateSchedule(0, [0, 0])).to.deep.equal({ ok: true });
  });

  it('reports "trop payé" on the last line with what the cheques make and the total', () => {
    expect(validateSchedule(45500, completeSchedule(45500, [20000, 20000, 10000, 0]))).to.deep.equal({
      ok: false,
      errors: [
        {
          index: 3,
          message: `Trop payé : vos chèques font 500,00${NBSP}€ pour un total de 455,00${NBSP}€.`,
        },
      ],
    });
  });

  it('reports a negative line other than the last on that line', () => {
    const result = validateSchedule(10000, [-1000, 5000, 6000]);
    expect(result).to.deep.equal({ ok: false, errors: [{ index: 0, message: 'Montant négatif.' }] });
  });

  it('reports a line that is not an integer number of cents', () => {
    const result = validateSchedule(10000, [5000.5, 4999.5]);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.errors.map((e) => e.index)).to.deep.equal([0, 1]);
    if (!result.ok) expect(result.errors[0].message).to.equal('Montant invalide.');
  });

  it('reports lines that do not add up to the total on index -1', () => {
    const result = validateSchedule(10000, [5000, 4000]);
    expect(result).to.deep.equal({
      ok: false,
      errors: [
        { index: -1, message: `La somme des chèques (90,00${NBSP}€) ne correspond pas au total (100,00${NBSP}€).` },
      ],
    });
    expect(validateSchedule(10000, []).ok).to.equal(false);
  });

  it('with a minimum, refuses a non-zero cheque under it, but not a zero line nor a total under it', () => {
    const settings = { rule: 'whole-euros' as const, minChequeCents: 3000 };
    expect(validateSchedule(10000, [5000, 0, 5000], settings)).to.deep.equal({ ok: true });
    expect(validateSchedule(10000, [8000, 2000], settings)).to.deep.equal({
      ok: false,
      errors: [{ index: 1, message: `Un chèque doit être d'au moins 30,00${NBSP}€ (ou 0 €).` }],
    });
    expect(validateSchedule(2000, [2000, 0], settings)).to.deep.equal({ ok: true });
  });

  it('never reports a frozen line, and says "trop payé" on the last open line', () => {
    const frozen = [true, false, false, true];
    expect(validateSchedule(10000, [500, 3000, 6000, 500], { minChequeCents: 3000, frozen })).to.deep.equal({
      ok: true,
    });
    const result = validateSchedule(10000, [8000, 3000, -1000, 0], { frozen });
    expect(result.ok).to.equal(false);
    if (!result.ok) {
      expect(result.errors).to.have.length(1);
      expect(result.errors[0].index).to.equal(2);
      expect(result.errors[0].message).to.match(/^Trop payé/);
    }
  });

  it('is valid exactly when the computed last line is not negative (random typed lines)', () => {
    fc.assert(
      fc.property(
        totalArb,
        fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 12 }),
        (total, typed) => {
          const lines = completeSchedule(total, typed);
          expect(sum(lines)).to.equal(total);
          expect(lines.slice(0, -1)).to.deep.equal(typed.slice(0, -1));
          const result = validateSchedule(total, lines, WHOLE);
          const last = lines[lines.length - 1];
          expect(result.ok).to.equal(last >= 0);
          if (!result.ok)
            expect(result.errors).to.deep.equal([{ index: lines.length - 1, message: result.errors[0].message }]);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reports every negative typed line on its own index (random typed lines)', () => {
    fc.assert(
      fc.property(
        totalArb,
        fc.array(fc.integer({ min: -50_000, max: 50_000 }), { minLength: 2, maxLength: 12 }),
        (total, typed) => {
          const lines = completeSchedule(total, typed);
          const result = validateSchedule(total, lines);
          const expected = lines.flatMap((x, i) => (x < 0 ? [i] : []));
          const reported = result.ok ? [] : result.errors.map((e) => e.index);
          expect(reported).to.deep.equal(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('rebalanceSchedule', () => {
  const line = (amountCents: number, frozen: boolean) => ({ amountCents, frozen });

  it('proposes the open lines again over T minus the frozen ones (a member moves away)', () => {
    const lines = [
      line(7500, true),
      line(7600, true),
      line(7600, false),
      line(7600, false),
      line(7600, false),
      line(7600, false),
    ];
    expect(rebalanceSchedule(30000, lines, WHOLE)).to.deep.equal({
      amounts: [7500, 7600, 3700, 3700, 3700, 3800],
      creditCents: 0,
      unassignedCents: 0,
    });
  });

  it('keeps frozen lines where they are, between open ones', () => {
    const lines = [line(0, false), line(10000, true), line(0, false), line(0, false)];
    expect(rebalanceSchedule(40000, lines, WHOLE).amounts).to.deep.equal([10000, 10000, 10000, 10000]);
  });

  it('owes the difference back (credit) when the frozen cheques exceed the new total', () => {
    const lines = [line(7500, true), line(7600, true), line(7600, false)];
    expect(rebalanceSchedule(10000, lines, WHOLE)).to.deep.equal({
      amounts: [7500, 7600, 0],
      creditCents: 5100,
      unassignedCents: 0,
    });
  });

  it('reports what is still due when every line is frozen', () => {
    const lines = [line(7500, true), line(7600, true)];
    expect(rebalanceSchedule(20000, lines, WHOLE)).to.deep.equal({
      amounts: [7500, 7600],
      creditCents: 0,
      unassignedCents: 4900,
    });
    expect(rebalanceSchedule(15100, lines, WHOLE)).to.deep.equal({
      amounts: [7500, 7600],
      creditCents: 0,
      unassignedCents: 0,
    });
    expect(rebalanceSchedule(0, [], WHOLE)).to.deep.equal({ amounts: [], creditCents: 0, unassignedCents: 0 });
  });

  it('applies the minimum to the open lines', () => {
    const lines = [line(5000, true), line(0, false), line(0, false), line(0, false)];
    expect(rebalanceSchedule(11000, lines, { rule: 'whole-euros', minChequeCents: 2500 }).amounts).to.deep.equal([
      5000, 3000, 3000, 0,
    ]);
  });

  it('refuses a negative total or a negative frozen line', () => {
    expect(() => rebalanceSchedule(-1, [], WHOLE)).to.throw(RangeError);
    expect(() => rebalanceSchedule(100, [line(-5, true)], WHOLE)).to.throw(RangeError);
  });

  it('keeps every invariant on random schedules', () => {
    const linesArb = fc.array(fc.record({ amountCents: fc.integer({ min: 0, max: 60_000 }), frozen: fc.boolean() }), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(totalArb, linesArb, settingsArb, (total, lines, settings) => {
        const { amounts, creditCents, unassignedCents } = rebalanceSchedule(total, lines, settings);
        expect(amounts).to.have.length(lines.length);
        expect(sum(amounts) - creditCents + unassignedCents).to.equal(total);
        expect(creditCents).to.be.at.least(0);
        expect(unassignedCents).to.be.at.least(0);
        expect(creditCents === 0 || unassignedCents === 0).to.equal(true);
        for (const amount of amounts) expect(amount).to.be.at.least(0);

        const frozenSum = sum(lines.filter((l) => l.frozen).map((l) => l.amountCents));
        const open = lines.flatMap((l, i) => (l.frozen ? [] : [i]));
        lines.forEach((l, i) => {
          if (l.frozen) expect(amounts[i]).to.equal(l.amountCents);
        });
        if (creditCents > 0) {
          expect(creditCents).to.equal(frozenSum - total);
          for (const i of open) expect(amounts[i]).to.equal(0);
        }
        if (unassignedCents > 0) expect(open).to.have.length(0);
        if (creditCents === 0 && unassignedCents === 0 && open.length === 0) expect(frozenSum).to.equal(total);

        const openAmounts = open.map((i) => amounts[i]);
        const openTotal = sum(openAmounts);
        const min = settings.minChequeCents;
        if (settings.rule === 'whole-euros') {
          const absorbing =
            min === null
              ? open.length - 1
              : Math.max(
                  0,
                  openAmounts.findLastIndex((x) => x > 0),
                );
          openAmounts.forEach((x, k) => {
            if (k !== absorbing) expect(x % 100).to.equal(0);
          });
        }
        if (min !== null) {
          if (openTotal < min) expect(openAmounts.filter((x) => x > 0).length).to.be.at.most(1);
          else for (const x of openAmounts) if (x > 0) expect(x).to.be.at.least(min);
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe('rebalanceEdited', () => {
  const line = (amountCents: number, frozen: boolean) => ({ amountCents, frozen });

  it('computes the last open line, whatever the frozen lines after it', () => {
    const typed = [line(7500, true), line(5000, false), line(999, false), line(7600, true)];
    expect(rebalanceEdited(30000, typed)).to.deep.equal([7500, 5000, 9900, 7600]);
  });

  it('gives a negative last open line when the typed lines exceed the total, reported as "trop payé" on it', () => {
    const typed = [line(7500, true), line(20000, false), line(0, false), line(7600, true)];
    const amounts = rebalanceEdited(30000, typed);
    expect(amounts).to.deep.equal([7500, 20000, -5100, 7600]);
    const result = validateSchedule(30000, amounts, { frozen: typed.map((l) => l.frozen) });
    expect(result.ok).to.equal(false);
    if (!result.ok)
      expect(result.errors).to.deep.equal([
        {
          index: 2,
          message: `Trop payé : vos chèques font 351,00${NBSP}€ pour un total de 300,00${NBSP}€.`,
        },
      ]);
  });

  it('returns the amounts unchanged when every line is frozen; validation then reports the gap on index -1', () => {
    const typed = [line(7500, true), line(7600, true)];
    expect(rebalanceEdited(20000, typed)).to.deep.equal([7500, 7600]);
    const result = validateSchedule(20000, [7500, 7600], { frozen: [true, true] });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.errors.map((e) => e.index)).to.deep.equal([-1]);
  });

  it('keeps frozen lines, sums to T, and is valid iff the computed line is not negative (random edits)', () => {
    const typedArb = fc.array(fc.record({ amountCents: fc.integer({ min: 0, max: 60_000 }), frozen: fc.boolean() }), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(totalArb, typedArb, (total, typed) => {
        const amounts = rebalanceEdited(total, typed);
        const frozen = typed.map((l) => l.frozen);
        const computed = frozen.lastIndexOf(false);
        typed.forEach((l, i) => {
          if (i !== computed) expect(amounts[i]).to.equal(l.amountCents);
        });
        const result = validateSchedule(total, amounts, { frozen });
        if (computed === -1) {
          expect(result.ok).to.equal(sum(amounts) === total);
          return;
        }
        expect(sum(amounts)).to.equal(total);
        expect(result.ok).to.equal(amounts[computed] >= 0);
        if (!result.ok) expect(result.errors.map((e) => e.index)).to.deep.equal([computed]);
      }),
      { numRuns: 5000 },
    );
  });
});
