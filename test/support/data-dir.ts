import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../server/db/client.js';
import type { AmapConfig } from '../../server/config.js';
import { createCtx, type Ctx } from '../../server/lib/context.js';
import { testConfig } from './app.js';
import { TestClock } from './clock.js';

/**
 * A data directory of its own under the system's temporary directory (never the project's
 * ./data), with a config pointing at it, for what works on real files: backups, restore, lock.
 */
export interface DataDir {
  dir: string;
  config: AmapConfig;
  dbFile: string;
  backups: string;
  clock: TestClock;
  /** Opens (and migrates) the database file; closed by cleanup(). */
  open(): Ctx;
  cleanup(): void;
}

export function makeDataDir(raw: Record<string, unknown> = {}): DataDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-ops-'));
  const config: AmapConfig = { ...testConfig(raw), dataPath: dir };
  const clock = new TestClock();
  const opened: Db[] = [];
  return {
    dir,
    config,
    dbFile: path.join(dir, 'amap.sqlite'),
    backups: path.join(dir, 'backups'),
    clock,
    open() {
      const db = openDatabase(path.join(dir, 'amap.sqlite'));
      opened.push(db);
      return createCtx(db, config, clock.now);
    },
    cleanup() {
      for (const db of opened) if (db.$client.open) db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
