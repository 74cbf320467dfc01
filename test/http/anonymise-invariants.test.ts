import { expect } from 'chai';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { asc } from 'drizzle-orm';
import * as schema from '../../server/db/schema/index.js';
import { openDatabase, type Db } from '../../server/db/client.js';
import { createCtx, type Ctx } from '../../server/lib/context.js';
import { ValidationError } from '../../server/lib/errors.js';
import { seedDemo } from '../../server/demo/seed.js';
import { findActiveActor } from '../../server/features/auth/auth.queries.js';
import { anonymiseMember } from '../../server/features/privacy/anonymise.service.js';
import { subscriptionBalances } from '../../server/features/treasury/treasury.queries.js';
import { totalsByContractAndPaymentDate, totalsByProducerAndMonth } from '../../server/read/cheque-totals.js';
import { testConfig } from '../support/app.js';
import { TestClock } from '../support/clock.js';

/**
 * Every figure the money depends on, without names: what anonymisation must leave exactly as it
 * was (DESIGN.md §5: totals, cheques, handovers, credits, memberships, balances).
 */
function moneyFigures(db: Db) {
  const rows = <T>(q: { all(): T[] }) => q.all();
  return {
    subscriptions: rows(
      db
        .select({
          id: schema.subscriptions.id,
          memberId: schema.subscriptions.memberId,
          total: schema.subscriptions.totalCents,
          status: schema.subscriptions.status,
        })
        .from(schema.subscriptions)
        .orderBy(asc(schema.subscriptions.id)),
    ),
    cheques: rows(db.select().from(schema.cheques).orderBy(asc(schema.cheques.id))),
    handovers: rows(db.select().from(schema.handovers).orderBy(asc(schema.handovers.id))),
    credits: rows(db.select().from(schema.credits).orderBy(asc(schema.credits.id))),
    memberships: rows(db.select().from(schema.memberships).orderBy(asc(schema.memberships.id))),
    dutyShifts: rows(db.select().from(schema.dutyShifts).orderBy(asc(schema.dutyShifts.id))),
    balances: subscriptionBalances(db, null)
      .map((b) => ({ id: b.subscriptionId, balance: b.balance, returnable: b.returnable }))
      .sort((a, b) => a.id - b.id),
    byProducerAndMonth: totalsByProducerAndMonth(db, {}),
    byContractAndDate: totalsByContractAndPaymentDate(db, {}),
  };
}

describe('anonymisation keeps every money invariant (property, on the demo AMAP)', () => {
  let image: Buffer;
  let memberIds: number[];
  const clock = new TestClock();

  before(async function () {
    this.timeout(30_000);
    const db = openDatabase(':memory:');
    await seedDemo(createCtx(db, testConfig(), clock.now));
    image = db.$client.serialize();
    memberIds = db.$client.prepare('select id from members order by id').pluck().all() as number[];
    db.$client.close();
  });

  /** A fresh copy of the seeded demo database (deserialised: no second seeding). */
  function demo(): Ctx {
    const sqlite = new Database(image);
    sqlite.pragma('foreign_keys = ON');
    return createCtx(drizzle(sqlite, { schema }) as Db, testConfig(), clock.now);
  }

  it('whichever former members are anonymised, in whatever order, the figures stay; only members owed nothing either way go', () => {
    let anonymised = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.shuffledSubarray(memberIds.slice(1), { minLength: 1, maxLength: 12 }), (chosen) => {
        const ctx = demo();
        try {
          const admin = findActiveActor(ctx.db, memberIds[0])!;
          const before = moneyFigures(ctx.db);
          const owing = new Set(
            before.balances
              .filter((b) => b.balance.dueCents > 0 || b.balance.owedBackCents > 0)
              .map((b) => before.subscriptions.find((s) => s.id === b.id)!.memberId),
          );
          for (const m of before.memberships) if (m.status === 'promised') owing.add(m.memberId);
          for (const id of chosen) {
            try {
              anonymiseMember(ctx, admin, id);
              expect(owing.has(id), `member ${id} owed money and was anonymised`).to.equal(false);
              anonymised++;
            } catch (e) {
              expect(e).to.be.instanceOf(ValidationError);
              expect(owing.has(id), `member ${id} owed nothing and was refused: ${(e as Error).message}`).to.equal(
                true,
              );
              refused++;
            }
          }
          expect(moneyFigures(ctx.db)).to.deep.equal(before);
        } finally {
          ctx.db.$client.close();
        }
      }),
      { numRuns: 25, seed: 12 },
    );
    expect(anonymised, 'some anonymised').to.be.greaterThan(0);
    expect(refused, 'some refused').to.be.greaterThan(0);
  });
});
