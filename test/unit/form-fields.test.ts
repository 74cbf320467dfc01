import { expect } from 'chai';
import '../../server/web/forms.js';
import { optionalTextField, textField } from '../../server/web/form-fields.js';

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.message);

describe('textField', () => {
  const name = textField('Prénom', { max: 10, required: 'Prénom obligatoire.' });

  it('trims, and says what is wrong in French: missing, too long, an invisible character', () => {
    expect(name.parse('  Léa  ')).to.equal('Léa');
    expect(messages(name.safeParse('   '))).to.deep.equal(['Prénom obligatoire.']);
    expect(messages(name.safeParse(undefined))).to.deep.equal(['Prénom obligatoire.']);
    expect(messages(name.safeParse('Marie-Christine'))).to.deep.equal(['10 caractères au plus.']);
    expect(messages(name.safeParse('Lé\u0000a'))).to.deep.equal([
      'Prénom : ce texte contient un caractère invisible non autorisé ; retapez-le.',
    ]);
    expect(name.safeParse('Léa\tMarie').success, 'a tab in a one-line field').to.equal(false);
  });

  it('in a text area, keeps tabs and line breaks (CR LF and CR become LF) and refuses the rest', () => {
    const info = optionalTextField('Informations', { max: 100, multiline: true });
    expect(info.parse('Chèques\r\nà l’ordre de\r\tGAEC\n')).to.equal('Chèques\nà l’ordre de\n\tGAEC');
    expect(info.parse('  ')).to.equal(null);
    expect(info.parse(undefined)).to.equal(null);
    expect(messages(info.safeParse('bip\u0007'))).to.deep.equal([
      'Informations : ce texte contient un caractère invisible non autorisé ; retapez-le.',
    ]);
  });
});
