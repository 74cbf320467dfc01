/**
 * Writing one of the settings edited in the app (the `settings` table: key → JSON value). Every
 * feature that keeps a setting stores it here, so the format stays one; reading, defaults and the
 * audit entry are each feature's own.
 */
import { settings } from './schema/index.js';
import type { Db } from './client.js';

export function writeSetting(db: Db, key: string, value: unknown, now: string): void {
  const json = JSON.stringify(value);
  db.insert(settings)
    .values({ key, value: json, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value: json, updatedAt: now } })
    .run();
}
