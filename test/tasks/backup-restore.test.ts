import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { makeDataDir, type DataDir } from '../support/data-dir.js';
import { createBackup } from '../../server/features/operations/backup-create.js';
import { readManifest, writeManifest } from '../../server/features/operations/backup-manifest.js';
import { restoreBackup, RestoreRefused } from '../../server/features/operations/restore.js';
import { lockPath, writeLock } from '../../server/features/operations/server-lock.js';
import type { Ctx } from '../../server/lib/context.js';

/** Rows of a table, in id order: what "identical" means below. */
function rows(sqlite: Database.Database, table = 'audit_log'): unknown[] {
  return sqlite.prepare(`select * from ${table} order by id`).all();
}

/** Enough rows to make a copy take many steps of the backup API (a few hundred pages). */
function fill(ctx: Ctx, n: number): void {
  const insert = ctx.db.$client.prepare(
    `insert into audit_log (action, target_type, target_id, details, created_at) values ('test.row', 'member', ?, ?, ?)`,
  );
  ctx.db.$client.transaction(() => {
    for (let i = 0; i < n; i++)
      insert.run(i, JSON.stringify({ text: `ligne ${i} `.repeat(40) }), '2026-11-28T10:00:00Z');
  })();
}

async function restoreError(d: DataDir, file: string): Promise<string> {
  try {
    await restoreBackup(d.config, d.dbFile, file, d.clock.now);
  } catch (e) {
    expect(e).to.be.instanceOf(RestoreRefused);
    return (e as Error).message;
  }
  throw new Error('the restore was expected to be refused');
}

describe('backup and restore', () => {
  let d: DataDir;
  afterEach(() => d.cleanup());

  it('copies a database under concurrent writes as it was at the moment of the copy, and restores it identical', async () => {
    d = makeDataDir();
    const ctx = d.open();
    fill(ctx, 3000);
    const atTheMoment = rows(ctx.db.$client);
    const sqlite = ctx.db.$client;
    const insert = sqlite.prepare(
      `insert into audit_log (action, details, created_at) values ('written.during', '{}', '2026-11-28T10:00:01Z')`,
    );
    const update = sqlite.prepare(`update audit_log set action = 'changed.during' where id = ?`);

    const copy = createBackup(sqlite, path.join(d.backups, 'during.sqlite.gz'), {
      kind: 'manual',
      clock: d.clock.now,
      pagesPerStep: 8,
    });
    let writes = 0;
    let done = false;
    void copy.finally(() => (done = true));
    while (!done) {
      await new Promise((r) => setImmediate(r));
      insert.run();
      update.run(1 + (writes % 3000));
      writes++;
    }
    const result = await copy;

    expect(writes, 'writes made while the copy ran').to.be.greaterThan(10);
    expect(result.check).to.include({ ok: true });
    expect(result.manifest.tables.audit_log).to.equal(3000);
    expect(rows(sqlite)).to.have.length(3000 + writes);

    ctx.db.$client.close();
    await restoreBackup(d.config, d.dbFile, result.file, d.clock.now);
    const restored = new Database(d.dbFile, { readonly: true });
    try {
      expect(rows(restored)).to.deep.equal(atTheMoment);
    } finally {
      restored.close();
    }
  });

  it('restores: keeps a verified copy of the replaced database, applies nothing when up to date, says what it restored', async () => {
    d = makeDataDir();
    const ctx = d.open();
    fill(ctx, 5);
    const backup = await createBackup(ctx.db.$client, path.join(d.backups, 'five.sqlite.gz'), {
      kind: 'manual',
      clock: d.clock.now,
    });
    fill(ctx, 7);
    ctx.db.$client.close();

    const report = await restoreBackup(d.config, d.dbFile, backup.file, d.clock.now);
    expect(report.tables.audit_log).to.equal(5);
    expect(report.migrated).to.deep.equal([]);
    expect(report.manifest.createdAt).to.equal(backup.manifest.createdAt);
    expect(report.previous).to.match(/-pre-restore\.sqlite\.gz$/);
    expect(report.previousOk).to.equal(true);
    expect(readManifest(report.previous!)!.tables.audit_log).to.equal(12);
    expect(fs.existsSync(lockPath(d.dir)), 'the lock is released').to.equal(false);
  });

  describe('refuses a backup that fails its check, and leaves the database as it was', () => {
    let file: string;
    let before: unknown[];

    beforeEach(async () => {
      d = makeDataDir();
      const ctx = d.open();
      fill(ctx, 200);
      file = (
        await createBackup(ctx.db.$client, path.join(d.backups, 'b.sqlite.gz'), { kind: 'manual', clock: d.clock.now })
      ).file;
      fill(ctx, 1);
      before = rows(ctx.db.$client);
      ctx.db.$client.close();
    });

    afterEach(() => {
      const sqlite = new Database(d.dbFile, { readonly: true });
      try {
        expect(rows(sqlite)).to.deep.equal(before);
      } finally {
        sqlite.close();
      }
      expect(
        fs.readdirSync(d.backups).filter((f) => f.includes('pre-restore')),
        'no copy taken',
      ).to.deep.equal([]);
    });

    it('truncated', async () => {
      fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
      expect(await restoreError(d, file)).to.contain('tronqué');
    });

    it('with a byte changed', async () => {
      const bytes = fs.readFileSync(file);
      bytes[Math.floor(bytes.length / 2)] ^= 0xff;
      fs.writeFileSync(file, bytes);
      expect(await restoreError(d, file)).to.contain('somme de contrôle différente');
    });

    it('without its manifest', async () => {
      fs.rmSync(`${file}.json`);
      expect(await restoreError(d, file)).to.contain('manifeste introuvable');
    });

    it('whose copy is not a SQLite database, even with a matching checksum', async () => {
      const garbage = gzipSync(Buffer.alloc(64 * 1024, 7));
      fs.writeFileSync(file, garbage);
      const m = readManifest(file)!;
      writeManifest(file, { ...m, size: garbage.length, sha256: createHash('sha256').update(garbage).digest('hex') });
      expect(await restoreError(d, file)).to.contain('ne s’ouvre pas comme une base SQLite');
    });

    it('whose copy holds fewer rows than the database had at the moment of the copy', async () => {
      const m = readManifest(file)!;
      writeManifest(file, { ...m, tables: { ...m.tables, audit_log: 201 } });
      expect(await restoreError(d, file)).to.contain(
        'table audit_log : 201 lignes au moment de la copie, 200 dans la copie',
      );
    });

    it('while a server holds the data directory (a live process on this machine)', async () => {
      const holder = { pid: process.ppid, hostname: os.hostname(), startedAt: '2026-11-28T09:00:00Z', by: 'serveur' };
      fs.writeFileSync(lockPath(d.dir), JSON.stringify(holder));
      expect(await restoreError(d, file))
        .to.contain(`pid ${process.ppid}`)
        .and.contain('arrêtez le serveur d’abord');
      fs.rmSync(lockPath(d.dir));
    });
  });

  it('goes ahead over a lock left by a process that no longer runs', async () => {
    d = makeDataDir();
    const ctx = d.open();
    fill(ctx, 3);
    const { file } = await createBackup(ctx.db.$client, path.join(d.backups, 'b.sqlite.gz'), {
      kind: 'manual',
      clock: d.clock.now,
    });
    ctx.db.$client.close();
    writeLock(d.dir, 'serveur', d.clock.now());
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const lock = JSON.parse(fs.readFileSync(lockPath(d.dir), 'utf8'));
    fs.writeFileSync(lockPath(d.dir), JSON.stringify({ ...lock, pid: dead }));
    const report = await restoreBackup(d.config, d.dbFile, file, d.clock.now);
    expect(report.tables.audit_log).to.equal(3);
  });
});
