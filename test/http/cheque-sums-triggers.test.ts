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

type Money = {
  subscriptionId: number;
  collectedCents: number;
  collectedN: number;
  receivedN: number;
  promisedN: number;
  promisedCents: number;
  totalCents: number;
  creditCents: number;
};

/** The per-subscription sums as stored (every subscription that has or had a cheque). */
function storedMoney(db: Db): Money[] {
  return db.$client
    .prepare(
      `select subscription_id subscriptionId, collected_cents collectedCents, collected_n collectedN,
         received_n receivedN, promised_n promisedN, promised_cents promisedCents, total_cents totalCents,
         credit_cents creditCents from subscription_money_sums order by 1`,
    )
    .all() as Money[];
}

/** The same figures from the cheques, credits and subscriptions, for the stored rows. */
function countedMoney(db: Db): Money[] {
  return db.$client
    .prepare(
      `select s.id subscriptionId,
         (select coalesce(sum(amount_cents), 0) from cheques
          where subscription_id = s.id and status in ('received', 'handed_over')) collectedCents,
         (select count(*) from cheques where subscription_id = s.id and status in ('received', 'handed_over')) collectedN,
         (select count(*) from cheques where subscription_id = s.id and status = 'received') receivedN,
         (select count(*) from cheques where subscription_id = s.id and status = 'promised') promisedN,
         (select coalesce(sum(amount_cents), 0) from cheques
          where subscription_id = s.id and status = 'promised') promisedCents,
         s.total_cents totalCents,
         (select coalesce(sum(amount_cents), 0) from credits where subscription_id = s.id) creditCents
       from subscriptions s where s.id in (select subscription_id from subscription_money_sums) order by 1`,
    )
    .all() as Money[];
}

/** Subscriptions with a cheque and no row of sums (there must be none). */
function missingMoney(db: Db): number {
  return (
    db.$client
      .prepare(
        `select count(*) n from subscriptions s where exists (select 1 from cheques where subscription_id = s.id)
           and not exists (select 1 from subscription_money_sums where subscription_id = s.id)`,
      )
      .get() as { n: number }
  ).n;
}

/** Owed back as domain/balance.ts says it, from every cheque: what the partial index must hold. */
function owedCounted(db: Db): number[] {
  return (
    db.$client
      .prepare(
        `select s.id from subscriptions s
         where (select coalesce(sum(amount_cents), 0) from cheques
                where subscription_id = s.id and status in ('received', 'handed_over'))
             > max(0, s.total_cents - (select coalesce(sum(amount_cents), 0) from credits where subscription_id = s.id))
         order by 1`,
      )
      .all() as { id: number }[]
  ).map((r) => r.id);
}

function owedStored(db: Db): number[] {
  return (
    db.$client
      .prepare(
        `select subscription_id id from subscription_money_sums indexed by subscription_money_sums_owed_idx
         where collected_cents > max(0, total_cents - credit_cents) order by 1`,
      )
      .all() as { id: number }[]
  ).map((r) => r.id);
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
  | { kind: 'delete'; pick: number }
  | { kind: 'moveSub'; pick: number; sub: number }
  | { kind: 'total'; sub: number; cents: number }
  | { kind: 'credit'; sub: number; cents: number }
  | { kind: 'creditAmount'; pick: number; cents: number }
  | { kind: 'creditMove'; pick: number; sub: number }
  | { kind: 'creditDelete'; pick: number };

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
  fc.record({ kind: fc.constant('moveSub' as const), pick: index, sub: index }),
  fc.record({ kind: fc.constant('total' as const), sub: index, cents }),
  fc.record({ kind: fc.constant('credit' as const), sub: index, cents }),
  fc.record({ kind: fc.constant('creditAmount' as const), pick: index, cents }),
  fc.record({ kind: fc.constant('creditMove' as const), pick: index, sub: index }),
  fc.record({ kind: fc.constant('creditDelete' as const), pick: index }),
);

/** Runs one write on cheques, credits or a subscription's total, as any code path (service, import, CLI) might. */
function apply(db: Db, subs: number[], dates: number[], o: Op): void {
  const sql = db.$client;
  const now = '2026-11-28T10:00:00.000Z';
  const sub = 'sub' in o ? subs[o.sub % subs.length] : 0;
  if (o.kind === 'total')
    return void sql.prepare('update subscriptions set total_cents = ? where id = ?').run(o.cents, sub);
  if (o.kind === 'credit')
    return void sql
      .prepare(`insert into credits (subscription_id, amount_cents, reason, created_at) values (?, ?, 'geste', ?)`)
      .run(sub, o.cents, now);
  if (o.kind === 'creditAmount' || o.kind === 'creditMove' || o.kind === 'creditDelete') {
    const credits = (sql.prepare('select id from credits order by id').all() as { id: number }[]).map((r) => r.id);
    if (!credits.length) return;
    const credit = credits[o.pick % credits.length];
    if (o.kind === 'creditAmount') sql.prepare('update credits set amount_cents = ? where id = ?').run(o.cents, credit);
    else if (o.kind === 'creditMove')
      sql.prepare('update credits set subscription_id = ? where id = ?').run(sub, credit);
    else sql.prepare('delete from credits where id = ?').run(credit);
    return;
  }
  const ids = (sql.prepare('select id from cheques order by id').all() as { id: number }[]).map((r) => r.id);
  const id = ids.length ? ids[('pick' in o ? o.pick : 0) % ids.length] : null;
  if (o.kind === 'insert')
    sql
      .prepare(
        `insert into cheques (subscription_id, payment_date_id, amount_cents, status, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?)`,
      )
      .run(sub, dates[o.date % dates.length], o.cents, STATUSES[o.status], now, now);
  else if (id === null) return;
  else if (o.kind === 'status') sql.prepare('update cheques set status = ? where id = ?').run(STATUSES[o.status], id);
  else if (o.kind === 'amount') sql.prepare('update cheques set amount_cents = ? where id = ?').run(o.cents, id);
  else if (o.kind === 'move')
    sql
      .prepare('update cheques set payment_date_id = ?, status = ? where id = ?')
      .run(dates[o.date % dates.length], STATUSES[o.status], id);
  else if (o.kind === 'moveSub') sql.prepare('update cheques set subscription_id = ? where id = ?').run(sub, id);
  else if (o.kind === 'note') sql.prepare(`update cheques set note = 'vu', updated_at = ? where id = ?`).run(now, id);
  else sql.prepare('delete from cheques where id = ?').run(id);
}

/** Gives the cheques every status in turn. */
function spreadStatuses(db: Db): void {
  const ids = (db.$client.prepare('select id from cheques order by id').all() as { id: number }[]).map((r) => r.id);
  const set = db.$client.prepare('update cheques set status = ? where id = ?');
  ids.forEach((id, i) => set.run(STATUSES[i % STATUSES.length], id));
}

class Rollback extends Error {}

/** Every derived figure equals the one counted from the rows it is derived from. */
function expectExact(db: Db): void {
  expect(stored(db)).to.deep.equal(counted(db));
  const left = db.$client
    .prepare('select count(*) n from payment_date_cheque_sums where n < 0 or (n = 0 and cents <> 0)')
    .get() as { n: number };
  expect(left.n, 'a status with no cheque left sums to 0').to.equal(0);
  expect(storedMoney(db)).to.deep.equal(countedMoney(db));
  expect(missingMoney(db)).to.equal(0);
  expect(owedStored(db)).to.deep.equal(owedCounted(db));
}

/**
 * A database migrated up to (not including) the migration whose tag ends with `tag`, written by
 * `write`, then reopened with every migration: the sums must then be exact, and `check` holds.
 */
async function beforeMigration(
  tag: string,
  write: (db: Db, ctx: ReturnType<typeof createCtx>) => Promise<(migrated: Db) => void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-sums-'));
  const older = path.join(dir, 'migrations');
  fs.mkdirSync(path.join(older, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir, 'meta/_journal.json'), 'utf8'));
  const last = journal.entries.findIndex((e: { tag: string }) => e.tag.endsWith(tag));
  expect(last).to.be.above(0);
  journal.entries = journal.entries.slice(0, last);
  fs.writeFileSync(path.join(older, 'meta/_journal.json'), JSON.stringify(journal));
  for (const e of journal.entries)
    fs.copyFileSync(path.join(migrationsDir, `${e.tag}.sql`), path.join(older, `${e.tag}.sql`));
  const file = path.join(dir, 'amap.sqlite');
  try {
    const db = openDatabase(file, { migrationsFolder: older });
    const check = await write(db, createCtx(db, testConfig(), new TestClock().now));
    db.$client.close();
    const migrated = openDatabase(file);
    try {
      check(migrated);
      expectExact(migrated);
    } finally {
      migrated.$client.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('cheque sums kept by triggers (per payment date, per subscription)', () => {
  it('match the cheques after the services wrote them', async () => {
    const { t } = await world();
    expect(stored(t.db)).to.have.length.above(3);
    expect(storedMoney(t.db)).to.have.length(3);
    expectExact(t.db);
  });

  it('match the cheques, credits and totals after any sequence of inserts, changes and deletes', async () => {
    const { t, subs, dates } = await world();
    // Cheques of every status from the start, so that a delete or a move often takes one that counts.
    spreadStatuses(t.db);
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        try {
          t.db.$client.transaction(() => {
            for (const o of ops) apply(t.db, subs, dates, o);
            expectExact(t.db);
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
    await beforeMigration('cheque_sums_triggers', async (db, ctx) => {
      const admin = await createAdmin(ctx);
      const c = setupContract(ctx, admin.id);
      const sub = subscribeEveryDelivery(ctx, c, (await createMember(ctx)).id);
      subscribeEveryDelivery(ctx, c, (await createMember(ctx)).id);
      db.$client
        .prepare(`insert into credits (subscription_id, amount_cents, reason, created_at) values (?, 500, 'geste', '')`)
        .run(sub);
      db.$client.prepare(`update cheques set status = 'received' where subscription_id = ?`).run(sub);
      expect(stored(db)).to.deep.equal([]);
      return (migrated) => {
        expect(stored(migrated)).to.have.length(c.paymentDateIds.length * 2);
        expect(storedMoney(migrated)).to.have.length(2);
        expect(owedStored(migrated)).to.deep.equal([sub]);
      };
    });
  });

  it('get the counts and promised cents of the cheques already there when the ledger columns are added', async () => {
    await beforeMigration('ledger_sums', async (db, ctx) => {
      const admin = await createAdmin(ctx);
      const c = setupContract(ctx, admin.id);
      const subs = [];
      for (let i = 0; i < 3; i++) subs.push(subscribeEveryDelivery(ctx, c, (await createMember(ctx)).id));
      // Every status on some subscription: each column has something to count.
      spreadStatuses(db);
      return (migrated) => {
        const rows = storedMoney(migrated);
        expect(rows).to.have.length(3);
        for (const key of ['collectedN', 'receivedN', 'promisedN', 'promisedCents'] as const)
          expect(
            rows.some((r) => r[key] > 0),
            key,
          ).to.equal(true);
      };
    });
  });
});
