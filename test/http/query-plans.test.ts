/**
 * The query plans of the pages `npm run bench:load` measures, on a small bench AMAP: pinned, so
 * that a new index or a rewritten query cannot change how SQLite reads a hot page unnoticed.
 *
 * Why: the database has no statistics (no ANALYZE), so SQLite picks its plans from the schema
 * alone, and an index added for one page can flip the plan of another far from it. That happened
 * once: an index on subscriptions made the home page's collection lines start from the week's
 * deliveries and read every quantity of them, 0.03 → 0.43 ms, and only a full load run showed it.
 *
 * When a plan changes on purpose, look at the difference, then write the new plans with
 * `UPDATE_QUERY_PLANS=1 npm test` and commit test/http/query-plans.expected.json with the change.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import request from 'supertest';
import type Database from 'better-sqlite3';
import { createApp } from '../../server/app.js';
import { ADMIN_EMAIL, BENCH_PASSWORD, TREASURER_EMAIL, generateAmap, type BenchAmap } from '../../bench/generate.js';
import { seedBenchRoster } from '../../bench/duty.js';
import { csrfFrom } from '../support/app.js';
import { recordStatements } from '../support/statements.js';

const expectedFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'query-plans.expected.json');

/** Said with a failure: a change made on purpose is written down, not waved through. */
const UPDATE_HINT =
  ' (if the change is meant, check the new plan, then UPDATE_QUERY_PLANS=1 npm test and commit query-plans.expected.json)';

/** A statement as the plans file names it: its text on one line, cut (the plan says the rest). */
const nameOf = (source: string) => source.replace(/\s+/g, ' ').trim().slice(0, 160);

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

/** EXPLAIN QUERY PLAN as indented lines (a subquery's steps under it). */
function planOf(client: Database.Database, source: string, args: unknown[]): string[] {
  const rows = client.prepare(`explain query plan ${source}`).all(...args) as PlanRow[];
  const depth = new Map<number, number>([[0, -1]]);
  return rows.map((r) => {
    const d = (depth.get(r.parent) ?? -1) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d)}${r.detail}`;
  });
}

/** Each distinct statement one GET runs, with the values of its first run, in order. */
async function statementsOf(amap: BenchAmap, agent: request.Agent, url: string): Promise<Map<string, unknown[]>> {
  const seen = new Map<string, unknown[]>();
  await recordStatements(
    amap.db,
    async () => expect((await agent.get(url)).status, url).to.equal(200),
    (source, values) => {
      if (!seen.has(source)) seen.set(source, values);
    },
  );
  return seen;
}

/** The pages of `npm run bench:load`, under the names the plans file keeps (no ids, no month). */
function pagesOf(amap: BenchAmap): { name: string; role: 'member' | 'treasurer' | 'admin'; url: string }[] {
  return [
    { name: '/', role: 'member', url: '/' },
    { name: '/contrats', role: 'member', url: '/contrats' },
    { name: '/mes-contrats', role: 'member', url: '/mes-contrats' },
    { name: '/mes-paiements', role: 'member', url: '/mes-paiements' },
    { name: '/planning/<mois>', role: 'member', url: `/planning/${amap.today.slice(0, 7)}` },
    { name: '/tresorerie', role: 'treasurer', url: '/tresorerie' },
    { name: '/tresorerie/reception?q=mar', role: 'treasurer', url: '/tresorerie/reception?q=mar' },
    { name: '/gestion/contrats/<gros>', role: 'admin', url: `/gestion/contrats/${amap.pick.bigContractId}` },
  ];
}

/** The tables a member page must never read whole: they grow with members and deliveries. */
const BIG_TABLES = ['cheques', 'subscription_quantities', 'subscriptions', 'deliveries', 'sessions', 'members'];

describe('query plans of the measured pages', function () {
  this.timeout(60_000);
  let amap: BenchAmap;
  let plans: Record<string, Record<string, string[]>>;

  before(async () => {
    amap = await generateAmap({ members: 30, weeks: 12 });
    seedBenchRoster(amap);
    const app = createApp({
      db: amap.db,
      config: amap.ctx.config,
      clock: () => new Date(amap.now.getTime()),
      log: () => {},
    });
    const login = async (email: string) => {
      const agent = request.agent(app);
      const page = await agent.get('/connexion');
      const res = await agent
        .post('/connexion')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email, password: BENCH_PASSWORD });
      expect(res.status, email).to.equal(302);
      return agent;
    };
    const agents = {
      member: await login(amap.pick.memberEmail),
      treasurer: await login(TREASURER_EMAIL),
      admin: await login(ADMIN_EMAIL),
    };
    const client = amap.db.$client;
    plans = {};
    for (const page of pagesOf(amap)) {
      const agent = agents[page.role];
      await agent.get(page.url); // statements prepared on first use: the second view is the steady one
      const statements = await statementsOf(amap, agent, page.url);
      plans[page.name] = Object.fromEntries(
        [...statements].map(([source, args]) => [nameOf(source), planOf(client, source, args)]),
      );
    }
  });

  after(() => amap?.dispose());

  it('no member page reads a table that grows with members or deliveries from end to end', () => {
    const scans: string[] = [];
    for (const page of ['/', '/contrats', '/mes-contrats', '/mes-paiements', '/planning/<mois>'])
      for (const [statement, plan] of Object.entries(plans[page]))
        for (const line of plan) {
          const scanned = /^\s*SCAN (\w+)/.exec(line)?.[1];
          if (scanned && BIG_TABLES.includes(scanned)) scans.push(`${page}: ${line.trim()} in ${statement}`);
        }
    expect(scans).to.deep.equal([]);
  });

  it('every measured page reads with the plans pinned in query-plans.expected.json', () => {
    if (process.env.UPDATE_QUERY_PLANS === '1') {
      fs.writeFileSync(expectedFile, `${JSON.stringify(plans, null, 2)}\n`);
      return;
    }
    const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as typeof plans;
    for (const [page, statements] of Object.entries(expected)) {
      expect(Object.keys(plans[page] ?? {}), `${page}: the statements it runs${UPDATE_HINT}`).to.deep.equal(
        Object.keys(statements),
      );
      for (const [statement, plan] of Object.entries(statements))
        expect(plans[page][statement], `${page}: the plan of ${statement}${UPDATE_HINT}`).to.deep.equal(plan);
    }
    expect(Object.keys(plans), `the pages measured${UPDATE_HINT}`).to.deep.equal(Object.keys(expected));
  });
});
