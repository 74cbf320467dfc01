import { expect } from 'chai';
import { asc, eq } from 'drizzle-orm';
import { makeTestApp, loginAs } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { text } from '../support/text.js';
import { cheques, producerReferents } from '../../server/db/schema/index.js';
import { receiveCheques } from '../../server/features/treasury/cheques.service.js';

/** The page's main content as read (menu, title tag and footer left out). */
function main(html: string): string {
  return text(html.slice(html.indexOf('<main'), html.indexOf('</main>')));
}

describe('words and details', () => {
  it('the 404 page says its title once, then what to do', async () => {
    const t = makeTestApp();
    await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    const agent = await loginAs(t, 'alice@exemple.fr', PASSWORD);
    const res = await agent.get('/nulle-part');
    expect(res.status).to.equal(404);
    const body = main(res.text);
    expect(body.match(/Page introuvable/g)).to.have.length(1);
    expect(body).to.contain('Cette adresse ne mène à aucune page');
    // A message of its own is kept.
    expect(main((await agent.get('/admin/membres/999')).text)).to.contain('Ce membre n’existe pas.');
  });

  it('lists sorted by name read "MARTIN Léa": missing cheques of a handover, a producer’s referents', async () => {
    const t = makeTestApp();
    const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr', roles: ['treasurer'] });
    const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' });
    const helene = await createMember(t.ctx, { firstName: 'Hélène', lastName: 'Durand', email: 'h@exemple.fr' });
    const c = setupContract(t.ctx, admin.id);
    t.db.insert(producerReferents).values({ producerId: c.producerId, memberId: lea.id }).run();
    const leaSub = subscribeEveryDelivery(t.ctx, c, lea.id);
    subscribeEveryDelivery(t.ctx, c, helene.id);
    const [jan] = t.db.select().from(cheques).where(eq(cheques.subscriptionId, leaSub)).orderBy(asc(cheques.id)).all();
    receiveCheques(t.ctx, actor(t.ctx, admin.id), [{ chequeId: jan.id }]);
    const agent = await loginAs(t, 'alice@exemple.fr', PASSWORD);

    const preview = main(
      (await agent.get(`/tresorerie/remises/nouvelle?contrat=${c.contractId}&date=${jan.paymentDateId}`)).text,
    );
    expect(preview).to.contain('Pas encore reçus');
    expect(preview).to.contain('DURAND Hélène · 60,00 €');
    expect(preview).to.contain('MARTIN Léa 60,00 €');

    const producer = main((await agent.get(`/producteurs/${c.producerId}`)).text);
    expect(producer).to.contain('MARTIN Léa');
    expect(producer).not.to.contain('Léa Martin reçoit');
  });
});
