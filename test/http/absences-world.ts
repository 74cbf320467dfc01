import type request from 'supertest';
import { and, eq, isNull } from 'drizzle-orm';
import { absences, cheques, subscriptionQuantities, subscriptions } from '../../server/db/schema/index.js';
import { saveAbsenceSettings } from '../../server/features/absences/absence-settings.service.js';
import { DEFAULT_ABSENCE_SETTINGS, type AbsenceSettings } from '../../server/domain/absences.js';
import { makeTestApp, loginAs, submitForm } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { actor, createProducer, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { text } from '../support/text.js';

export type Who = 'lea' | 'paul' | 'zoe' | 'remi' | 'alice';

/**
 * "Légumes été 2027" (GAEC des Volcans, 15 € the basket) delivers every Thursday from 7 January to
 * 25 March 2027; today is 28 November 2026. It allows 3 absences with carry-over, 7 days before,
 * and baskets to give until 24 h before 18:30. Léa Martin and Paul Roux take one basket every
 * Thursday; Zoé Abel has no subscription; Rémi is the producer's referent.
 */
export async function absencesWorld(settings: Partial<AbsenceSettings> = {}) {
  const t = makeTestApp();
  const alice = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const person = async (firstName: string, lastName: string, email: string) =>
    (await createMember(t.ctx, { firstName, lastName, email, phone: '06 11 22 33 44' })).id;
  const ids = {
    alice: alice.id,
    lea: await person('Léa', 'Martin', 'lea@exemple.fr'),
    paul: await person('Paul', 'Roux', 'paul@exemple.fr'),
    zoe: await person('Zoé', 'Abel', 'zoe@exemple.fr'),
    remi: await person('Rémi', 'Vidal', 'remi@exemple.fr'),
  };
  const producerId = createProducer(t.ctx, { referentIds: [ids.remi] });
  const veg = setupContract(t.ctx, alice.id, { producerId });
  saveAbsenceSettings(t.ctx, actor(t.ctx, alice.id), veg.contractId, {
    ...DEFAULT_ABSENCE_SETTINGS,
    absencesAllowed: true,
    maxPerMember: 3,
    exchangeAllowed: true,
    ...settings,
  });
  const sub = { lea: subscribeEveryDelivery(t.ctx, veg, ids.lea), paul: subscribeEveryDelivery(t.ctx, veg, ids.paul) };
  const as = (who: Who) => loginAs(t, `${who}@exemple.fr`, PASSWORD);

  /** Quantities of a subscription per delivery index (0 = 7 January). */
  const perDelivery = (subscriptionId: number) => {
    const rows = t.db
      .select()
      .from(subscriptionQuantities)
      .where(eq(subscriptionQuantities.subscriptionId, subscriptionId))
      .all();
    return veg.deliveryIds.map((d) => rows.filter((r) => r.deliveryId === d).reduce((a, r) => a + r.quantity, 0));
  };
  const totalOf = (subscriptionId: number) =>
    t.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)).get()!.totalCents;
  const chequesOf = (subscriptionId: number) =>
    t.db
      .select({ amountCents: cheques.amountCents, status: cheques.status, paymentDateId: cheques.paymentDateId })
      .from(cheques)
      .where(eq(cheques.subscriptionId, subscriptionId))
      .orderBy(cheques.paymentDateId, cheques.id)
      .all()
      .filter((c) => c.status !== 'cancelled');
  const liveAbsences = (subscriptionId: number) =>
    t.db
      .select()
      .from(absences)
      .where(and(eq(absences.subscriptionId, subscriptionId), isNull(absences.withdrawnAt)))
      .all();
  return { t, veg, ids, sub, as, perDelivery, totalOf, chequesOf, liveAbsences };
}

export type AbsencesWorld = Awaited<ReturnType<typeof absencesWorld>>;

/** POSTs a form with the CSRF token of `page`, then reads the page it redirects to (its flash). */
export async function tap(agent: request.Agent, page: string, action: string, fields: Record<string, string> = {}) {
  const res = await submitForm(agent, page, action, fields);
  const next = res.status === 302 ? await agent.get(res.headers.location as string) : null;
  return {
    status: res.status,
    location: res.headers.location as string | undefined,
    page: text(next?.text ?? res.text),
  };
}
