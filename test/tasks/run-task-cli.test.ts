import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../server/cli.js';
import { openDatabase } from '../../server/db/client.js';
import { taskRuns } from '../../server/db/schema/index.js';
import { enqueueMail } from '../../server/features/mail/outbox.service.js';
import { todayIn } from '../../server/lib/today.js';
import { startSmtpServer } from '../support/smtp.js';

/** A data directory and a config file of their own, as `npm run amap` would read them. */
function installation(extraEnv: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-cli-'));
  const config = path.join(dir, 'amap.config.json');
  fs.writeFileSync(
    config,
    JSON.stringify({ amap: { name: 'AMAP du Test' }, mail: { from: 'AMAP <amap@exemple.fr>' } }),
  );
  const env = { AMAP_CONFIG: config, DATA_DIR: path.join(dir, 'data'), ...extraEnv };
  const dbFile = path.join(dir, 'data', 'amap.sqlite');
  return {
    dbFile,
    /** Runs the CLI; what it printed on stdout and stderr. */
    async cli(...argv: string[]) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), env });
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    /** Opens the database the CLI used, for the test to read or prepare. */
    withDb<T>(fn: (db: ReturnType<typeof openDatabase>) => T): T {
      const db = openDatabase(dbFile);
      try {
        return fn(db);
      } finally {
        db.$client.close();
      }
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

type Installation = ReturnType<typeof installation>;

const runs = (i: Installation) => i.withDb((db) => db.select().from(taskRuns).orderBy(taskRuns.id).all());

describe('npm run amap -- run-task', () => {
  let i: Installation;
  afterEach(() => i.cleanup());

  it('runs send-outbox by hand, prints what it did and leaves a task-log line for today', async () => {
    i = installation();
    const r = await i.cli('run-task', 'send-outbox');
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(
      /^send-outbox \(\S+ .+ \d{4}\) : Pas de serveur SMTP configuré \(SMTP_URL\) : rien envoyé\.$/,
    );
    const [line, ...more] = runs(i);
    expect(more).to.deep.equal([]);
    expect(line).to.deep.include({
      task: 'send-outbox',
      trigger: 'cli',
      status: 'ok',
      today: todayIn('Europe/Paris', new Date(line.startedAt)),
      summary: 'Pas de serveur SMTP configuré (SMTP_URL) : rien envoyé.',
    });
  });

  it('sends the queued mails through the configured SMTP server (send-mails is the same command)', async () => {
    const smtp = await startSmtpServer();
    try {
      i = installation({ SMTP_URL: smtp.url });
      i.withDb((db) =>
        enqueueMail(
          { db, clock: () => new Date(Date.now() - 1000) },
          {
            to: { address: 'lea@exemple.fr' },
            subject: 'Bienvenue',
            text: 'Bonjour Léa',
            html: '<p>Bonjour Léa</p>',
            essential: true,
          },
        ),
      );
      const r = await i.cli('send-mails');
      expect(r.code, r.err).to.equal(0);
      expect(r.out).to.match(/send-outbox \(.+\) : 1 mail envoyé, 0 échec\.$/);
      expect(smtp.received).to.have.length(1);
      expect(smtp.received[0]).to.contain('Subject: Bienvenue');
      expect(runs(i).map((l) => [l.task, l.trigger, l.summary])).to.deep.equal([
        ['send-outbox', 'cli', '1 mail envoyé, 0 échec.'],
      ]);
    } finally {
      await smtp.close();
    }
  });

  it('runs a task for the day given with --date (purge is the same as run-task purge)', async () => {
    i = installation();
    const r = await i.cli('run-task', 'purge', '--date', '2026-12-03');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.equal('purge (jeudi 3 décembre 2026) : 0 session supprimée, 0 lien supprimé.');
    expect((await i.cli('purge', '--date', '2027-01-01')).code).to.equal(0);
    expect(runs(i).map((l) => [l.task, l.today, l.trigger])).to.deep.equal([
      ['purge', '2026-12-03', 'cli'],
      ['purge', '2027-01-01', 'cli'],
    ]);
  });

  it('lists the tasks without a name, and with an unknown one (exit code 2), opening no database', async () => {
    i = installation();
    const list = await i.cli('run-task');
    expect(list.code).to.equal(0);
    expect(list.out).to.contain('Tâches :').and.contain('send-outbox').and.contain('purge');
    expect(list.out).to.contain('envoie les mails en attente');
    const unknown = await i.cli('run-task', 'send-mail');
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.contain('Tâche inconnue : send-mail').and.contain('send-outbox');
    expect(fs.existsSync(i.dbFile)).to.equal(false);
  });

  it('refuses a date that is not a real YYYY-MM-DD day, in French, with exit code 1 and nothing run', async () => {
    i = installation();
    for (const date of ['2027-02-31', '03/12/2026', '2026-12-3', 'demain']) {
      const r = await i.cli('run-task', 'purge', '--date', date);
      expect(r.code, date).to.equal(1);
      expect(r.err, date).to.equal(
        `Date invalide : « ${date} ». Écrivez-la AAAA-MM-JJ, par exemple --date 2026-12-03.`,
      );
    }
    expect(fs.existsSync(i.dbFile)).to.equal(false);
  });

  it('says that a task failed, with its error, exits with 1 and leaves an error line in the log', async () => {
    i = installation();
    i.withDb((db) => db.$client.exec('DROP TABLE password_tokens'));
    const r = await i.cli('run-task', 'purge', '--date', '2026-12-03');
    expect(r.code).to.equal(1);
    expect(r.err).to.contain('purge (jeudi 3 décembre 2026) a échoué').and.contain('no such table: password_tokens');
    expect(runs(i).map((l) => [l.task, l.status])).to.deep.equal([['purge', 'error']]);
  });

  it('explains run-task in the help', async () => {
    i = installation();
    const r = await i.cli('help');
    expect(r.out).to.contain('run-task NOM [--date AAAA-MM-JJ]').and.contain('journal des tâches');
  });
});
