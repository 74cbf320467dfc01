import { expect } from 'chai';
import fc from 'fast-check';
import { hasControlCharacter, normalizeLineBreaks, withoutControlCharacters } from '../../server/domain/text.js';

const CONTROLS = [...Array(32).keys()].map((c) => String.fromCharCode(c)).concat('\u007f');

describe('text: control characters', () => {
  it('finds NUL, escape, DEL and the other C0 characters; a multi-line text may hold line breaks and tabs', () => {
    expect(hasControlCharacter('Léa\u0000')).to.equal(true);
    expect(hasControlCharacter('\u001b[31mrouge')).to.equal(true);
    expect(hasControlCharacter('a\u007fb')).to.equal(true);
    expect(hasControlCharacter('ligne 1\nligne 2')).to.equal(true);
    expect(hasControlCharacter('ligne 1\nligne 2\tsuite', { multiline: true })).to.equal(false);
    expect(hasControlCharacter('ligne 1\r\nligne 2', { multiline: true })).to.equal(false);
    expect(hasControlCharacter('page 1\fpage 2', { multiline: true })).to.equal(true);
    expect(hasControlCharacter('Zoé d’Aubigné – « Les Prés » 12,50 €\u00a0')).to.equal(false);
  });

  it('normalises CR LF and lone CR to LF', () => {
    expect(normalizeLineBreaks('a\r\nb\rc\nd')).to.equal('a\nb\nc\nd');
  });

  it('removes what a text may not hold; single-line text keeps its words apart', () => {
    expect(withoutControlCharacters('Lé\u0000a\tMartin\r\n')).to.equal('Léa Martin ');
    expect(withoutControlCharacters('a\r\nb\u0007\tc', { multiline: true })).to.equal('a\r\nb\tc');
  });

  it('leaves nothing to find once removed, and changes no other character (random text)', () => {
    const text = fc.array(fc.oneof(fc.constantFrom(...CONTROLS), fc.string({ unit: 'grapheme' })), { maxLength: 20 });
    fc.assert(
      fc.property(text, fc.boolean(), (parts, multiline) => {
        const raw = parts.join('');
        const clean = withoutControlCharacters(raw, { multiline });
        expect(hasControlCharacter(clean, { multiline })).to.equal(false);
        const printable = (s: string) => s.replace(/[\u0000-\u0020\u007f]/g, '');
        expect(printable(clean)).to.equal(printable(raw));
        if (!hasControlCharacter(raw, { multiline })) expect(clean).to.equal(raw);
      }),
    );
  });
});
