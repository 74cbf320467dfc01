import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The file a running server (or a restore) leaves in the data directory, so that a restore never
 * replaces the database under a server that holds it open, and two servers never share one data
 * directory. It names the process and the machine (a container has its own): a pid alone means
 * nothing on another host.
 */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  /** "serveur" or "restauration". */
  by: string;
}

export function lockPath(dataPath: string): string {
  return path.join(dataPath, 'amap.lock');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataPath: string): LockHolder | null {
  try {
    const l = JSON.parse(fs.readFileSync(lockPath(dataPath), 'utf8')) as LockHolder;
    return typeof l.pid === 'number' ? l : null;
  } catch {
    return null;
  }
}

export type LockState =
  | { state: 'free' }
  /** Left by a process that no longer runs (a crash, a killed container): safe to take. */
  | { state: 'stale'; holder: LockHolder }
  | { state: 'held'; holder: LockHolder }
  /** Written on another machine or container: whether it still runs cannot be known from here. */
  | { state: 'elsewhere'; holder: LockHolder };

export function lockState(dataPath: string): LockState {
  const holder = readLock(dataPath);
  if (!holder) return { state: 'free' };
  if (holder.hostname !== os.hostname()) return { state: 'elsewhere', holder };
  if (holder.pid === process.pid || !alive(holder.pid)) return { state: 'stale', holder };
  return { state: 'held', holder };
}

export function writeLock(dataPath: string, by: string, now: Date): void {
  fs.mkdirSync(dataPath, { recursive: true });
  const holder: LockHolder = { pid: process.pid, hostname: os.hostname(), startedAt: now.toISOString(), by };
  fs.writeFileSync(lockPath(dataPath), JSON.stringify(holder) + '\n', { mode: 0o600 });
}

/** Removes the lock if it is this process's (a restore must not remove a server's lock, nor the reverse). */
export function releaseLock(dataPath: string): void {
  const holder = readLock(dataPath);
  if (holder && holder.pid === process.pid && holder.hostname === os.hostname())
    fs.rmSync(lockPath(dataPath), { force: true });
}

/** "le serveur (pid 1234, démarré le 2026-11-28T10:00:00.000Z)". */
export function describeHolder(h: LockHolder): string {
  return `${h.by === 'restauration' ? 'une restauration' : 'le serveur'} (pid ${h.pid} sur ${h.hostname}, depuis ${h.startedAt})`;
}
