/** 1 234 567 → "1,2 Mo": sizes of files and disks as a person reads them. */
export function formatBytes(bytes: number): string {
  const units = ['octets', 'ko', 'Mo', 'Go', 'To'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const shown =
    unit === 0 ? String(value) : value.toLocaleString('fr-FR', { maximumFractionDigits: value < 10 ? 1 : 0 });
  return `${shown}\u00a0${units[unit]}`;
}

/** 320 → "0,3 s", 65 000 → "1 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1).replace('.', ',')}\u00a0s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}\u00a0min ${s % 60}\u00a0s`;
}

/** 93 784 s → "1 j 2 h 3 min": how long the server has been up. */
export function formatUptime(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d}\u00a0j ${h}\u00a0h ${m}\u00a0min`;
  if (h > 0) return `${h}\u00a0h ${m}\u00a0min`;
  return `${m}\u00a0min`;
}
