/**
 * The duty roster's part of the bench (issue 9): a roster half filled around "today" on the
 * generated AMAP, then the member's /permanences, /mes-permanences and /distributions, the
 * coordinator's pages, the duty report and the fair proposal for the coming three months. Their
 * statement counts must not grow with the number of members or days (run.ts compares them with
 * the small AMAP's).
 */
import { and, gte, lte, sql } from 'drizzle-orm';
import type request from 'supertest';
import { distributionDays, dutyRoles, dutyShifts, members } from '../server/db/schema/index.js';
import { addDays } from '../server/domain/delivery-calendar.js';
import { distributionPeriod } from '../server/read/distribution-days.js';
import { dayDefaults } from '../server/features/settings/settings.service.js';
import type { BenchAmap } from './generate.js';

type Run = () => Promise<{ status: number; bytes: number; detail?: string }>;

/** Fills about half of the places from eight weeks before today to thirteen after, every other day in roles. */
export function seedBenchRoster(amap: BenchAmap): void {
  const { db, ctx, today } = amap;
  const from = addDays(today, -56);
  const to = addDays(today, 91);
  const now = amap.now.toISOString();
  db.transaction(() => {
    const dates = distributionPeriod(db, from, to, dayDefaults(ctx)).days.map((d) => d.on);
    dates.forEach((on, i) => {
      if (i % 2) return;
      db.insert(distributionDays).values({ on, customRoles: true, updatedAt: now }).onConflictDoNothing().run();
      db.insert(dutyRoles).values({ dayOn: on, name: 'Accueil et émargement', places: 2, position: 0 }).run();
      db.insert(dutyRoles).values({ dayOn: on, name: 'Caisse et chèques', places: 1, position: 1 }).run();
    });
    const people = db
      .select({ id: members.id })
      .from(members)
      .where(sql`${members.id} not in (${amap.adminId}, ${amap.treasurerId})`)
      .all()
      .map((m) => m.id);
    const days = distributionPeriod(db, from, to, dayDefaults(ctx)).days;
    let turn = 0;
    for (const d of days)
      for (const r of d.roles)
        for (let i = 0; i < Math.ceil(r.places / 2); i++)
          db.insert(dutyShifts)
            .values({
              dayOn: d.on,
              memberId: people[turn++ % people.length],
              roleName: r.name || null,
              standInSoughtAt: turn % 17 === 0 && d.on >= today ? now : null,
              createdAt: now,
            })
            .onConflictDoNothing()
            .run();
  });
}

/** The next distribution day after today (the roster's pages show it). */
function nextDay(amap: BenchAmap): string {
  const row = amap.db
    .select({ on: dutyShifts.dayOn })
    .from(dutyShifts)
    .where(and(gte(dutyShifts.dayOn, addDays(amap.today, 1)), lte(dutyShifts.dayOn, addDays(amap.today, 30))))
    .orderBy(dutyShifts.dayOn)
    .limit(1)
    .get();
  return row?.on ?? addDays(amap.today, 7);
}

/** The measures, with the run functions of run.ts for a page and a document. */
export function dutyMeasures(
  amap: BenchAmap,
  agents: { member: request.Agent; admin: request.Agent },
  page: (agent: request.Agent, path: string) => Run,
  doc: (agent: request.Agent, path: string) => Run,
): { kind: 'page' | 'document'; name: string; run: Run }[] {
  const { member, admin } = agents;
  const to = addDays(amap.today, 91);
  const proposal = `/coordination/proposition?du=${amap.today}&au=${to}`;
  const timed = page(admin, proposal);
  return [
    { kind: 'page', name: 'membre  /permanences', run: page(member, '/permanences') },
    { kind: 'page', name: 'membre  /mes-permanences', run: page(member, '/mes-permanences') },
    { kind: 'page', name: 'membre  /distributions', run: page(member, '/distributions') },
    { kind: 'page', name: 'membre  /distributions/<prochaine>', run: page(member, `/distributions/${nextDay(amap)}`) },
    { kind: 'page', name: 'coord.  /coordination', run: page(admin, '/coordination') },
    { kind: 'page', name: 'coord.  /coordination/bilan', run: page(admin, '/coordination/bilan') },
    { kind: 'document', name: 'coord.  bilan des permanences .xlsx', run: doc(admin, '/coordination/bilan.xlsx') },
    {
      kind: 'page',
      name: 'coord.  proposition 3 mois (calcul + page)',
      run: async () => {
        const r = await timed();
        return { ...r, detail: `du ${amap.today} au ${to}` };
      },
    },
  ];
}
