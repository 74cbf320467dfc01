import { expect } from 'chai';
import fc from 'fast-check';
import { foldName, nameHasWords, searchWords } from '../../server/domain/name-search.js';

describe('name search', () => {
  it('folds case and accents, the ASCII shortcut agreeing with the full folding', () => {
    expect(foldName('Hélène ÉLUARD')).to.equal('helene eluard');
    expect(foldName('Inès Çaglar-Noël')).to.equal('ines caglar-noel');
    expect(foldName('DUPONT Jean')).to.equal('dupont jean');
    fc.assert(
      fc.property(fc.string(), (s) => {
        const full = s
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .toLowerCase();
        expect(foldName(s)).to.equal(full);
      }),
      { numRuns: 500 },
    );
  });

  it('needs every word somewhere in the first or last name, in any order', () => {
    const helene = { firstName: 'Hélène', lastName: 'Martin' };
    expect(nameHasWords(helene, searchWords('mart'))).to.equal(true);
    expect(nameHasWords(helene, searchWords('  MARTIN   hel '))).to.equal(true);
    expect(nameHasWords(helene, searchWords('martin paul'))).to.equal(false);
    expect(nameHasWords(helene, searchWords('tinhel'))).to.equal(false);
    expect(searchWords(' \t ')).to.deep.equal([]);
  });
});
