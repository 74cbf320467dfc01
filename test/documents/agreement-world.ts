/**
 * Agreements' known data set: "Légumes été 2027" of "GAEC des Volcans" (address, phone; payee
 * "EARL Les Volcans"), fixed, 26 Thursdays from 6 May to 28 October 2027, a 15 € "Panier", one
 * payment date a month from May to October. Léa Martin (address, phone, e-mail) takes one basket a
 * week: 390 €, six cheques of 65 €.
 */
import { eq } from 'drizzle-orm';
import { members, producers } from '../../server/db/schema/index.js';
import type { AmapIdentity } from '../../server/documents/agreement.data.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { createAdmin, createMember } from '../support/factories.js';
import { createProducer, setupContract, subscribeEveryDelivery, type ContractSetup } from '../support/contracts.js';

export const AMAP: AmapIdentity = {
  name: 'AMAP des Volcans',
  city: 'Clermont-Ferrand',
  distribution: 'Cour de l’école Jules Ferry, 12 rue des Tilleuls, le jeudi de 18 h 30 à 19 h 30',
};

export interface AgreementWorld {
  t: TestApp;
  adminId: number;
  c: ContractSetup;
  leaId: number;
}

export async function agreementWorld(): Promise<AgreementWorld> {
  const t = makeTestApp();
  t.clock.set('2027-04-10T10:00:00.000Z');
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const producerId = createProducer(t.ctx, { name: 'GAEC des Volcans', payee: 'EARL Les Volcans' });
  t.db
    .update(producers)
    .set({ address: 'Lieu-dit Les Granges, 63870 Orcines', phone: '04 73 00 11 22' })
    .where(eq(producers.id, producerId))
    .run();
  const c = setupContract(t.ctx, admin.id, {
    producerId,
    products: [{ name: 'Panier', unit: 'panier de saison', priceCents: 1500 }],
    opensOn: '2027-04-01',
    closesOn: '2027-04-30',
    from: '2027-05-06',
    to: '2027-10-28',
  });
  const lea = await createMember(t.ctx, {
    firstName: 'Léa',
    lastName: 'Martin',
    email: 'lea.martin@exemple.fr',
    phone: '06 11 22 33 44',
    password: null,
  });
  t.db
    .update(members)
    .set({ address: '3 rue des Lilas', postalCode: '63000', city: 'Clermont-Ferrand' })
    .where(eq(members.id, lea.id))
    .run();
  subscribeEveryDelivery(t.ctx, c, lea.id, { by: admin.id });
  return { t, adminId: admin.id, c, leaId: lea.id };
}
