/**
 * Which backups to keep (issue 12, "Backups"): the newest `keep` good ones, and beyond them the
 * newest good backup of each month for a year, so a mistake noticed in March can still be undone
 * from a January copy. A failed backup proves nothing: it is kept only while it is among the
 * `keep` newest files (so the page shows recent failures), and never counts as one of the good
 * ones. The newest backup taken before a migration or a restore is always kept: it is how an
 * upgrade or a restore is undone. Pure: "today" and each backup's local day are given.
 */

export type BackupKind = 'nightly' | 'manual' | 'pre-migration' | 'pre-restore';

export interface BackupEntry {
  name: string;
  /** The moment of the copy (ISO), to order the backups. */
  takenAt: string;
  /** The day of the copy in the AMAP's timezone (YYYY-MM-DD), to group them by month. */
  takenOn: string;
  kind: BackupKind;
  /** The copy passed its check (integrity and row counts). */
  ok: boolean;
}

export interface RetentionDecision {
  keep: string[];
  remove: string[];
}

/** The day one year before `day` ("2027-03-10" → "2026-03-10"; 29 February → 28 February). */
function oneYearBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${y - 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export function backupRetention(
  entries: readonly BackupEntry[],
  rule: { keep: number; today: string },
): RetentionDecision {
  const newestFirst = [...entries].sort((a, b) => b.takenAt.localeCompare(a.takenAt) || b.name.localeCompare(a.name));
  const kept = new Set<string>();
  const good = newestFirst.filter((e) => e.ok);
  for (const e of good.slice(0, rule.keep)) kept.add(e.name);

  const yearAgo = oneYearBefore(rule.today);
  const months = new Set<string>();
  for (const e of good) {
    if (e.takenOn <= yearAgo) continue;
    const month = e.takenOn.slice(0, 7);
    if (months.has(month)) continue;
    months.add(month);
    kept.add(e.name);
  }

  for (const e of newestFirst.slice(0, rule.keep)) if (!e.ok) kept.add(e.name);

  for (const kind of ['pre-migration', 'pre-restore'] as const) {
    const newest = newestFirst.find((e) => e.kind === kind);
    if (newest) kept.add(newest.name);
  }

  return {
    keep: newestFirst.filter((e) => kept.has(e.name)).map((e) => e.name),
    remove: newestFirst.filter((e) => !kept.has(e.name)).map((e) => e.name),
  };
}
