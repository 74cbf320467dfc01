import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { makeTestApp, loginAs } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { createProducer, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { cheques, subscriptions } from '../../server/db/schema/index.js';
import { text } from '../support/text.js';

// The contract page reads its figures, its table of subscribers and its archive problems from one
// ledger of the contract's subscriptions: these pin what each shows when they disagree.
describe('contract page: figures, subscribers and archive problems from one ledger', () => {
  it('orders subscribers the French way, accents and all', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    const ref = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
    const producerId = createProducer(t.ctx, { referentIds: [ref.id] });
    const c = setupContract(t.ctx, ref.id, { producerId });
    for (const [firstName, lastName] of [
      ['Paul', 'Fabre'],
      ['Eric', 'Dupont'],
      ['Léa', 'Éluard'],
      ['Émilie', 'Dupont'],
    ]) {
      const m = await createMember(t.ctx, { firstName, lastName });
      subscribeEveryDelivery(t.ctx, c, m.id);
    }
    const agent = await loginAs(t, 'remi@exemple.fr', PASSWORD);
    const res = await agent.get(`/gestion/contrats/${c.contractId}`);
    const table = text(res.text.slice(res.text.lastIndexOf('<table')));
    const names = ['DUPONT Émilie', 'DUPONT Eric', 'ÉLUARD Léa', 'FABRE Paul'];
    const at = names.map((n) => table.indexOf(n));
    expect(at.every((i) => i >= 0)).to.equal(true);
    expect([...at].sort((a, b) => a - b)).to.deep.equal(at);
  });

  it('counts a cancelled subscription’s kept cheque in the figures and as money to give back, not in the table', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    const ref = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
    const producerId = createProducer(t.ctx, { referentIds: [ref.id] });
    const c = setupContract(t.ctx, ref.id, { producerId });
    const anne = await createMember(t.ctx, { firstName: 'Anne', lastName: 'Aubert' });
    const bruno = await createMember(t.ctx, { firstName: 'Bruno', lastName: 'Bastide' });
    subscribeEveryDelivery(t.ctx, c, anne.id, { quantity: 2 });
    const gone = subscribeEveryDelivery(t.ctx, c, bruno.id);
    // Bruno left after giving his first cheque: it stays received, the others are cancelled.
    t.db.update(subscriptions).set({ status: 'cancelled', totalCents: 0 }).where(eq(subscriptions.id, gone)).run();
    t.db.update(cheques).set({ status: 'cancelled' }).where(eq(cheques.subscriptionId, gone)).run();
    t.db
      .update(cheques)
      .set({ status: 'received' })
      .where(and(eq(cheques.subscriptionId, gone), eq(cheques.paymentDateId, c.paymentDateIds[0])))
      .run();

    const agent = await loginAs(t, 'remi@exemple.fr', PASSWORD);
    const res = await agent.get(`/gestion/contrats/${c.contractId}`);
    const shown = text(res.text);
    expect(shown).to.contain('1 souscripteur ');
    expect(shown).to.contain('360,00 € commandés');
    expect(shown).to.contain('1 / 4 chèques reçus (60,00 € sur 420,00 €)');
    expect(shown).to.contain('1 membre à rembourser (chèques reçus au-delà du total)');
    expect(shown).to.contain('3 chèques promis non reçus');
    expect(shown).to.contain('1 chèque reçu pas encore remis au producteur');
    // Bruno stays in the member picker (anyone may be subscribed), not among the subscribers.
    const table = text(res.text.slice(res.text.lastIndexOf('<table')));
    expect(table).to.contain('AUBERT Anne');
    expect(table).to.not.contain('BASTIDE');
  });
});
