import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../server/cli.js';
import { openDatabase } from '../../server/db/client.js';
import { members } from '../../server/db/schema/index.js';
import { backupFor, scriptFor } from './amapj-fixture.js';

describe('npm run amap -- import-amapj', () => {
  let dir: string;
  let env: Record<string, string>;
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const memberCount = () => {
    const db = openDatabase(path.join(dir, 'data', 'amap.sqlite'));
    try {
      return db.select().from(members).all().length;
    } finally {
      db.$client.close();
    }
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-amapj-'));
    fs.writeFileSync(path.join(dir, 'amap.config.json'), JSON.stringify({ amap: { name: 'AMAP du Test' } }));
    env = { AMAP_CONFIG: path.join(dir, 'amap.config.json'), DATA_DIR: path.join(dir, 'data') };
    fs.writeFileSync(path.join(dir, 'amap1.tar.gz'), backupFor('V045'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the preview with --dry-run and writes nothing, then imports and prints the report', async () => {
    const file = path.join(dir, 'amap1.tar.gz');
    const dry = await cli('import-amapj', file, '--dry-run');
    expect(dry.code, dry.err).to.equal(0);
    expect(dry.out).to.match(/\s5 {2}membres nouveaux/);
    expect(dry.out).to.contain('1 absence AmapJ non reprise').and.contain('rien n’a été écrit');
    expect(dry.out).to.contain('attention (ligne');
    expect(memberCount()).to.equal(0);

    const real = await cli('import-amapj', file);
    expect(real.code, real.err).to.equal(0);
    expect(real.out).to.contain('Import fait.').and.contain('Aucune différence.');
    expect(real.out).to.match(/LÉGUMES : 3 → 3 contrats signés, total 165,00\s€ → 165,00\s€/);
    expect(memberCount()).to.equal(5);

    const again = await cli('import-amapj', file);
    expect(again.code).to.equal(1);
    expect(again.out).to.contain('déjà été importé');
    expect(memberCount()).to.equal(5);
  });

  it('refuses a malformed file with the line concerned, and a missing argument with the usage', async () => {
    const broken = scriptFor('V025').replace("VALUES(20,'le panier'", "VALUES(20,'le panier");
    fs.writeFileSync(path.join(dir, 'broken.tar.gz'), backupFor('V025', broken));
    const res = await cli('import-amapj', path.join(dir, 'broken.tar.gz'));
    expect(res.code).to.equal(1);
    expect(res.err).to.match(/^Ligne \d+ du fichier \.script/);
    expect((await cli('import-amapj')).code).to.equal(2);
  });
});
