import { expect } from 'chai';
import { makeTestApp, loginAs, csrfFrom } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract } from '../support/contracts.js';
import { cheques, handovers } from '../../server/db/schema/index.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';
import { receiveCheques } from '../../server/features/treasury/cheques.service.js';
import { text } from '../support/text.js';

/** Ids typed in query strings and forms follow the same strict spelling as ids in paths (web/params.ts). */
describe('ids in query strings and forms', () => {
  async function world() {
    const t = makeTestApp();
    const admin = await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
    const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin' });
    const c = setupContract(t.ctx, admin.id, { producerId: createProducer(t.ctx) });
    const sub = saveSubscription(
      t.ctx,
      actor(t.ctx, lea.id),
      c.contractId,
      lea.id,
      c.deliveryIds.map((deliveryId) => ({ deliveryId, contractProductId: c.productIds[0], quantity: 1 })),
      null,
    );
    const first = t.db
      .select()
      .from(cheques)
      .all()
      .find((x) => x.subscriptionId === sub)!;
    receiveCheques(t.ctx, actor(t.ctx, admin.id), [{ chequeId: first.id, bank: '', number: '' }]);
    const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
    return { t, c, lea, agent };
  }

  it('the member picker of a contract refuses "0x10", "1e0" and " 1" as a member', async () => {
    const { c, lea, agent } = await world();
    for (const raw of [`0x${lea.id.toString(16)}`, `${lea.id}e0`, ` ${lea.id}`]) {
      const res = await agent.get(`/gestion/contrats/${c.contractId}/souscription?membre=${encodeURIComponent(raw)}`);
      expect(res.headers.location, raw).to.equal(`/gestion/contrats/${c.contractId}`);
      expect(text((await agent.get(res.headers.location)).text)).to.contain('Choisissez un membre.');
    }
    const ok = await agent.get(`/gestion/contrats/${c.contractId}/souscription?membre=${lea.id}`);
    expect(ok.headers.location).to.equal(`/gestion/contrats/${c.contractId}/membres/${lea.id}/souscrire`);
  });

  it('the reception page opens a member for their id only', async () => {
    const { lea, agent } = await world();
    expect(text((await agent.get(`/tresorerie/reception?membre=${lea.id}`)).text)).to.contain('Léa Martin');
    expect(text((await agent.get(`/tresorerie/reception?membre=${lea.id}e0`)).text)).to.not.contain('Léa Martin');
  });

  it('a handover is not created for a contract or a payment date spelled "1e0"', async () => {
    const { t, c, agent } = await world();
    const csrf = csrfFrom((await agent.get('/tresorerie/remises')).text);
    const bad = await agent
      .post('/tresorerie/remises')
      .type('form')
      .send({ _csrf: csrf, contractId: `${c.contractId}e0`, paymentDateId: String(c.paymentDateIds[0]) });
    expect(bad.status).to.equal(404);
    const preview = await agent.get(`/tresorerie/remises/nouvelle?contrat=${c.contractId}e0`);
    expect(preview.status).to.equal(404);
    expect(t.db.select().from(handovers).all()).to.have.length(0);
    const good = await agent
      .post('/tresorerie/remises')
      .type('form')
      .send({
        _csrf: csrf,
        contractId: String(c.contractId),
        paymentDateId: String(c.paymentDateIds[0]),
        earlyConfirmed: 'on',
      });
    expect(good.status).to.equal(302);
    expect(t.db.select().from(handovers).all()).to.have.length(1);
  });
});
