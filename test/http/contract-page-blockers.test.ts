import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { makeTestApp, loginAs } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, setupContract } from '../support/contracts.js';
import { contractProducts } from '../../server/db/schema/index.js';
import { saveSubscription } from '../../server/features/subscriptions/subscriptions.service.js';

// The page reads which deliveries and which products were ordered separately, each with probes that
// stop at the first quantity line: one ordered pair must block exactly its delivery and its product.
describe('contract page: what an order blocks', () => {
  it('one ordered product on one delivery: that delivery is cancelled, not removed, and that product stays offered; the others can go', async () => {
    const t = makeTestApp();
    const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
    const lea = await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin' });
    const c = setupContract(t.ctx, admin.id, {
      kind: 'variable',
      products: [
        { name: 'Pain', unit: 'pain de 1 kg', priceCents: 450 },
        { name: 'Brioche', unit: 'brioche', priceCents: 600 },
      ],
    });
    // Léa orders one brioche on the third delivery.
    saveSubscription(
      t.ctx,
      actor(t.ctx, lea.id),
      c.contractId,
      lea.id,
      [{ deliveryId: c.deliveryIds[2], contractProductId: c.productIds[1], quantity: 1 }],
      null,
    );
    const agent = await loginAs(t, 'alice@exemple.fr', PASSWORD);
    const html = (await agent.get(`/gestion/contrats/${c.contractId}`)).text;

    expect(html).to.contain(`/livraisons/${c.deliveryIds[2]}/annuler`);
    expect(html).not.to.contain(`/livraisons/${c.deliveryIds[2]}/supprimer`);
    for (const i of [0, 1, 3]) {
      expect(html).to.contain(`/livraisons/${c.deliveryIds[i]}/supprimer`);
      expect(html).not.to.contain(`/livraisons/${c.deliveryIds[i]}/annuler`);
    }
    const productOf = (id: number) =>
      t.db.select().from(contractProducts).where(eq(contractProducts.id, id)).get()!.productId;
    const [bread, brioche] = [productOf(c.productIds[0]), productOf(c.productIds[1])];
    expect(html).to.contain(`<input type="hidden" name="product_${brioche}" value="on">`);
    expect(html).to.contain(`<input type="checkbox" name="product_${bread}"`);
    expect(html).not.to.contain(`<input type="hidden" name="product_${bread}" value="on">`);
  });
});
