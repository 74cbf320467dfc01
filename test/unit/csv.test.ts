import { expect } from 'chai';
import fc from 'fast-check';
import { readCsv, readCsvRecords, writeCsv } from '../../server/lib/csv.js';

describe('readCsv', () => {
  it('reads a `;` file as a French spreadsheet saves it', () => {
    expect(readCsv('nom;prénom;ville\nDurand;Camille;Clermont-Ferrand\n')).to.deep.equal([
      ['nom', 'prénom', 'ville'],
      ['Durand', 'Camille', 'Clermont-Ferrand'],
    ]);
  });

  it('reads a `,` file when the header line uses commas', () => {
    expect(readCsv('nom,prénom,ville\r\nDurand,Camille,Riom\r\n')).to.deep.equal([
      ['nom', 'prénom', 'ville'],
      ['Durand', 'Camille', 'Riom'],
    ]);
  });

  it('finds the separator on the first line that is not blank', () => {
    expect(readCsv('\r\n\r\nnom,prénom\r\nDurand,Camille\r\n')).to.deep.equal([
      ['nom', 'prénom'],
      ['Durand', 'Camille'],
    ]);
  });

  it('keeps commas inside the cells of a `;` file', () => {
    expect(readCsv('nom;adresse\nDurand;12, rue des Lilas\n')).to.deep.equal([
      ['nom', 'adresse'],
      ['Durand', '12, rue des Lilas'],
    ]);
  });

  it('does not let a quoted header cell with commas decide the separator', () => {
    expect(readCsv('"nom, prénom, surnom";ville\n"Durand, Camille, Cam";Riom\n')).to.deep.equal([
      ['nom, prénom, surnom', 'ville'],
      ['Durand, Camille, Cam', 'Riom'],
    ]);
  });

  it('drops the UTF-8 BOM from a string and from bytes', () => {
    expect(readCsv('\uFEFFnom;prénom\nA;B\n')[0]).to.deep.equal(['nom', 'prénom']);
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('nom;prénom\nÉlodie;Zoé\n', 'utf8')]);
    expect(readCsv(bytes)).to.deep.equal([
      ['nom', 'prénom'],
      ['Élodie', 'Zoé'],
    ]);
  });

  it('reads quoted cells with separators, doubled quotes and line breaks', () => {
    const rows = readCsv('nom;note\n"Le ""Grand"" Jardin";"ligne 1\nligne 2; suite"\n');
    expect(rows[1]).to.deep.equal(['Le "Grand" Jardin', 'ligne 1\nligne 2; suite']);
  });

  it('trims the cells and skips blank lines and lines of empty cells', () => {
    expect(readCsv('nom ; prénom\n\n  Durand ;  Camille \n;;\n\n')).to.deep.equal([
      ['nom', 'prénom'],
      ['Durand', 'Camille'],
    ]);
  });

  it('accepts rows shorter or longer than the header', () => {
    expect(readCsv('a;b;c\n1\n1;2;3;4\n')).to.deep.equal([['a', 'b', 'c'], ['1'], ['1', '2', '3', '4']]);
  });

  it('refuses latin-1 bytes with a French message', () => {
    const latin1 = Buffer.from('nom;prénom\nDurand;Hélène\n', 'latin1');
    expect(() => readCsv(latin1)).to.throw(/pas en UTF-8.*CSV UTF-8/);
  });

  it('says in French when a quote is never closed', () => {
    expect(() => readCsv('nom;prénom\n"Durand;Camille\n')).to.throw(/^Fichier CSV illisible/);
  });

  it('undoes the formula guard of the export (leading apostrophe before = + - @)', () => {
    expect(readCsv("nom;téléphone\nDurand;'+33 6 12 34 56 78\n")[1]).to.deep.equal(['Durand', '+33 6 12 34 56 78']);
    expect(readCsv("nom;note\nDurand;'bonjour\n")[1]).to.deep.equal(['Durand', "'bonjour"]);
  });
});

describe('readCsvRecords', () => {
  it('gives the line number of each record in the file, header being line 1', () => {
    const records = readCsvRecords('nom;prénom\n\nDurand;Camille\n;;\nMartin;Paul\n"Petit\nJean";Luc\nBernard;Léa\n');
    expect(records.map((r) => [r.line, r.cells[0]])).to.deep.equal([
      [1, 'nom'],
      [3, 'Durand'],
      [5, 'Martin'],
      [7, 'Petit\nJean'],
      [8, 'Bernard'],
    ]);
  });
});

describe('writeCsv', () => {
  it('writes `;`, CRLF and a UTF-8 BOM so Excel opens accents right', () => {
    const body = writeCsv(
      ['nom', 'prénom'],
      [
        ['Durand', 'Hélène'],
        ['Martin', null],
      ],
    );
    expect([...body.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(body.toString('utf8')).to.equal('\uFEFFnom;prénom\r\nDurand;Hélène\r\nMartin;\r\n');
  });

  it('quotes cells holding ; " or line breaks', () => {
    const text = writeCsv(['a'], [['x;y'], ['dit "oui"'], ['deux\nlignes']]).toString('utf8');
    expect(text).to.equal('\uFEFFa\r\n"x;y"\r\n"dit ""oui"""\r\n"deux\nlignes"\r\n');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    const text = writeCsv(['a'], [['=HYPERLINK("http://x")'], ['+33 6 12'], ['-1'], ['@SUM(A1)']]).toString('utf8');
    const lines = text.slice(1).split('\r\n');
    expect(lines.slice(1, 5)).to.deep.equal([`"'=HYPERLINK(""http://x"")"`, "'+33 6 12", "'-1", "'@SUM(A1)"]);
  });

  it('round-trips through readCsv for any trimmed, non-blank text', () => {
    const cellText = fc
      .string({
        unit: fc.constantFrom('a', 'é', ' ', ';', ',', '"', "'", '=', '+', '-', '@', '\n', 'Z', '1', '\r', '\t'),
        maxLength: 12,
      })
      .filter((s) => s === s.trim() && s !== '');
    fc.assert(
      fc.property(fc.array(fc.array(cellText, { minLength: 3, maxLength: 3 }), { maxLength: 6 }), (rows) => {
        const back = readCsv(writeCsv(['nom', 'prénom', 'ville'], rows));
        expect(back).to.deep.equal([['nom', 'prénom', 'ville'], ...rows]);
      }),
      { numRuns: 300 },
    );
  });
});
