/**
 * The treasury home's payment dates come from one JSON text strung together in SQL
 * (treasury-home.queries.ts): their order is the subquery's, which SQLite keeps but does not
 * promise. Pinned here where ties abound: every contract has the same name, two producers share
 * theirs, and every payment date falls on the 5th of the month.
 */
import { expect } from 'chai';
import { makeTestApp } from '../support/app.js';
import { createAdmin, createMember } from '../support/factories.js';
import { createProducer, setupContract, subscribeEveryDelivery, type ContractSetup } from '../support/contracts.js';
import { treasuryHomeTotals, type PaymentDateProgress } from '../../server/features/treasury/treasury-home.queries.js';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byDateProducerContract = (a: PaymentDateProgress, b: PaymentDateProgress) =>
  compare(a.dueOn, b.dueOn) ||
  compare(a.producerName, b.producerName) ||
  compare(a.contractName, b.contractName) ||
  a.paymentDateId - b.paymentDateId;

describe('treasury home: the payment dates in order', () => {
  async function world() {
    const t = makeTestApp();
    const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const member = await createMember(t.ctx, { email: 'lea@exemple.fr' });
    // Created out of alphabetical order, so that ids and names disagree.
    const names = ['Ferme des Sources', 'Ferme Aubert', 'Ferme Aubert', 'Chèvrerie du Puy'];
    const setups: ContractSetup[] = names.map((name) =>
      setupContract(t.ctx, admin.id, { producerId: createProducer(t.ctx, { name }) }),
    );
    for (const s of setups) subscribeEveryDelivery(t.ctx, s, member.id);
    return { t, setups };
  }

  it('by date, producer, contract, then payment date, with every contract and date once', async () => {
    const { t, setups } = await world();
    const season = { from: '2026-01-01', to: '2027-12-31' };
    const { progress, months } = treasuryHomeTotals(t.db, null, season, season);

    expect(progress.map((p) => p.paymentDateId)).to.deep.equal(
      [...progress].sort(byDateProducerContract).map((p) => p.paymentDateId),
    );
    const allDates = setups.flatMap((s) => s.paymentDateIds);
    expect([...progress.map((p) => p.paymentDateId)].sort((a, b) => a - b)).to.deep.equal(
      [...allDates].sort((a, b) => a - b),
    );
    // The first day: the four contracts, the two "Ferme Aubert" in the order of their dates.
    const first = progress.filter((p) => p.dueOn === progress[0].dueOn);
    expect(first.map((p) => p.producerName)).to.deep.equal([
      'Chèvrerie du Puy',
      'Ferme Aubert',
      'Ferme Aubert',
      'Ferme des Sources',
    ]);
    expect(first[1].paymentDateId).to.be.below(first[2].paymentDateId);

    // Per producer and month: by month, then name, the namesakes apart.
    const keys = months.map((m) => `${m.month} ${m.producerName}`);
    expect(keys).to.deep.equal([...keys].sort());
    expect(months.filter((m) => m.month === months[0].month).map((m) => m.producerName)).to.deep.equal([
      'Chèvrerie du Puy',
      'Ferme Aubert',
      'Ferme Aubert',
      'Ferme des Sources',
    ]);
  });

  it('the same order within a referent’s producers', async () => {
    const { t, setups } = await world();
    const season = { from: '2026-01-01', to: '2027-12-31' };
    const scope = [setups[0].producerId, setups[2].producerId];
    const { progress } = treasuryHomeTotals(t.db, scope, season, season);
    expect(progress.map((p) => p.paymentDateId)).to.deep.equal(
      [...progress].sort(byDateProducerContract).map((p) => p.paymentDateId),
    );
    expect([...new Set(progress.map((p) => p.producerName))].sort()).to.deep.equal([
      'Ferme Aubert',
      'Ferme des Sources',
    ]);
    expect(progress.length).to.equal(setups[0].paymentDateIds.length + setups[2].paymentDateIds.length);
  });
});
