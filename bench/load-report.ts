/**
 * What `npm run bench:load` prints: the table (Markdown, ready for the README) and the targets of
 * DESIGN.md §11, each met or not met.
 */

export type Role = 'member' | 'treasurer' | 'referent';

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  cpuMsPerRequest: number;
}

/** One page under load, and the bare page's run just before it. */
export interface PageRun extends Figures {
  role: Role;
  path: string;
  bareRps: number;
  bare: Figures;
}

export interface LoadReport {
  runs: PageRun[];
  idleMb: number;
  afterMb: number;
  peakMb: number;
  readyMs: number;
  connections: number;
  duration: number;
}

export interface Target {
  label: string;
  met: boolean;
  measured: string;
}

const ROLE_LABEL: Record<Role, string> = { member: 'membre', treasurer: 'trésorier', referent: 'référent' };

/** A page's throughput as a share of the bare page's run beside it. */
export const shareOf = (r: PageRun) => r.rps / r.bareRps;

const pct = (x: number) => `${Math.round(x * 100)} %`;
const mb = (x: number) => `${Math.round(x)} Mo`;
const cpu = (ms: number) => `${ms.toFixed(2).replace('.', ',')} ms`;

export function targetsOf(report: LoadReport): Target[] {
  const member = report.runs.filter((r) => r.role === 'member');
  const others = report.runs.filter((r) => r.role !== 'member');
  return [
    ...member.map((r) => ({
      label: `${r.path} : au moins 30 % de la page nue`,
      met: shareOf(r) >= 0.3,
      measured: pct(shareOf(r)),
    })),
    ...member.map((r) => ({
      label: `${r.path} : p99 sous 50 ms`,
      met: r.p99 < 50,
      measured: `${r.p99} ms`,
    })),
    ...others.map((r) => ({
      label: `${r.path} : au moins 10 % de la page nue`,
      met: shareOf(r) >= 0.1,
      measured: pct(shareOf(r)),
    })),
    { label: 'RSS au repos sous 120 Mo', met: report.idleMb < 120, measured: mb(report.idleMb) },
    { label: 'RSS après la charge sous 200 Mo', met: report.afterMb < 200, measured: mb(report.afterMb) },
    {
      label: 'prêt à servir en moins de 0,5 s',
      met: report.readyMs < 500,
      measured: `${Math.round(report.readyMs)} ms`,
    },
  ];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function printReport(report: LoadReport, targets: Target[]): void {
  const { runs } = report;
  const bare = {
    rps: median(runs.map((r) => r.bare.rps)),
    p50: median(runs.map((r) => r.bare.p50)),
    p99: median(runs.map((r) => r.bare.p99)),
    errors: runs.reduce((a, r) => a + r.bare.non2xx + r.bare.errors, 0),
    cpu: median(runs.map((r) => r.bare.cpuMsPerRequest)),
  };
  const rows: string[][] = [
    ['page', 'requêtes/s', 'p50', 'p99', 'erreurs', 'part de la page nue', 'CPU par requête'],
    [
      'page nue Express + EJS, 50 lignes (médiane)',
      String(Math.round(bare.rps)),
      `${bare.p50} ms`,
      `${bare.p99} ms`,
      String(bare.errors),
      '100 %',
      cpu(bare.cpu),
    ],
    ...runs.map((r) => [
      `\`${r.path}\` (${ROLE_LABEL[r.role]})`,
      String(Math.round(r.rps)),
      `${r.p50} ms`,
      `${r.p99} ms`,
      String(r.non2xx + r.errors),
      pct(shareOf(r)),
      cpu(r.cpuMsPerRequest),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  console.log(
    `\n${report.connections} connexions, ${report.duration} s par mesure ; part : requêtes/s de la page ÷ celles de la page nue mesurée juste avant ; CPU par requête : temps processeur du serveur ÷ requêtes servies.\n`,
  );
  console.log(line(rows[0]));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
  console.log(
    `\nRSS du serveur : ${mb(report.idleMb)} au repos, ${mb(report.afterMb)} après la charge (pic ${mb(report.peakMb)}). Premier /healthz ${Math.round(report.readyMs)} ms après le lancement.`,
  );
  console.log('\nObjectifs (DESIGN.md §11) :');
  for (const t of targets) console.log(`  ${t.met ? 'atteint    ' : 'NON ATTEINT'}  ${t.label} (${t.measured})`);
  const missed = targets.filter((t) => !t.met).length;
  console.log(missed ? `${missed} objectif(s) non atteint(s).` : 'Tous les objectifs sont atteints.');
}
