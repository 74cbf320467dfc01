import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeDataDir, type DataDir } from '../support/data-dir.js';
import { createAdmin, createMember, outboxMails } from '../support/factories.js';
import { DAY } from '../support/clock.js';
import { openDatabase, shippedMigrations } from '../../server/db/client.js';
import { taskRuns } from '../../server/db/schema/index.js';
import { runTask } from '../../server/jobs/task-log.js';
import { listBackups } from '../../server/features/operations/backup-store.js';
import { readManifest } from '../../server/features/operations/backup-manifest.js';
import { OpenRefused, openForServer } from '../../server/features/operations/database-open.js';
import { restoreBackup } from '../../server/features/operations/restore.js';
import { lockPath } from '../../server/features/operations/server-lock.js';
import { migrationsDir } from '../../server/lib/paths.js';
import type { Ctx } from '../../server/lib/context.js';

const noTransport = { transport: null };

/** The migrations folder of an older version of the code: the journal's first `n` entries. */
function olderVersion(n: number): { folder: string; cleanup: () => void } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-old-migrations-'));
  fs.cpSync(migrationsDir, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
  journal.entries = journal.entries.slice(0, n);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return { folder, cleanup: () => fs.rmSync(folder, { recursive: true, force: true }) };
}

function appliedIn(file: string): number {
  const sqlite = new Database(file, { readonly: true });
  try {
    return sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get() as number;
  } finally {
    sqlite.close();
  }
}

describe('backup before migrations, at start', () => {
  let d: DataDir;
  afterEach(() => d.cleanup());

  it('after an upgrade: a verified copy of the database at its old migration, then the new migrations; the copy undoes it', async () => {
    d = makeDataDir();
    const all = shippedMigrations().length;
    const old = olderVersion(all - 2);
    try {
      const before = openDatabase(d.dbFile, { migrationsFolder: old.folder });
      before.$client.prepare(`insert into settings (key, value, updated_at) values ('x', '1', 'now')`).run();
      before.$client.close();

      const opened = await openForServer(d.dbFile, d.config, d.clock.now);
      opened.db.$client.close();

      expect(opened.pending).to.deep.equal(
        shippedMigrations()
          .slice(-2)
          .map((m) => m.tag),
      );
      expect(opened.backup!.check.ok).to.equal(true);
      const [backup, ...others] = listBackups(d.backups);
      expect(others).to.deep.equal([]);
      expect(backup).to.include({ kind: 'pre-migration', ok: true });
      expect(readManifest(backup.file)!.migrations).to.equal(all - 2);
      expect(appliedIn(d.dbFile)).to.equal(all);

      // Rolling back: the previous version's code restores the copy, which needs no migration.
      fs.rmSync(lockPath(d.dir), { force: true });
      const report = await restoreBackup(d.config, d.dbFile, backup.file, d.clock.now, old.folder);
      expect(report.migrated).to.deep.equal([]);
      expect(report.tables.settings).to.equal(1);
      expect(appliedIn(d.dbFile)).to.equal(all - 2);
    } finally {
      old.cleanup();
    }
  });

  it('takes no backup of a new database, nor of one already up to date', async () => {
    d = makeDataDir();
    (await openForServer(d.dbFile, d.config, d.clock.now)).db.$client.close();
    (await openForServer(d.dbFile, d.config, d.clock.now)).db.$client.close();
    expect(listBackups(d.backups)).to.deep.equal([]);
  });

  it('refuses to start on data a live server holds, and writes the lock it removes at shutdown', async () => {
    d = makeDataDir();
    fs.writeFileSync(
      lockPath(d.dir),
      JSON.stringify({ pid: process.ppid, hostname: os.hostname(), startedAt: 'x', by: 'serveur' }),
    );
    let refused: unknown = null;
    await openForServer(d.dbFile, d.config, d.clock.now).catch((e) => (refused = e));
    expect(refused).to.be.instanceOf(OpenRefused);
    expect((refused as Error).message).to.contain('déjà utilisées');
    expect(fs.existsSync(d.dbFile), 'nothing opened').to.equal(false);

    fs.rmSync(lockPath(d.dir));
    const opened = await openForServer(d.dbFile, d.config, d.clock.now);
    expect(JSON.parse(fs.readFileSync(lockPath(d.dir), 'utf8')).pid).to.equal(process.pid);
    opened.db.$client.close();
  });
});

describe('the backup task', () => {
  let d: DataDir;
  let ctx: Ctx;
  afterEach(() => d.cleanup());

  const lastRun = () => ctx.db.select().from(taskRuns).orderBy(taskRuns.id).all().at(-1)!;

  it('writes a verified backup, logs it, and keeps the last N and one a month', async () => {
    d = makeDataDir({ backup: { keep: 2 } });
    ctx = d.open();
    await createAdmin(ctx);
    d.clock.set('2026-10-20T02:30:00Z');
    for (let night = 0; night < 16; night++) {
      await runTask(ctx, 'backup', { trigger: 'cron', deps: noTransport });
      d.clock.advance(DAY);
    }
    expect(lastRun()).to.include({ task: 'backup', status: 'ok' });
    expect(lastRun().summary).to.match(
      /^Sauvegarde vérifiée : amap-2026-11-04T02-30-00Z-nightly\.sqlite\.gz \(.+\) ; 1 ancienne\(s\) supprimée\(s\)\.$/,
    );
    expect(listBackups(d.backups).map((b) => [b.takenAt.slice(0, 10), b.ok])).to.deep.equal([
      ['2026-11-04', true],
      ['2026-11-03', true],
      ['2026-10-31', true], // October's last
    ]);
    expect(outboxMails(ctx), 'no alert when it works').to.deep.equal([]);
  });

  it('when the copy cannot be made: an error in the task log and a mail to every active administrator', async () => {
    const blocker = path.join(os.tmpdir(), `amap-not-a-dir-${process.pid}`);
    fs.writeFileSync(blocker, 'un fichier à la place du dossier');
    try {
      d = makeDataDir({ backup: { dir: blocker } });
      d.config.backupPath = blocker;
      ctx = d.open();
      const admin = await createAdmin(ctx, { email: 'admin@exemple.fr' });
      await createAdmin(ctx, { email: 'parti@exemple.fr', active: false });
      await createMember(ctx, { email: 'membre@exemple.fr' });
      let thrown: unknown = null;
      await runTask(ctx, 'backup', { trigger: 'cron', deps: noTransport }).catch((e) => (thrown = e));
      expect(thrown).to.be.instanceOf(Error);
      expect(lastRun()).to.include({ task: 'backup', status: 'error' });
      expect(lastRun().error).to.contain('la copie n’a pas pu être faite');
      const mails = outboxMails(ctx);
      expect(mails.map((m) => m.toAddress)).to.deep.equal([admin.email]);
      expect(mails[0].subject).to.equal('Sauvegarde de AMAP de Test : à vérifier');
      expect(mails[0].text).to.contain('la copie n’a pas pu être faite').and.contain('Aucune sauvegarde vérifiée');
      expect(mails[0].text).to.contain('http://amap.test/admin/sauvegardes');

      // A second failure the same day mails nobody again.
      await runTask(ctx, 'backup', { trigger: 'cron', deps: noTransport }).catch(() => undefined);
      expect(outboxMails(ctx)).to.have.length(1);
    } finally {
      fs.rmSync(blocker, { force: true });
    }
  });

  it('the daily check: nothing while the last good backup is recent, a mail once it is older than two days', async () => {
    d = makeDataDir();
    ctx = d.open();
    const admin = await createAdmin(ctx);
    await runTask(ctx, 'backup', { trigger: 'cron', deps: noTransport });
    d.clock.advance(2 * DAY - 60_000);
    const fresh = await runTask(ctx, 'backup-check', { trigger: 'cron', deps: noTransport });
    expect(fresh.idle).to.equal(true);
    expect(outboxMails(ctx)).to.deep.equal([]);

    d.clock.advance(2 * 60_000);
    const stale = await runTask(ctx, 'backup-check', { trigger: 'cron', deps: noTransport });
    expect(stale.idle).to.equal(false);
    expect(stale.summary).to.match(
      /^À vérifier : la dernière sauvegarde vérifiée date du 28\/11\/2026 à 11:00, il y a plus de 2 jours/,
    );
    expect(outboxMails(ctx).map((m) => m.toAddress)).to.deep.equal([admin.email]);
  });
});
