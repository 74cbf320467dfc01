import { expect } from 'chai';
import fc from 'fast-check';
import { formatEuros, parseEuros, sumCents } from '../../server/domain/money.js';

const NNBSP = '\u202f'; // thousands separator produced by Intl fr-FR
const NBSP = '\u00a0'; // before the euro sign

describe('formatEuros', () => {
  it('writes cents as French euros', () => {
    expect(formatEuros(1250)).to.equal(`12,50${NBSP}€`);
    expect(formatEuros(7500)).to.equal(`75,00${NBSP}€`);
    expect(formatEuros(5)).to.equal(`0,05${NBSP}€`);
    expect(formatEuros(0)).to.equal(`0,00${NBSP}€`);
  });

  it('groups thousands with the narrow no-break space Intl produces', () => {
    expect(formatEuros(123400)).to.equal(`1${NNBSP}234,00${NBSP}€`);
    expect(formatEuros(3000000)).to.equal(`30${NNBSP}000,00${NBSP}€`);
  });

  it('writes negative amounts with a minus sign, and never "-0,00 €"', () => {
    expect(formatEuros(-300)).to.equal(`-3,00${NBSP}€`);
    expect(formatEuros(-0)).to.equal(`0,00${NBSP}€`);
  });

  it('writes exactly what Intl fr-FR writes, for any amount up to a billion euros', () => {
    const intl = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
    fc.assert(
      fc.property(fc.integer({ min: -100_000_000_000, max: 100_000_000_000 }), (cents) => {
        expect(formatEuros(cents)).to.equal(intl.format(cents / 100 || 0));
      }),
      { numRuns: 5000 },
    );
    for (const cents of [1, 9, 10, 99, 100, 99999, 100000, 100001, -1, -100000])
      expect(formatEuros(cents)).to.equal(intl.format(cents / 100));
  });

  it('refuses a float, which would be a bug upstream', () => {
    expect(() => formatEuros(12.5)).to.throw(TypeError);
    expect(() => formatEuros(Number.NaN)).to.throw(TypeError);
  });
});

describe('parseEuros', () => {
  const cases: [string, number][] = [
    ['12', 1200],
    ['12,5', 1250],
    ['12,50', 1250],
    ['12.50', 1250],
    ['12,50 €', 1250],
    ['12,50€', 1250],
    [' 1 234,56 ', 123456],
    [`1${NNBSP}234,56${NBSP}€`, 123456],
    [`1${NBSP}234,56`, 123456],
    ['1234.5', 123450],
    ['0', 0],
    ['0,05', 5],
    [',50', 50],
    ['12,', 1200],
    ['007', 700],
    ['75 euros', 7500],
    ['1 000 000', 100000000],
  ];
  for (const [input, cents] of cases) {
    it(`reads ${JSON.stringify(input)} as ${cents} cents`, () => {
      expect(parseEuros(input)).to.equal(cents);
    });
  }

  const refused = [
    '',
    '   ',
    '€',
    ',',
    '-3',
    '-3,00 €',
    '+3',
    '12,505',
    '1.234,56',
    '12 50',
    '1 23',
    'douze',
    '12a',
    '1e3',
    '12,5,0',
    'NaN',
    '99999999999999999',
  ];
  for (const input of refused) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      expect(parseEuros(input)).to.equal(null);
    });
  }

  it('reads back what formatEuros writes, for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (cents) => {
        expect(parseEuros(formatEuros(cents))).to.equal(cents);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads "euros,cents" typed with a dot or a comma, and always returns an integer', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(99), fc.constantFrom(',', '.'), (euros, cents, sep) => {
        const typed = `${euros}${sep}${String(cents).padStart(2, '0')}`;
        expect(parseEuros(typed)).to.equal(euros * 100 + cents);
      }),
      { numRuns: 3000 },
    );
  });

  it('never returns a float or a negative amount, whatever is typed', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789,. €-+e\u00a0\u202f'.split('')), maxLength: 14 }),
        (input) => {
          const cents = parseEuros(input);
          if (cents !== null) {
            expect(Number.isSafeInteger(cents)).to.equal(true);
            expect(cents).to.be.at.least(0);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('sumCents', () => {
  it('adds integer amounts', () => {
    expect(sumCents([7500, 7600, 7600])).to.equal(22700);
    expect(sumCents([])).to.equal(0);
    expect(sumCents([-300, 300])).to.equal(0);
  });

  it('throws on a non-integer, catching float bugs where they start', () => {
    expect(() => sumCents([100, 0.1 + 0.2])).to.throw(TypeError);
    expect(() => sumCents([Number.NaN])).to.throw(TypeError);
    expect(() => sumCents([Number.POSITIVE_INFINITY])).to.throw(TypeError);
  });
});
