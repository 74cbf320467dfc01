/**
 * `npm run bench:load`: the app under load, as deployed, beside a bare Express + EJS page.
 *
 * Builds the app (`npm run build`), generates the bench AMAP (bench/generate.ts) into a temporary
 * data directory with its season around today, starts `node dist/server/main.js` on it
 * (NODE_ENV=production) and the bare page (bench/bare-page.ts), logs in once per role with a real
 * POST (CSRF token), then drives each page with autocannon, alternating with the bare page so that
 * both see the same machine. Prints per page requests/s, p50, p99, errors and the share of the bare
 * page, the server's RSS idle and after the load, the time to the first /healthz, and each target of
 * DESIGN.md §11 met or not.
 *
 * Options: --duration=S (5 s per run), --connections=N (20), --members=N (400), --weeks=N (40),
 * --no-build (use the dist/ already built), --only=/,/contrats (pages whose path contains one of
 * these), --data=DIR (keep the generated AMAP there and reuse it next time, the same day),
 * --cpu-prof=DIR (the server writes a V8 CPU profile there when it stops), --page=ROLE:/path (measure
 * one more page as member, treasurer or referent, e.g. --page=member:/compte; repeatable).
 * Exit code 1 if any answer was not 2xx.
 */
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { addDays, weekdayOf } from '../server/domain/delivery-calendar.js';
import { todayIn } from '../server/lib/today.js';
import { ADMIN_EMAIL, BENCH_PASSWORD, TREASURER_EMAIL, generateAmap } from './generate.js';
import { seedBenchRoster } from './duty.js';
import { printReport, targetsOf, type PageRun, type Role } from './load-report.js';

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const n = arg ? Number(arg.split('=')[1]) : fallback;
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} : nombre positif attendu`);
  return n;
}
const DURATION = option('duration', 5);
const CONNECTIONS = Math.round(option('connections', 20));
const MEMBERS = Math.round(option('members', 400));
const WEEKS = Math.round(option('weeks', 40));
const BUILD = !process.argv.includes('--no-build');
function textOption(name: string): string | null {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? null;
}
const ONLY = textOption('only')?.split(',') ?? null;
const DATA = textOption('data');
const CPU_PROF = textOption('cpu-prof');
/** Each target's first seconds under load: JIT, view cache, SQLite page cache. */
const WARM_UP_S = 1;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------- processes

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process in MB (Linux /proc), or NaN elsewhere. */
function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** Polls `url` until it answers 200; returns the milliseconds since `since`. */
async function waitFor(url: string, since: number, child: ChildProcess, output: () => string): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`le serveur s’est arrêté (code ${child.exitCode}) :\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() - since > 20_000) throw new Error(`${url} ne répond pas après 20 s :\n${output()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** `node …` as `npm start` runs the server (package.json), so the bench measures it with the same flags. */
function startArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = pkg.scripts.start.trim().split(/\s+/);
  if (command !== 'node' || args.at(-1) !== 'dist/server/main.js')
    throw new Error(`npm start n’est plus « node … dist/server/main.js » : ${pkg.scripts.start}`);
  return args;
}

function start(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'pipe' });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out.slice(-4000) };
}

// ---------------------------------------------------------------- login

function cookieOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** A real login: the form's CSRF token, then the POST; returns the session cookie. */
async function login(base: string, email: string): Promise<string> {
  const page = await fetch(`${base}/connexion`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('pas de jeton CSRF sur /connexion');
  const res = await fetch(`${base}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieOf(page) },
    body: new URLSearchParams({ _csrf: token, email, password: BENCH_PASSWORD }).toString(),
  });
  const location = res.headers.get('location');
  if (res.status !== 302 || location === '/connexion')
    throw new Error(`connexion refusée pour ${email} : ${res.status}`);
  return cookieOf(res);
}

// ---------------------------------------------------------------- load

/** CPU time (user + system) a process has used, in ms (Linux /proc), or NaN elsewhere. */
function cpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** The server's CPU time per request: what a page costs, whatever else the machine runs. */
  cpuMsPerRequest: number;
}

async function load(url: string, cookie: string | null, duration: number, pid: number): Promise<Run> {
  const cpu0 = cpuMs(pid);
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    headers: cookie ? { cookie } : {},
  });
  const requests = r.requests.total || 1;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    cpuMsPerRequest: (cpuMs(pid) - cpu0) / requests,
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface BenchData {
  memberEmail: string;
  referentEmail: string | null;
  bigContractId: number;
  /** The month of the planning measured (today's, its roster half filled). */
  month: string;
}

/**
 * Generates the bench AMAP into `dir` (amap.sqlite, the file the server opens), its season placed
 * so that the server's real "today" falls a bit past its middle; with --data, a copy generated
 * earlier the same day is reused.
 */
async function benchData(dir: string): Promise<BenchData> {
  const today = todayIn('Europe/Paris', new Date());
  const saved = path.join(dir, `bench-load-${today}-${MEMBERS}-${WEEKS}.json`);
  if (DATA && fs.existsSync(saved)) return JSON.parse(fs.readFileSync(saved, 'utf8')) as BenchData;
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir))
    if (f.startsWith('amap.sqlite') || f.startsWith('bench-load-')) fs.rmSync(path.join(dir, f));
  const seasonStart = addDays(thursdayOnOrBefore(today), -Math.floor(WEEKS * 0.5) * 7);
  const t0 = performance.now();
  const amap = await generateAmap({ members: MEMBERS, weeks: WEEKS, file: path.join(dir, 'amap.sqlite'), seasonStart });
  seedBenchRoster(amap); // the planning's duty places, half filled, as in `npm run bench`
  const referent = amap.db.get<{ email: string | null }>(
    sql`select m.email from producer_referents r join members m on m.id = r.member_id
      join contracts c on c.producer_id = r.producer_id where c.id = ${amap.pick.bigContractId} limit 1`,
  );
  amap.db.$client.close();
  console.log(
    `Génération : ${((performance.now() - t0) / 1000).toFixed(1)} s, saison du ${seasonStart}, aujourd’hui ${today}.`,
  );
  const data: BenchData = {
    memberEmail: amap.pick.memberEmail,
    referentEmail: referent?.email ?? null,
    bigContractId: amap.pick.bigContractId,
    month: today.slice(0, 7),
  };
  if (DATA) fs.writeFileSync(saved, JSON.stringify(data));
  return data;
}

/** The Thursday on or before `day`. */
function thursdayOnOrBefore(day: string): string {
  return addDays(day, -((weekdayOf(day) - 4 + 7) % 7));
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `Banc de charge : ${MEMBERS} foyers, ${WEEKS} semaines, ${CONNECTIONS} connexions, ${DURATION} s par mesure, ${os.cpus().length} cœurs.`,
  );
  if (BUILD) {
    console.log('Compilation (npm run build)…');
    execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  }

  const dir = DATA ? path.resolve(DATA) : fs.mkdtempSync(path.join(os.tmpdir(), 'amap-load-'));
  const children: ChildProcess[] = [];
  try {
    const picked = await benchData(dir);

    const appPort = await freePort();
    const barePort = await freePort();
    const base = `http://127.0.0.1:${appPort}`;
    fs.writeFileSync(
      path.join(dir, 'amap.config.json'),
      JSON.stringify({ amap: { name: 'AMAP du Banc de charge' }, server: { baseUrl: base }, dataDir: dir }),
    );

    const spawnedAt = performance.now();
    const app = start(
      [...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : []), ...startArgs()],
      {
        NODE_ENV: 'production',
        AMAP_CONFIG: path.join(dir, 'amap.config.json'),
        DATA_DIR: dir,
        PORT: String(appPort),
        SESSION_SECRET: 'bench-load-secret',
      },
    );
    children.push(app.child);
    const readyMs = await waitFor(`${base}/healthz`, spawnedAt, app.child, app.output);
    const bare = start(['--import', 'tsx', 'bench/bare-page.ts'], { NODE_ENV: 'production', PORT: String(barePort) });
    children.push(bare.child);
    const bareUrl = `http://127.0.0.1:${barePort}/`;
    await waitFor(bareUrl, performance.now(), bare.child, bare.output);
    await new Promise((r) => setTimeout(r, 1000));
    const idleMb = rssMb(app.child.pid!);

    const cookies: Record<Role, string> = {
      member: await login(base, picked.memberEmail),
      treasurer: await login(base, TREASURER_EMAIL),
      referent: await login(base, picked.referentEmail ?? ADMIN_EMAIL),
    };
    const c = picked.bigContractId;
    const all: { role: Role; path: string }[] = [
      { role: 'member', path: '/' },
      { role: 'member', path: '/contrats' },
      { role: 'member', path: '/mes-contrats' },
      { role: 'member', path: '/mes-paiements' },
      { role: 'member', path: `/planning/${picked.month}` },
      { role: 'treasurer', path: '/tresorerie' },
      { role: 'treasurer', path: '/tresorerie/reception?q=mar' },
      { role: 'referent', path: `/gestion/contrats/${c}` },
    ];
    const pages = all.filter((p) => !ONLY || ONLY.some((o) => p.path === o || (o !== '/' && p.path.includes(o))));
    for (const arg of process.argv.filter((a) => a.startsWith('--page='))) {
      const [role, extra] = arg.slice('--page='.length).split(/:(.*)/s);
      if (!(role in cookies) || !extra?.startsWith('/')) throw new Error(`${arg} : --page=member:/chemin attendu`);
      pages.push({ role: role as Role, path: extra });
    }

    // Each page once, as a browser would: it must be a 200 (not the login page after a redirect).
    for (const p of pages) {
      const res = await fetch(base + p.path, { redirect: 'manual', headers: { cookie: cookies[p.role] } });
      const size = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`GET ${p.path} → ${res.status}\n${app.output()}`);
      console.log(`  ${p.path.padEnd(34)} ${String(Math.round(size / 1024)).padStart(5)} ko`);
    }

    console.log('Échauffement…');
    const appPid = app.child.pid!;
    const barePid = bare.child.pid!;
    await load(bareUrl, null, WARM_UP_S, barePid);
    for (const p of pages) await load(base + p.path, cookies[p.role], WARM_UP_S, appPid);

    console.log('Mesures (page nue et page de l’application en alternance)…');
    const runs: PageRun[] = [];
    for (const p of pages) {
      const ref = await load(bareUrl, null, DURATION, barePid);
      const run = await load(base + p.path, cookies[p.role], DURATION, appPid);
      runs.push({ ...p, ...run, bareRps: ref.rps, bare: ref });
      console.log(`  ${p.path.padEnd(34)} ${Math.round(run.rps)} req/s (page nue : ${Math.round(ref.rps)})`);
    }
    const afterMb = rssMb(app.child.pid!);
    const peakMb = rssMb(app.child.pid!, 'VmHWM');

    const report = { runs, idleMb, afterMb, peakMb, readyMs, connections: CONNECTIONS, duration: DURATION };
    printReport(report, targetsOf(report));
    const failed = runs.some((r) => r.non2xx > 0 || r.errors > 0 || r.bare.non2xx > 0 || r.bare.errors > 0);
    if (failed) console.log('\nERREUR : des réponses autres que 2xx (ou des erreurs de connexion) pendant la charge.');
    console.log(`\nDurée totale : ${((performance.now() - started) / 1000).toFixed(0)} s`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    // Waits for the server to stop: it writes its CPU profile (--cpu-prof) as it exits.
    await Promise.all(children.map((c) => stop(c)));
    if (!DATA) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
