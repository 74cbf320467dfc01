import { expect } from 'chai';
import { asc, eq } from 'drizzle-orm';
import { makeTestApp, loginAs } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { text } from '../support/text.js';
import { cheques, contracts } from '../../server/db/schema/index.js';

/**
 * Léa holds bread of the 2026 season (September–October) and vegetables of 2027 (January–March).
 * "Mes paiements" reads her subscriptions once for the cheques and for the statements she may download.
 */
async function world() {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr', roles: ['treasurer'] });
  const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' });
  const bread = setupContract(t.ctx, admin.id, {
    products: [{ name: 'Pain', unit: 'pain', priceCents: 500 }],
    from: '2026-09-03',
    to: '2026-10-29',
  });
  t.db.update(contracts).set({ name: 'Pain 2026' }).where(eq(contracts.id, bread.contractId)).run();
  const veg = setupContract(t.ctx, admin.id);
  t.db.update(contracts).set({ name: 'Légumes 2027' }).where(eq(contracts.id, veg.contractId)).run();
  const breadSub = subscribeEveryDelivery(t.ctx, bread, lea.id);
  subscribeEveryDelivery(t.ctx, veg, lea.id);
  return { t, breadSub, agent: await loginAs(t, 'lea@exemple.fr', PASSWORD) };
}

describe('/mes-paiements: the statements to download and the cheques still to bring', () => {
  it('lists the latest season and contract first, each with its link', async () => {
    const { agent } = await world();
    const html = (await agent.get('/mes-paiements')).text;
    const links = [...html.matchAll(/href="\/mes-paiements\/recapitulatif\.pdf\?([^"]+)"/g)].map((m) => m[1]);
    expect(links).to.have.length(4);
    expect(links.slice(0, 2)).to.deep.equal(['saison=2027', 'saison=2026']);
    const page = text(html);
    expect(page).to.match(
      /Saison 2027 \(tous les contrats\)[\s\S]*Saison 2026[\s\S]*Légumes 2027 PDF[\s\S]*Pain 2026 PDF/,
    );
  });

  it('leaves a cancelled cheque out of what is still to bring', async () => {
    const { t, breadSub, agent } = await world();
    // Bread: 9 deliveries × 5 € = 45 € in two cheques (September and October).
    expect(text((await agent.get('/mes-paiements')).text)).to.contain('Pain 2026 à l’ordre de');
    const [first] = t.db
      .select()
      .from(cheques)
      .where(eq(cheques.subscriptionId, breadSub))
      .orderBy(asc(cheques.id))
      .all();
    const before = text((await agent.get('/mes-paiements')).text);
    t.db.update(cheques).set({ status: 'cancelled' }).where(eq(cheques.id, first.id)).run();
    const after = text((await agent.get('/mes-paiements')).text);
    const count = (page: string) => Number(/(\d+) chèques? à l’ordre de/.exec(page.split('Chèques à apporter')[1])![1]);
    expect(count(after)).to.equal(count(before) - 1);
  });
});
