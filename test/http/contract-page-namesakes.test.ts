import { expect } from 'chai';
import { makeTestApp, loginAs } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { createProducer, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { text } from '../support/text.js';

describe('contract page: the table of subscribers', () => {
  it('lists namesakes in the order they joined, whatever their totals, with each one’s own figures', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    const ref = await createMember(t.ctx, { firstName: 'Rémi', lastName: 'Référent', email: 'remi@exemple.fr' });
    const producerId = createProducer(t.ctx, { referentIds: [ref.id] });
    const c = setupContract(t.ctx, ref.id, { producerId });
    // The first Léa Martin orders more than the second: an order by total would swap them.
    const first = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin' });
    const second = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin' });
    subscribeEveryDelivery(t.ctx, c, first.id, { quantity: 2 });
    subscribeEveryDelivery(t.ctx, c, second.id);
    const agent = await loginAs(t, 'remi@exemple.fr', PASSWORD);
    const res = await agent.get(`/gestion/contrats/${c.contractId}`);
    expect(res.status).to.equal(200);
    const table = res.text.slice(res.text.lastIndexOf('<table'));
    const rows = table.split('<tr>').slice(2);
    expect(rows).to.have.length(2);
    expect(rows[0]).to.contain(`/membres/${first.id}"`);
    expect(rows[1]).to.contain(`/membres/${second.id}"`);
    // Each row's total, cheque count and amounts are its own subscription's.
    expect(text(rows[0])).to.contain('MARTIN Léa contrat (PDF) 360,00 € 3 0,00 € / 360,00 €');
    expect(text(rows[1])).to.contain('MARTIN Léa contrat (PDF) 180,00 € 3 0,00 € / 180,00 €');
  });
});
