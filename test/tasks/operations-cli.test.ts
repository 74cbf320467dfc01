import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../server/cli.js';
import { openDatabase } from '../../server/db/client.js';
import { runDoctor } from '../../server/features/operations/doctor.js';

/** A data directory and a config file of their own, as `npm run amap` would read them. */
function installation(config: Record<string, unknown> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-ops-cli-'));
  const file = path.join(dir, 'amap.config.json');
  fs.writeFileSync(file, JSON.stringify({ amap: { name: 'AMAP du Test' }, ...config }));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { mode: 0o750 });
  fs.chmodSync(data, 0o750);
  const env = { AMAP_CONFIG: file, DATA_DIR: data };
  return {
    dir,
    data,
    env,
    async cli(...argv: string[]) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), env });
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    members(n: number) {
      const db = openDatabase(path.join(data, 'amap.sqlite'));
      const insert = db.$client.prepare(
        `insert into members (first_name, last_name, created_at, updated_at) values ('Léa', 'Martin', 'x', 'x')`,
      );
      for (let i = 0; i < n; i++) insert.run();
      const count = db.$client.prepare('select count(*) from members').pluck().get() as number;
      db.$client.close();
      return count;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

describe('npm run amap -- backup / restore / doctor', () => {
  let i: ReturnType<typeof installation>;
  afterEach(() => i.cleanup());

  it('backup --to FILE prints the file, its size, the duration and the check; restore puts it back and says what it restored', async () => {
    i = installation();
    i.members(3);
    const to = path.join(i.dir, 'copie.sqlite.gz');
    const b = await i.cli('backup', '--to', to);
    expect(b.err).to.equal('');
    expect(b.code).to.equal(0);
    expect(b.out).to.match(
      new RegExp(
        `^Sauvegarde : ${to}\\nTaille : .+ \\(base de .+\\), durée : \\d+,\\d\\u00a0s\\nVérification : réussie`,
      ),
    );
    expect(i.members(2)).to.equal(5);

    const r = await i.cli('restore', to);
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/^Restauré : la sauvegarde du \d\d\/\d\d\/\d{4} à \d\d:\d\d \(manual\)/);
    expect(r.out).to.match(/L’ancienne base est gardée dans .+-pre-restore\.sqlite\.gz\./);
    expect(r.out).to.match(/\n {2}members +3\n/);
    expect(i.members(0)).to.equal(3);
  });

  it('restore refuses a damaged file with exit code 1 and says the database was not touched', async () => {
    i = installation();
    i.members(1);
    const to = path.join(i.dir, 'copie.sqlite.gz');
    await i.cli('backup', '--to', to);
    fs.truncateSync(to, 100);
    const r = await i.cli('restore', to);
    expect(r.code).to.equal(1);
    expect(r.err).to.contain('Sauvegarde refusée, la base actuelle n’a pas été touchée').and.contain('tronqué');
  });

  it('restore without a file is a usage error', async () => {
    i = installation();
    const r = await i.cli('restore');
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('Il faut le fichier de la sauvegarde');
  });

  it('doctor: one line per check, what to do for each problem, exit code 1', async () => {
    i = installation({ server: { baseUrl: 'http://amap.exemple.org' } });
    i.members(1);
    fs.chmodSync(i.data, 0o755);
    const r = await i.cli('doctor');
    expect(r.code).to.equal(1);
    expect(r.out).to.match(/^ok {8}Configuration lue \(AMAP du Test/);
    expect(r.out).to.contain('PROBLÈME  server.baseUrl est en http');
    expect(r.out).to.contain(
      `PROBLÈME  Le dossier des données est lisible par tous (droits 755) : chmod 750 ${i.data}.`,
    );
    expect(r.out).to.contain('ok        Base intègre');
    expect(r.out).to.contain('à savoir  Aucune sauvegarde vérifiée');
    expect(r.out).to.match(/\n2 problème\(s\) à régler\.$/);
  });

  it('doctor reports an SMTP server that refuses, and a config it cannot read', async () => {
    i = installation({ mail: { smtpUrl: 'smtp://localhost:2525' } });
    const findings = await runDoctor(i.env, {
      smtp: async () => {
        throw new Error('Invalid login: 535 Authentication failed');
      },
    });
    expect(findings.find((f) => f.text.includes('SMTP'))).to.deep.equal({
      level: 'problem',
      text: 'Le serveur SMTP refuse ou ne répond pas (Invalid login: 535 Authentication failed) : vérifiez SMTP_URL (hôte, port, identifiant, mot de passe encodé).',
    });
    fs.writeFileSync(i.env.AMAP_CONFIG, JSON.stringify({ timezone: 'Mars/Olympus' }));
    const bad = await i.cli('doctor');
    expect(bad.code).to.equal(1);
    expect(bad.out).to.contain('PROBLÈME  Configuration : timezone : fuseau horaire inconnu');
  });
});
