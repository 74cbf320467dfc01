import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index.js';
import { migrationsDir } from '../lib/paths.js';
import { convertLegacyAttachments } from '../features/mail/legacy-attachments.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Sets the pragmas the app relies on, on any connection that writes. */
export function applyPragmas(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
}

/**
 * Opens (creating if needed) the SQLite file, sets the pragmas the app relies on and applies
 * pending migrations (and the one data step SQL cannot do, see convertLegacyAttachments).
 * `:memory:` gives a fresh database, as the tests use. The server takes a backup before this
 * when migrations are pending (features/operations/database-open.ts).
 */
export function openDatabase(file: string, options: { migrationsFolder?: string } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  applyPragmas(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: options.migrationsFolder ?? migrationsDir });
  convertLegacyAttachments(db);
  return db;
}

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/** The migrations shipped with this version of the code, oldest first (drizzle's journal). */
export function shippedMigrations(folder = migrationsDir): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return [...journal.entries].sort((a, b) => a.when - b.when);
}

/**
 * What migrate() would apply to this database, read without changing it. Drizzle applies the
 * journal's entries newer than the last one recorded in __drizzle_migrations; a database without
 * that table (a new file) has everything pending and nothing applied.
 */
export function migrationState(
  sqlite: Database.Database,
  folder = migrationsDir,
): { applied: number; pending: string[] } {
  const shipped = shippedMigrations(folder);
  const table = sqlite
    .prepare(`select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'`)
    .get();
  if (!table) return { applied: 0, pending: shipped.map((m) => m.tag) };
  const row = sqlite.prepare('select count(*) as n, max(created_at) as last from __drizzle_migrations').get() as {
    n: number;
    last: number | null;
  };
  const last = row.last ?? -Infinity;
  return { applied: row.n, pending: shipped.filter((m) => m.when > Number(last)).map((m) => m.tag) };
}
