import { expect } from 'chai';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../server/db/client.js';
import { createCtx } from '../../server/lib/context.js';
import { migrationsDir } from '../../server/lib/paths.js';
import { makeTestApp, testConfig } from '../support/app.js';
import { createAdmin, createMember } from '../support/factories.js';
import { setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { TestClock } from '../support/clock.js';

type Sum = { paymentDateId: number; status: string; n: number; cents: number };

/** The per-date sums as the treasury reads them (statuses with a cheque left). */
function stored(db: Db): Sum[] {
  return db.$client
    .prepare(
      `select payment_date_id paymentDateId, status, n, cents from payment_date_cheque_sums
       where n > 0 order by 1, 2`,
    )
    .all() as Sum[];
}

/** The same figures counted from the cheques themselves. */
function counted(db: Db): Sum[] {
  return db.$client
    .prepare(
      `select payment_date_id paymentDateId, status, count(*) n, sum(amount_cents) cents from cheques
       group by 1, 2 order by 1, 2`,
    )
    .all() as Sum[];
}

/** Two contracts' payment dates, three subscriptions with their cheques, written by the real services. */
async function world() {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx);
  const a = setupContract(t.ctx, admin.id);
  const b = setupContract(t.ctx, admin.id, { from: '2027-04-01', to: '2027-05-27' });
  const subs: number[] = [];
  for (const c of [a, b, a]) subs.push(subscribeEveryDelivery(t.ctx, c, (await createMember(t.ctx)).id));
  return { t, subs, dates: [...a.paymentDateIds, ...b.paymentDateIds] };
}

const STATUSES = ['promised', 'received', 'handed_over', 'cancelled', 'returned'] as const;

type Op =
  | { kind: 'insert'; sub: number; date: number; cents: number; status: number }
  | { kind: 'status'; pick: number; status: number }
  | { kind: 'amount'; pick: number; cents: number }
  | { kind: 'move'; pick: number; date: number; status: number }
  | { kind: 'note'; pick: number }
  | { kind: 'delete'; pick: number };

const index = fc.nat({ max: 1000 });
const cents = fc.integer({ min: 0, max: 50_000 });
const status = fc.nat({ max: STATUSES.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), sub: index, date: index, cents, status }),
  fc.record({ kind: fc.constant('status' as const), pick: index, status }),
  fc.record({ kind: fc.constant('amount' as const), pick: index, cents }),
  fc.record({ kind: fc.constant('move' as const), pick: index, date: index, status }),
  fc.record({ kind: fc.constant('note' as const), pick: index }),
  fc.record({ kind: fc.constant('delete' as const), pick: index }),
);

/** Runs one write on the cheques table, as any code path (service, import, CLI) might. */
function apply(db: Db, subs: number[], dates: number[], o: Op): void {
  const sql = db.$client;
  const ids = (sql.prepare('select id from cheques order by id').all() as { id: number }[]).map((r) => r.id);
  const id = ids.length ? ids[('pick' in o ? o.pick : 0) % ids.length] : null;
  const now = '2026-11-28T10:00:00.000Z';
  if (o.kind === 'insert')
    sql
      .prepare(
        `insert into cheques (subscription_id, payment_date_id, amount_cents, status, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?)`,
      )
      .run(subs[o.sub % subs.length], dates[o.date % dates.length], o.cents, STATUSES[o.status], now, now);
  else if (id === null) return;
  else if (o.kind === 'status') sql.prepare('update cheques set status = ? where id = ?').run(STATUSES[o.status], id);
  else if (o.kind === 'amount') sql.prepare('update cheques set amount_cents = ? where id = ?').run(o.cents, id);
  else if (o.kind === 'move')
    sql
      .prepare('update cheques set payment_date_id = ?, status = ? where id = ?')
      .run(dates[o.date % dates.length], STATUSES[o.status], id);
  else if (o.kind === 'note') sql.prepare(`update cheques set note = 'vu', updated_at = ? where id = ?`).run(now, id);
  else sql.prepare('delete from cheques where id = ?').run(id);
}

class Rollback extends Error {}

describe('per payment date cheque sums (kept by triggers)', () => {
  it('match the cheques after the services wrote them', async () => {
    const { t } = await world();
    expect(stored(t.db)).to.have.length.above(3);
    expect(stored(t.db)).to.deep.equal(counted(t.db));
  });

  it('match the cheques after any sequence of inserts, changes and deletes', async () => {
    const { t, subs, dates } = await world();
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        try {
          t.db.$client.transaction(() => {
            for (const o of ops) apply(t.db, subs, dates, o);
            expect(stored(t.db)).to.deep.equal(counted(t.db));
            const left = t.db.$client
              .prepare('select count(*) n from payment_date_cheque_sums where n < 0 or (n = 0 and cents <> 0)')
              .get() as { n: number };
            expect(left.n, 'a status with no cheque left sums to 0').to.equal(0);
            // Each case starts again from the services' cheques.
            throw new Rollback();
          })();
        } catch (e) {
          if (!(e instanceof Rollback)) throw e;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('are filled by the migration for the cheques of an existing database', async () => {
    // A database as it was before the triggers' migration, with cheques, then migrated.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-sums-'));
    const older = path.join(dir, 'migrations');
    fs.mkdirSync(path.join(older, 'meta'), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir, 'meta/_journal.json'), 'utf8'));
    const last = journal.entries.findIndex((e: { tag: string }) => e.tag.endsWith('cheque_sums_triggers'));
    expect(last).to.be.above(0);
    journal.entries = journal.entries.slice(0, last);
    fs.writeFileSync(path.join(older, 'meta/_journal.json'), JSON.stringify(journal));
    for (const e of journal.entries)
      fs.copyFileSync(path.join(migrationsDir, `${e.tag}.sql`), path.join(older, `${e.tag}.sql`));
    const file = path.join(dir, 'amap.sqlite');
    try {
      const db = openDatabase(file, { migrationsFolder: older });
      const clock = new TestClock();
      const ctx = createCtx(db, testConfig(), clock.now);
      const admin = await createAdmin(ctx);
      const c = setupContract(ctx, admin.id);
      for (let i = 0; i < 2; i++) subscribeEveryDelivery(ctx, c, (await createMember(ctx)).id);
      expect(stored(db)).to.deep.equal([]);
      db.$client.close();
      const migrated = openDatabase(file);
      expect(stored(migrated)).to.have.length(c.paymentDateIds.length);
      expect(stored(migrated)).to.deep.equal(counted(migrated));
      migrated.$client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
