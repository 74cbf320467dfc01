/**
 * `npm run bench`: builds a large AMAP (bench/generate.ts), then times the pages, the documents
 * and two writes, and counts the SQL statements each one runs (and, for the pages and documents,
 * the writing ones: a GET must write nothing). A second, small AMAP (fewer
 * members, shorter season) is measured the same way: a statement count that differs between the
 * two grows with the number of members or dates (a query inside a loop), which is a bug.
 *
 * The app runs as deployed (NODE_ENV=production: Express caches the compiled views); --dev
 * measures it as `npm run dev` and the tests run it (every view and partial compiled again at each
 * render).
 *
 * Options: --runs=N (default 5, after one warm-up), --members=N (400), --weeks=N (40),
 * --no-scaling (skip the small AMAP), --sql (print more of the repeated statements), --dev.
 * Exit code 0, unless a page answered something else than 200 or a GET wrote to the database.
 */
import http from 'node:http';
import type Database from 'better-sqlite3';
import request from 'supertest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { createApp } from '../server/app.js';
import type { Db } from '../server/db/client.js';
import { dutyShifts, subscriptionQuantities, subscriptions } from '../server/db/schema/index.js';
import { findActiveActor } from '../server/features/auth/auth.queries.js';
import { loadContract } from '../server/read/contract-bundle.js';
import { saveSubscription } from '../server/features/subscriptions/subscriptions.service.js';
import type { QuantityLine } from '../server/features/subscriptions/subscriptions.forms.js';
import { receiveCheques } from '../server/features/treasury/cheques.service.js';
import {
  ADMIN_EMAIL,
  BENCH_PASSWORD,
  TREASURER_EMAIL,
  generateAmap,
  membersWithPromised,
  promisedChequesOf,
  type BenchAmap,
} from './generate.js';
// ---- duty roster (issue 9): its pages, report and proposal, in bench/duty.ts
import { dutyMeasures, seedBenchRoster } from './duty.js';
// ---- documents (syntheses, delivery sheets): in bench/documents.ts
import { documentMeasures, documentRatios, printDocumentRatios } from './documents.js';

// ---------------------------------------------------------------- options

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const n = arg ? Number(arg.split('=')[1]) : fallback;
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} : nombre entier attendu`);
  return n;
}
const RUNS = Math.max(1, option('runs', 5));
const MEMBERS = option('members', 400);
const WEEKS = option('weeks', 40);
const SCALING = !process.argv.includes('--no-scaling');
const SHOW_SQL = process.argv.includes('--sql');
const DEV = process.argv.includes('--dev');
// Read by Express when an app is created: "production" turns the view cache on.
process.env.NODE_ENV = DEV ? 'development' : 'production';
/** A page or document running more statements than this is listed with its repeated ones. */
const MANY_STATEMENTS = 40;

// ---------------------------------------------------------------- statement counter

interface Counter {
  reset(): void;
  /** The statements run since the last reset, in order. */
  statements(): string[];
  /** Those of them that write (INSERT, UPDATE, DELETE…): a GET must run none. */
  writes(): string[];
  /** Statements prepared since the last reset: queries prepared again at each request. */
  prepares(): string[];
}

type Runner = (this: Database.Statement, ...args: unknown[]) => unknown;

/**
 * Counts the statements run on the connection (whether prepared for this run or held prepared
 * across requests), the writing ones among them, and the statements prepared.
 */
function instrument(db: Db): Counter {
  const client = db.$client;
  let seen: string[] = [];
  let written: string[] = [];
  let prepared: string[] = [];
  const orig = client.prepare.bind(client);
  client.prepare = ((source: string) => {
    prepared.push(source);
    return orig(source);
  }) as unknown as typeof client.prepare;
  const proto = Object.getPrototypeOf(orig('select 1')) as Record<string, Runner>;
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const run = proto[method];
    // The prototype is shared by every connection (the small AMAP's too): count this one's only.
    proto[method] = function (this: Database.Statement, ...args: unknown[]) {
      if (this.database === client) {
        seen.push(this.source);
        if (!this.readonly) written.push(this.source);
      }
      return run.apply(this, args);
    };
  }
  return {
    reset: () => {
      seen = [];
      written = [];
      prepared = [];
    },
    statements: () => seen,
    writes: () => written,
    prepares: () => prepared,
  };
}

// ---------------------------------------------------------------- measurements

type Kind = 'page' | 'document' | 'write';

interface Sample {
  ms: number;
  statements: number;
  bytes: number;
  status: number;
  sql: string[];
  writes: string[];
  prepares: string[];
}

interface Measure {
  kind: Kind;
  name: string;
  /** One run; returns the status and size of what came back. */
  run: () => Promise<{ status: number; bytes: number; detail?: string }>;
}

interface Result {
  kind: Kind;
  name: string;
  medianMs: number;
  maxMs: number;
  statements: number;
  /** Min–max when the runs did not all run the same number of statements. */
  statementsRange: string;
  bytes: number;
  status: number;
  detail: string;
  sql: string[];
  /** Write statements of the runs after the warm-up (a GET must have none). */
  writes: string[];
  /** Statements prepared during a run after the warm-up (median): 0 when every query is held prepared. */
  prepares: number;
  /** Those of the last run. */
  preparedSql: string[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function measure(m: Measure, counter: Counter, runs: number): Promise<Result> {
  const samples: Sample[] = [];
  let detail = '';
  for (let i = 0; i <= runs; i++) {
    counter.reset();
    const t0 = performance.now();
    const r = await m.run();
    const ms = performance.now() - t0;
    const sql = [...counter.statements()];
    if (r.detail) detail = r.detail;
    // Run 0 is the warm-up (module loading, view compilation, first-run gate, the session's
    // first CSRF token, statements prepared for the first time).
    if (i > 0)
      samples.push({
        ms,
        statements: sql.length,
        bytes: r.bytes,
        status: r.status,
        sql,
        writes: [...counter.writes()],
        prepares: [...counter.prepares()],
      });
  }
  const counts = samples.map((s) => s.statements);
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  const last = samples[samples.length - 1];
  return {
    kind: m.kind,
    name: m.name,
    medianMs: median(samples.map((s) => s.ms)),
    maxMs: Math.max(...samples.map((s) => s.ms)),
    statements: median(counts),
    statementsRange: lo === hi ? String(lo) : `${lo}–${hi}`,
    bytes: last.bytes,
    status: samples.find((s) => s.status !== 200)?.status ?? 200,
    detail,
    sql: last.sql,
    writes: samples.flatMap((s) => s.writes),
    prepares: median(samples.map((s) => s.prepares.length)),
    preparedSql: last.prepares,
  };
}

/** Collects a binary body (PDF, XLSX) whole. */
function binary(
  res: NodeJS.ReadableStream & { setEncoding?: unknown },
  cb: (err: Error | null, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

async function login(server: http.Server, email: string): Promise<request.Agent> {
  const agent = request.agent(server);
  const page = await agent.get('/connexion');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error('pas de jeton CSRF sur /connexion');
  const res = await agent.post('/connexion').type('form').send({ _csrf: token, email, password: BENCH_PASSWORD });
  if (res.status !== 302 || res.headers.location === '/connexion')
    throw new Error(`connexion refusée pour ${email} : ${res.status}`);
  return agent;
}

/** Everything measured on one generated AMAP. */
async function measureAmap(
  amap: BenchAmap,
  runs: number,
  label: string,
): Promise<{ results: Result[]; errors: string[] }> {
  const { db, pick } = amap;
  seedBenchRoster(amap); // duty roster (issue 9)
  const counter = instrument(db);
  const errors: string[] = [];
  const app = createApp({
    db,
    config: amap.ctx.config,
    clock: () => new Date(amap.now.getTime()),
    log: (l) => errors.push(l),
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const member = await login(server, pick.memberEmail);
    const treasurer = await login(server, TREASURER_EMAIL);
    const admin = await login(server, ADMIN_EMAIL);

    const page =
      (agent: request.Agent, path: string): Measure['run'] =>
      async () => {
        const res = await agent.get(path);
        if (res.status !== 200) errors.push(`${label} GET ${path} → ${res.status}`);
        return { status: res.status, bytes: Buffer.byteLength(res.text ?? '') };
      };
    const doc =
      (agent: request.Agent, path: string): Measure['run'] =>
      async () => {
        const res = await agent
          .get(path)
          .buffer(true)
          .parse(binary as never);
        if (res.status !== 200) errors.push(`${label} GET ${path} → ${res.status}`);
        const body = res.body as Buffer | string;
        return {
          status: res.status,
          bytes: Buffer.isBuffer(body) ? body.length : Buffer.byteLength(String(body ?? '')),
        };
      };

    const c = pick.bigContractId;
    const measures: Measure[] = [
      { kind: 'page', name: 'membre  /', run: page(member, '/') },
      { kind: 'page', name: 'membre  /contrats', run: page(member, '/contrats') },
      { kind: 'page', name: 'membre  /mes-contrats', run: page(member, '/mes-contrats') },
      { kind: 'page', name: 'membre  /mes-paiements', run: page(member, '/mes-paiements') },
      { kind: 'page', name: 'trésor. /tresorerie', run: page(treasurer, '/tresorerie') },
      {
        kind: 'page',
        name: 'trésor. /tresorerie/reception?membre=<id>',
        run: page(treasurer, `/tresorerie/reception?membre=${pick.receptionMemberId}`),
      },
      { kind: 'page', name: 'trésor. /tresorerie/contrats/<gros>', run: page(treasurer, `/tresorerie/contrats/${c}`) },
      { kind: 'page', name: 'trésor. /tresorerie/soldes', run: page(treasurer, '/tresorerie/soldes') },
      { kind: 'page', name: 'trésor. /tresorerie/remises', run: page(treasurer, '/tresorerie/remises') },
      { kind: 'page', name: 'admin   /gestion/contrats', run: page(admin, '/gestion/contrats') },
      { kind: 'page', name: 'admin   /gestion/contrats/<gros>', run: page(admin, `/gestion/contrats/${c}`) },
      { kind: 'page', name: 'admin   /admin/membres', run: page(admin, '/admin/membres') },
      { kind: 'page', name: 'admin   /admin/membres?q=mar', run: page(admin, '/admin/membres?q=mar') },
      {
        kind: 'document',
        name: 'admin   bordereau-collecte.pdf <gros>',
        run: doc(admin, `/gestion/contrats/${c}/bordereau-collecte.pdf`),
      },
      { kind: 'document', name: 'admin   cheques.xlsx <gros>', run: doc(admin, `/gestion/contrats/${c}/cheques.xlsx`) },
      {
        kind: 'document',
        name: 'trésor. remise bordereau.pdf <grosse>',
        run: doc(treasurer, `/tresorerie/remises/${pick.bigHandoverId}/bordereau.pdf`),
      },
      {
        kind: 'document',
        name: 'trésor. exports/cheques.xlsx',
        run: doc(treasurer, '/tresorerie/exports/cheques.xlsx'),
      },
      { kind: 'document', name: 'trésor. exports/cheques.csv', run: doc(treasurer, '/tresorerie/exports/cheques.csv') },
      ...distributionMeasures(amap, admin, doc, page),
      // ---- duty roster (issue 9)
      ...dutyMeasures(amap, { member, admin }, page, doc),
      ...documentMeasures(amap, admin, doc), // documents
      ...writes(amap),
    ];
    const results: Result[] = [];
    for (const m of measures) results.push(await measure(m, counter, runs));
    return { results, errors };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------- distributions (planning, sign-in sheets)

/**
 * The sign-in sheet of the busiest distribution day (PDF, XLSX), the planning of its month (page,
 * PDF) and the month's sign-in grid. Three members are put on duty that day first, so that the
 * team and the planning have names in them.
 */
function distributionMeasures(
  amap: BenchAmap,
  agent: request.Agent,
  doc: (agent: request.Agent, path: string) => Measure['run'],
  page: (agent: request.Agent, path: string) => Measure['run'],
): Measure[] {
  const { db } = amap;
  const busiest = db.get<{ on: string; households: number }>(
    sql`select d.delivery_on as "on", count(distinct s.member_id) as households
      from subscription_quantities q
      join deliveries d on d.id = q.delivery_id
      join subscriptions s on s.id = q.subscription_id
      where q.quantity > 0 and d.cancelled_at is null and s.status = 'active'
      group by d.delivery_on order by households desc, d.delivery_on limit 1`,
  )!;
  const team = db.all<{ id: number }>(
    sql`select id from members where id not in (${amap.adminId}, ${amap.treasurerId}) order by id limit 3`,
  );
  for (const m of team)
    db.insert(dutyShifts)
      .values({ dayOn: busiest.on, memberId: m.id, createdAt: amap.now.toISOString() })
      .onConflictDoNothing()
      .run();
  const month = busiest.on.slice(0, 7);
  const detail = `${busiest.on}, ${busiest.households} foyers`;
  const withDetail =
    (run: Measure['run']): Measure['run'] =>
    async () => ({ ...(await run()), detail });
  return [
    { kind: 'page', name: `admin   /planning/<mois chargé>`, run: page(agent, `/planning/${month}`) },
    { kind: 'document', name: 'admin   planning-<mois>.pdf', run: doc(agent, `/planning/${month}.pdf`) },
    {
      kind: 'document',
      name: 'admin   emargement-<jour chargé>.pdf',
      run: withDetail(doc(agent, `/distributions/${busiest.on}/emargement.pdf`)),
    },
    {
      kind: 'document',
      name: 'admin   emargement-<jour chargé>.xlsx',
      run: withDetail(doc(agent, `/distributions/${busiest.on}/emargement.xlsx`)),
    },
    {
      kind: 'document',
      name: 'admin   emargement-<mois>.pdf (grille)',
      run: doc(agent, `/planning/${month}/emargement.pdf`),
    },
  ];
}

/** The two writes, through the services: they change the data, so they run last. */
function writes(amap: BenchAmap): Measure[] {
  const { db, ctx, pick } = amap;
  const admin = findActiveActor(db, amap.adminId)!;
  const treasurer = findActiveActor(db, amap.treasurerId)!;

  // A subscriber of the biggest contract adds, then removes, a product at every delivery.
  const bundle = loadContract(db, pick.bigContractId)!;
  const sub = db
    .select({ id: subscriptions.id, memberId: subscriptions.memberId })
    .from(subscriptions)
    .where(and(eq(subscriptions.contractId, pick.bigContractId), eq(subscriptions.status, 'active')))
    .orderBy(asc(subscriptions.id))
    .limit(1)
    .get()!;
  const base: QuantityLine[] = db
    .select({
      deliveryId: subscriptionQuantities.deliveryId,
      contractProductId: subscriptionQuantities.contractProductId,
      quantity: subscriptionQuantities.quantity,
    })
    .from(subscriptionQuantities)
    .where(eq(subscriptionQuantities.subscriptionId, sub.id))
    .all();
  const taken = new Set(base.map((l) => l.contractProductId));
  const extra = bundle.products.find((o) => !taken.has(o.id)) ?? bundle.products[0];
  const withExtra: QuantityLine[] = [
    ...base.filter((l) => l.contractProductId !== extra.id),
    ...bundle.deliveries
      .filter((d) => !d.cancelled)
      .map((d) => ({ deliveryId: d.id, contractProductId: extra.id, quantity: 1 })),
  ];
  let flip = 0;

  // Receptions: each run takes the promised cheques of the next member who has several.
  const receivers = membersWithPromised(db, 4, [pick.receptionMemberId]);
  let next = 0;

  return [
    {
      kind: 'write',
      name: 'saveSubscription (changement, gros contrat)',
      run: async () => {
        const lines = flip++ % 2 === 0 ? withExtra : base;
        saveSubscription(ctx, admin, pick.bigContractId, sub.memberId, lines, null);
        return { status: 200, bytes: 0, detail: `${lines.length} lignes de quantités` };
      },
    },
    {
      kind: 'write',
      name: 'receiveCheques (un membre, ses chèques promis)',
      run: async () => {
        const memberId = receivers[next++ % receivers.length];
        const ids = promisedChequesOf(db, memberId);
        const r = receiveCheques(
          ctx,
          treasurer,
          ids.map((chequeId) => ({ chequeId, bank: 'Crédit Mutuel', number: String(2000000 + chequeId) })),
        );
        return { status: 200, bytes: 0, detail: `${r.received} chèques reçus au dernier passage` };
      },
    },
  ];
}

// ---------------------------------------------------------------- report

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

function fmtBytes(n: number): string {
  if (n === 0) return '';
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} Mo` : n >= 1024 ? `${(n / 1024).toFixed(0)} ko` : `${n} o`;
}

/** The statements repeated most in one run: where a loop queries. */
function repeated(sql: string[], top = 3): string[] {
  const counts = new Map<string, number>();
  for (const s of sql) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n > 1)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([s, n]) => `${String(n).padStart(5)} × ${s.replace(/\s+/g, ' ').slice(0, 150)}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `Banc d’essai : ${MEMBERS} foyers, saison de ${WEEKS} semaines, ${RUNS} mesures après 1 échauffement, NODE_ENV=${process.env.NODE_ENV}.`,
  );

  const t0 = performance.now();
  const amap = await generateAmap({ members: MEMBERS, weeks: WEEKS });
  const generationMs = performance.now() - t0;
  console.log(`Génération : ${(generationMs / 1000).toFixed(1)} s (${amap.file}), aujourd’hui = ${amap.today}`);

  let small: BenchAmap | null = null;
  let smallMs = 0;
  if (SCALING) {
    const t1 = performance.now();
    small = await generateAmap({
      members: Math.max(20, Math.round(MEMBERS / 4)),
      weeks: Math.max(8, Math.round(WEEKS / 2)),
      seed: 7,
    });
    smallMs = performance.now() - t1;
    console.log(
      `Petite AMAP de comparaison : ${(smallMs / 1000).toFixed(1)} s (${small.counts.members} membres, ${small.counts.deliveries} livraisons, ${small.counts.cheques} chèques)`,
    );
  }

  let failed: string[] = [];
  try {
    console.log('Mesures…');
    const big = await measureAmap(amap, RUNS, 'grande');
    failed = big.errors;
    const smallResults = small ? await measureAmap(small, 1, 'petite') : null;
    if (smallResults) failed.push(...smallResults.errors);
    const smallBy = new Map((smallResults?.results ?? []).map((r) => [r.name, r]));

    const rows = big.results.map((r) => {
      const s = smallBy.get(r.name);
      // A write changing N rows may run N statements (one update per cheque): compare per unit when
      // the detail says how many; pages and documents must not grow at all.
      const grows = s !== undefined && r.kind !== 'write' && s.statements !== r.statements;
      const many = r.kind !== 'write' && r.statements > MANY_STATEMENTS;
      return { r, s, grows, many };
    });
    // A GET (page or document) writes nothing: no session renewal, no counter, no cache row.
    for (const r of [...big.results, ...(smallResults?.results ?? [])])
      if (r.kind !== 'write' && r.writes.length)
        failed.push(
          `GET ${r.name} : ${r.writes.length} écriture(s) en base, par ex. ${r.writes[0].replace(/\s+/g, ' ').slice(0, 120)}`,
        );

    const header = `${pad('mesure', 8)} ${pad('quoi', 46)} ${pad('médiane ms', 10, true)} ${pad('max ms', 8, true)} ${pad('requêtes', 9, true)} ${pad('petite', 7, true)} ${pad('écrit.', 6, true)} ${pad('prép.', 5, true)} ${pad('taille', 8, true)}  remarque`;
    const line = '-'.repeat(header.length + 12);
    console.log('\n' + line + '\n' + header + '\n' + line);
    for (const { r, s, grows, many } of rows) {
      const note = [
        r.status !== 200 ? `HTTP ${r.status}` : '',
        grows ? 'CROÎT avec la taille' : '',
        many && !grows ? `plus de ${MANY_STATEMENTS} requêtes` : '',
        r.detail,
      ]
        .filter(Boolean)
        .join(' ; ');
      console.log(
        `${pad(r.kind, 8)} ${pad(r.name, 46)} ${pad(fmtMs(r.medianMs), 10, true)} ${pad(fmtMs(r.maxMs), 8, true)} ${pad(r.statementsRange, 9, true)} ${pad(s ? String(s.statements) : '-', 7, true)} ${pad(String(r.writes.length / RUNS), 6, true)} ${pad(String(r.prepares), 5, true)} ${pad(fmtBytes(r.bytes), 8, true)}  ${note}`,
      );
      if (s && r.kind === 'write' && s.detail)
        console.log(`${' '.repeat(8)} ${pad('', 46)} ${' '.repeat(65)}(petite : ${s.detail})`);
    }
    console.log(line);
    console.log(
      `requêtes : instructions SQL exécutées pendant une mesure (grande AMAP) ; petite : la même mesure sur la petite AMAP${small ? ` (${small.counts.members} membres, ${Math.max(8, Math.round(WEEKS / 2))} semaines)` : ''} ; écrit. : celles qui écrivent en base, par mesure ; prép. : instructions préparées pendant la mesure (0 : toutes déjà préparées).`,
    );
    console.log(line);
    console.log(
      `${pad('génér.', 8)} ${pad(`grande AMAP (${MEMBERS} foyers, ${WEEKS} semaines)`, 46)} ${pad(fmtMs(generationMs), 10, true)}`,
    );
    if (small)
      console.log(
        `${pad('génér.', 8)} ${pad('petite AMAP (comparaison des requêtes)', 46)} ${pad(fmtMs(smallMs), 10, true)}`,
      );
    console.log(line);
    console.log(
      'Lignes de la grande AMAP : ' +
        Object.entries(amap.counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
    );
    if (small)
      console.log(
        'Lignes de la petite AMAP : ' +
          Object.entries(small.counts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
      );

    const flagged = rows.filter((x) => x.grows || x.many || x.r.kind === 'write');
    if (flagged.length) {
      console.log('\nRequêtes répétées (une requête dans une boucle ?) :');
      for (const { r, grows } of flagged) {
        const rep = repeated(r.sql, SHOW_SQL ? 10 : 3);
        if (rep.length === 0) continue;
        console.log(`  ${r.name}${grows ? ' (croît avec la taille)' : ''} :`);
        for (const l of rep) console.log(`    ${l}`);
      }
    }
    if (SHOW_SQL) {
      console.log('\nInstructions préparées à chaque mesure (pages et documents) :');
      for (const { r } of rows)
        if (r.kind !== 'write' && r.preparedSql.length) {
          console.log(`  ${r.name} :`);
          for (const q of r.preparedSql) console.log(`    ${q.replace(/\s+/g, ' ').slice(0, 160)}`);
        }
    }
    printDocumentRatios(await documentRatios(amap, RUNS)); // documents
    if (failed.length) {
      console.log('\nERREURS :');
      for (const e of failed) console.log('  ' + e.split('\n').slice(0, 5).join('\n  '));
    }
    console.log(`\nDurée totale : ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    amap.dispose();
    small?.dispose();
  }
  process.exitCode = failed.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
