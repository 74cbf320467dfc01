import { expect } from 'chai';
import {
  checkImportLines,
  IMPORT_COLUMNS,
  mapColumns,
  nameKey,
  type ExistingMembers,
} from '../../server/domain/member-import.js';

const none: ExistingMembers = { emails: new Set(), names: new Set() };
const HEADER = [...IMPORT_COLUMNS];
const { columns: STANDARD } = mapColumns(HEADER);

/** A full line in the standard column order. */
function line(
  lastName: string,
  firstName: string,
  email = '',
  postalCode = '',
  more: Partial<Record<'phone' | 'phone2' | 'address' | 'city', string>> = {},
): string[] {
  return [
    lastName,
    firstName,
    email,
    more.phone ?? '',
    more.phone2 ?? '',
    more.address ?? '',
    postalCode,
    more.city ?? '',
  ];
}

describe('mapColumns', () => {
  it('maps the export header to every field', () => {
    const { columns, problems } = mapColumns(HEADER);
    expect(problems).to.deep.equal([]);
    expect(columns).to.deep.equal({
      lastName: 0,
      firstName: 1,
      email: 2,
      phone: 3,
      phone2: 4,
      address: 5,
      postalCode: 6,
      city: 7,
    });
  });

  it('accepts the spellings people use, whatever the case, accents and punctuation', () => {
    const { columns, problems } = mapColumns([
      'Prénom',
      'NOM',
      'E-mail',
      'Tél.',
      'Code Postal',
      'Commune',
      'Remarques',
    ]);
    expect(problems).to.deep.equal([]);
    expect(columns).to.deep.equal({ firstName: 0, lastName: 1, email: 2, phone: 3, postalCode: 4, city: 5 });
    expect(
      mapColumns(['Nom de famille', 'PRENOM', 'Courriel', 'Portable', 'Tel 2', 'Rue', 'CP', 'Ville']).columns,
    ).to.deep.equal({ lastName: 0, firstName: 1, email: 2, phone: 3, phone2: 4, address: 5, postalCode: 6, city: 7 });
  });

  it('keeps the first of two columns meaning the same thing', () => {
    expect(mapColumns(['nom', 'prénom', 'téléphone', 'portable']).columns.phone).to.equal(2);
  });

  it('explains in French when nom or prénom is missing', () => {
    for (const header of [['prénom', 'email'], ['nom', 'email'], ['Durand', 'Camille', 'camille@exemple.fr'], []]) {
      const { problems } = mapColumns(header);
      expect(problems, header.join(',')).to.have.length(1);
      expect(problems[0]).to.contain('au moins « nom » et « prénom »');
    }
  });
});

describe('checkImportLines', () => {
  it('reads a good line: trimmed, e-mail lower-cased, empty cells as null, numbered from line 2', () => {
    const [l] = checkImportLines(
      [
        line(' Durand ', 'Camille', ' Camille.Durand@Exemple.FR ', '63000', {
          phone: '06 12 34 56 78',
          city: 'Clermont',
        }),
      ],
      STANDARD,
      none,
    );
    expect(l.lineNumber).to.equal(2);
    expect(l.problems).to.deep.equal([]);
    expect(l.member).to.deep.equal({
      lastName: 'Durand',
      firstName: 'Camille',
      email: 'camille.durand@exemple.fr',
      phone: '06 12 34 56 78',
      phone2: null,
      address: null,
      postalCode: '63000',
      city: 'Clermont',
    });
  });

  it('reads only the columns that exist, in their order', () => {
    const { columns } = mapColumns(['Prénom', 'NOM']);
    const [l] = checkImportLines([['Camille', 'Durand']], columns, none);
    expect(l.problems).to.deep.equal([]);
    expect(l.member).to.include({ firstName: 'Camille', lastName: 'Durand', email: null, postalCode: null });
  });

  it('names every problem of a bad line', () => {
    const lines = checkImportLines(
      [
        line('', 'Camille'),
        line('Durand', ''),
        line('', ''),
        line('Martin', 'Paul', 'paul.martin@', ''),
        line('Petit', 'Luc', '', '6300'),
        line('Roux', 'Léa', 'pas une adresse', 'ABCDE'),
      ],
      STANDARD,
      none,
    );
    expect(lines.map((l) => l.problems)).to.deep.equal([
      ['nom manquant'],
      ['prénom manquant'],
      ['nom manquant', 'prénom manquant'],
      ['e-mail invalide « paul.martin@ »'],
      ['code postal invalide « 6300 »'],
      ['e-mail invalide « pas une adresse »', 'code postal invalide « ABCDE »'],
    ]);
  });

  it('refuses the e-mail addresses the member form refuses', () => {
    const lines = checkImportLines(
      ['a..b@exemple.fr', 'hélène@exemple.fr', 'x@localhost', "o'brien@exemple.ie"].map((email, i) =>
        line(`Nom${i}`, 'Prénom', email),
      ),
      STANDARD,
      none,
    );
    expect(lines.map((l) => l.problems)).to.deep.equal([
      ['e-mail invalide « a..b@exemple.fr »'],
      ['e-mail invalide « hélène@exemple.fr »'],
      ['e-mail invalide « x@localhost »'],
      [],
    ]);
  });

  it('refuses values longer than the member form accepts', () => {
    const [l] = checkImportLines([line('D'.repeat(101), 'Camille', '', '', { city: 'V'.repeat(101) })], STANDARD, none);
    expect(l.problems).to.deep.equal([
      'nom trop long (100 caractères au plus)',
      'ville trop longue (100 caractères au plus)',
    ]);
  });

  it('flags the second line with the same e-mail, whatever its case, and points to the first', () => {
    const lines = checkImportLines(
      [
        line('Durand', 'Camille', 'camille@exemple.fr'),
        line('Martin', 'Paul', 'paul@exemple.fr'),
        line('Durand', 'Cam', 'CAMILLE@exemple.fr'),
      ],
      STANDARD,
      none,
    );
    expect(lines.map((l) => l.problems)).to.deep.equal([[], [], ['e-mail en double (déjà ligne 2)']]);
  });

  it('flags the second line with the same name and no e-mail, accents and case aside', () => {
    const lines = checkImportLines(
      [line('Lefèvre', 'Hélène'), line('LEFEVRE', 'helene'), line('Lefèvre', 'Hélène', 'helene@exemple.fr')],
      STANDARD,
      none,
    );
    expect(lines.map((l) => l.problems)).to.deep.equal([[], ['en double (déjà ligne 2)'], []]);
  });

  it('flags people already in the AMAP by e-mail, or by name when the line has no e-mail', () => {
    const existing: ExistingMembers = {
      emails: new Set(['camille@exemple.fr']),
      names: new Set([nameKey('Paul', 'Martin')]),
    };
    const lines = checkImportLines(
      [
        line('Durand', 'Camille', 'Camille@Exemple.fr'),
        line('Martin', 'Paul'),
        line('Martin', 'Paul', 'paul.martin@exemple.fr'),
        line('Petit', 'Luc'),
      ],
      STANDARD,
      existing,
    );
    expect(lines.map((l) => l.problems)).to.deep.equal([
      ['déjà membre (même e-mail)'],
      ['déjà membre (même nom, sans e-mail)'],
      [],
      [],
    ]);
  });

  it('uses the file line numbers it is given', () => {
    const lines = checkImportLines([line('Durand', 'Camille'), line('', 'Paul')], STANDARD, none, [4, 9]);
    expect(lines.map((l) => l.lineNumber)).to.deep.equal([4, 9]);
    expect(
      checkImportLines([line('Durand', 'Camille'), line('Durand', 'Camille')], STANDARD, none, [3, 7])[1].problems,
    ).to.deep.equal(['en double (déjà ligne 3)']);
  });
});

describe('nameKey', () => {
  it('ignores accents, case, spaces and hyphens', () => {
    expect(nameKey('Jean-Hélène', 'Le Fèvre')).to.equal(nameKey('jean helene', 'LEFEVRE'));
    expect(nameKey('Paul', 'Martin')).not.to.equal(nameKey('Martin', 'Paul'));
  });
});
