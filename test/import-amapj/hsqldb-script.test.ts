import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { parseScript, ScriptError } from '../../server/features/import-amapj/hsqldb-script.js';
import { readAmapjBackup, ArchiveError } from '../../server/features/import-amapj/archive.js';
import { chequeDetails } from '../../server/features/import-amapj/cheque-comments.js';
import { decodeAboInfo } from '../../server/features/import-amapj/aboinfo.js';
import { aboInfo, backupFor, PROPERTIES, scriptFor, tar } from './amapj-fixture.js';

const CREATE =
  'CREATE MEMORY TABLE PUBLIC.T(ID BIGINT NOT NULL PRIMARY KEY,NOM VARCHAR(100),N INTEGER,OK BOOLEAN,D DATE,TS TIMESTAMP,CONSTRAINT UNQ_T_0 UNIQUE(NOM,N))';

function refusedAt(text: string): ScriptError {
  try {
    parseScript(text);
  } catch (e) {
    expect(e).to.be.instanceOf(ScriptError);
    return e as ScriptError;
  }
  throw new Error('the script was accepted');
}

describe('AmapJ import: the HSQLDB .script reader', () => {
  it('reads column names from the CREATE line, skipping its constraints', () => {
    const t = parseScript(CREATE).get('T')!;
    expect(t.columns).to.deep.equal(['ID', 'NOM', 'N', 'OK', 'D', 'TS']);
  });

  it('reads quotes, \\u escapes, NULL, booleans, numbers, dates and timestamps', () => {
    const text = [
      CREATE,
      "INSERT INTO T VALUES(1,'L''H\\u00d4TE, caf\\u00e9 (bio)',-12,TRUE,'2025-02-13','2025-02-14 18:00:00.000000')",
      'INSERT INTO T VALUES(2,NULL,0,FALSE,NULL,NULL)',
    ].join('\r\n');
    const rows = parseScript(text).get('T')!.rows;
    expect(rows[0].values).to.deep.equal([
      1,
      "L'HÔTE, café (bio)",
      -12,
      true,
      '2025-02-13',
      '2025-02-14 18:00:00.000000',
    ]);
    expect(rows[1].values).to.deep.equal([2, null, 0, false, null, null]);
    expect(rows.map((r) => r.line)).to.deep.equal([2, 3]);
  });

  it('ignores the rows of the SYSTEM_LOBS schema', () => {
    const text = [
      CREATE,
      'SET SCHEMA SYSTEM_LOBS',
      'INSERT INTO BLOCKS VALUES(0,2147483647,0)',
      'SET SCHEMA PUBLIC',
    ].join('\n');
    expect(parseScript(text).get('T')!.rows).to.have.length(0);
  });

  it('refuses an unclosed quote with its line', () => {
    const e = refusedAt([CREATE, "INSERT INTO T VALUES(1,'ouvert,0,TRUE,NULL,NULL)"].join('\n'));
    expect(e.line).to.equal(2);
    expect(e.message).to.contain('Ligne 2').and.contain('apostrophes');
  });

  it('refuses a row with the wrong number of values, an unknown table and a broken escape, each with its line', () => {
    expect(refusedAt([CREATE, "INSERT INTO T VALUES(1,'a',2)"].join('\n')).message)
      .to.contain('Ligne 2')
      .and.contain('3 valeurs pour les 6 colonnes');
    expect(refusedAt(['', CREATE, 'INSERT INTO U VALUES(1)'].join('\n')).message)
      .to.contain('Ligne 3')
      .and.contain('U');
    expect(refusedAt([CREATE, "INSERT INTO T VALUES(1,'\\u00z',2,TRUE,NULL,NULL)"].join('\n')).line).to.equal(2);
    expect(refusedAt([CREATE, 'INSERT INTO T VALUES(1,abc,2,TRUE,NULL,NULL)'].join('\n')).message).to.contain('abc');
  });

  it('reads both versions of the season alike, whatever their column order', () => {
    for (const v of ['V045', 'V025'] as const) {
      const users = parseScript(scriptFor(v, undefined, { crlf: v === 'V025' })).get('UTILISATEUR')!;
      const row = users.rows[0].values;
      expect(row[users.columns.indexOf('PRENOM')]).to.equal('Léa');
      expect(row[users.columns.indexOf('EMAIL')]).to.equal('lea.martin@exemple.fr');
    }
  });
});

describe('AmapJ import: the backup archive', () => {
  const refused = (file: Buffer) => {
    try {
      readAmapjBackup(file);
    } catch (e) {
      expect(e).to.be.instanceOf(ArchiveError);
      return (e as Error).message;
    }
    throw new Error('the archive was accepted');
  };

  it('opens AmapJ’s .tar.gz and finds amap1.script beside amap1.properties', () => {
    const b = readAmapjBackup(backupFor('V045'));
    expect(b.dbName).to.equal('amap1');
    expect(b.script).to.contain('CREATE MEMORY TABLE PUBLIC.UTILISATEUR(');
    expect(b.sha256).to.match(/^[0-9a-f]{64}$/);
  });

  it('refuses a truncated archive, a file that is not gzip, and a foreign archive', () => {
    const full = backupFor('V045');
    expect(refused(full.subarray(0, Math.floor(full.length / 2)))).to.contain('incomplète');
    const tarOnly = tar([
      { name: 'amap1.properties', body: PROPERTIES },
      { name: 'amap1.script', body: scriptFor('V045') },
    ]);
    expect(refused(gzipSync(tarOnly.subarray(0, 1500)))).to.contain('coupé');
    expect(refused(Buffer.from('nom;prénom\nMartin;Léa\n'))).to.contain('.tar.gz');
    expect(refused(gzipSync(tar([{ name: 'photos/vacances.jpg', body: 'xx' }])))).to.contain('.script');
    expect(refused(gzipSync(tar([{ name: 'amap1.script', body: 'x' }])))).to.contain('amap1.properties');
    expect(refused(gzipSync(Buffer.alloc(600, 7)))).to.contain('tar');
  });
});

describe('AmapJ import: cheque comments and ABOINFO', () => {
  it('keeps the number, the bank and the rest as a note', () => {
    expect(chequeDetails(['Crédit Agricole', 'n° 1234567', '', ''])).to.deep.equal({
      bank: 'Crédit Agricole',
      number: '1234567',
      note: null,
    });
    expect(chequeDetails(['donnera en mars', 'LBP'])).to.deep.equal({
      bank: 'LBP',
      number: null,
      note: 'donnera en mars',
    });
  });

  it('decodes jokers and carry-overs from Base64 + gzip + Gson JSON', () => {
    const value = aboInfo([
      { date: 'Feb 20, 2025, 12:00:00 AM', status: 'JOKER' },
      { date: 'Mar 6, 2025 12:00:00 AM', status: 'REPORT', reportDateDestination: 'Mar 13, 2025 12:00:00 AM' },
      { date: 'Feb 13, 2025 12:00:00 AM', status: 'FORCED_TO_0' },
    ]);
    expect(decodeAboInfo(value)).to.deep.equal([
      { on: '2025-02-20', carriedTo: null },
      { on: '2025-03-06', carriedTo: '2025-03-13' },
    ]);
  });
});
