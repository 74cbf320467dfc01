import { expect } from 'chai';
import { backupRetention, type BackupEntry } from '../../server/domain/backup-retention.js';

/** One nightly backup per day from `from` to `to` (inclusive), taken at 03:30 UTC. */
function nightly(from: string, to: string, failed: string[] = []): BackupEntry[] {
  const out: BackupEntry[] = [];
  for (let t = Date.parse(`${from}T03:30:00Z`); t <= Date.parse(`${to}T03:30:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({
      name: `amap-${day}-nightly`,
      takenAt: new Date(t).toISOString(),
      takenOn: day,
      kind: 'nightly',
      ok: !failed.includes(day),
    });
  }
  return out;
}

describe('backup retention', () => {
  const today = '2027-03-10';

  it('keeps the last N, then the newest of each month for a year, and removes the rest', () => {
    const entries = nightly('2025-12-01', today);
    const { keep, remove } = backupRetention(entries, { keep: 5, today });
    expect(keep).to.deep.equal([
      // the last five nights
      'amap-2027-03-10-nightly',
      'amap-2027-03-09-nightly',
      'amap-2027-03-08-nightly',
      'amap-2027-03-07-nightly',
      'amap-2027-03-06-nightly',
      // then the last backup of each month, back to March 2026 (a year before the 10th: 2026-03-10 is out)
      'amap-2027-02-28-nightly',
      'amap-2027-01-31-nightly',
      'amap-2026-12-31-nightly',
      'amap-2026-11-30-nightly',
      'amap-2026-10-31-nightly',
      'amap-2026-09-30-nightly',
      'amap-2026-08-31-nightly',
      'amap-2026-07-31-nightly',
      'amap-2026-06-30-nightly',
      'amap-2026-05-31-nightly',
      'amap-2026-04-30-nightly',
      'amap-2026-03-31-nightly',
    ]);
    expect(keep.length + remove.length).to.equal(entries.length);
    expect(remove).to.include('amap-2026-03-10-nightly');
    expect(remove).to.include('amap-2026-02-28-nightly');
    expect(remove).to.include('amap-2027-03-05-nightly');
  });

  it('never lets failed backups push the good ones out, and drops failures older than the last N files', () => {
    const entries = nightly('2027-02-20', today, ['2027-03-10', '2027-03-09', '2027-03-08', '2027-02-25']);
    const { keep } = backupRetention(entries, { keep: 3, today });
    expect(keep).to.deep.equal([
      'amap-2027-03-10-nightly', // recent failures stay visible
      'amap-2027-03-09-nightly',
      'amap-2027-03-08-nightly',
      'amap-2027-03-07-nightly', // the three newest good ones
      'amap-2027-03-06-nightly',
      'amap-2027-03-05-nightly',
      'amap-2027-02-28-nightly', // February's last
    ]);
  });

  it('always keeps the newest backup taken before a migration and before a restore', () => {
    const entries: BackupEntry[] = [
      ...nightly('2027-03-01', today),
      { name: 'old-upgrade', takenAt: '2025-06-01T10:00:00Z', takenOn: '2025-06-01', kind: 'pre-migration', ok: true },
      {
        name: 'older-upgrade',
        takenAt: '2025-05-01T10:00:00Z',
        takenOn: '2025-05-01',
        kind: 'pre-migration',
        ok: true,
      },
      { name: 'restore', takenAt: '2024-01-01T10:00:00Z', takenOn: '2024-01-01', kind: 'pre-restore', ok: true },
    ];
    const { keep, remove } = backupRetention(entries, { keep: 2, today });
    expect(keep).to.include.members(['old-upgrade', 'restore']);
    expect(remove).to.include('older-upgrade');
  });

  it('on 29 February counts the year back to 28 February', () => {
    const entries = nightly('2027-02-27', '2027-03-01');
    const { keep } = backupRetention(entries, { keep: 1, today: '2028-02-29' });
    expect(keep).to.deep.equal(['amap-2027-03-01-nightly']);
  });

  it('keeps everything when there are fewer backups than N', () => {
    const entries = nightly('2027-03-08', today);
    expect(backupRetention(entries, { keep: 14, today }).remove).to.deep.equal([]);
  });
});
