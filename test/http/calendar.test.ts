import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import type request from 'supertest';
import { makeTestApp, loginAs, submitForm, testConfig, type TestApp } from '../support/app.js';
import { createAdmin, createMember, outboxMails, PASSWORD } from '../support/factories.js';
import { actor, setupContract, subscribeEveryDelivery } from '../support/contracts.js';
import { contracts, dutyShifts, members } from '../../server/db/schema/index.js';
import { setDutySettings } from '../../server/features/settings/settings.service.js';
import { takePlace } from '../../server/features/duty/duty.service.js';
import { cancelDelivery } from '../../server/features/contracts/contract-calendar.service.js';
import { cancelDay } from '../../server/features/distributions/distributions.service.js';
import { attachmentsOf } from '../../server/features/mail/mail-attachments.js';
import { statementsRun } from '../support/statements.js';
import { text } from '../support/text.js';

/**
 * Today is 28 November 2026. "Légumes hiver" delivers every Thursday from 7 January to 25 March
 * 2027 (Paris is at +01:00), "Fruits été" every Thursday of June 2027 (+02:00); distributions are
 * 18:30–19:30 in the school yard, with one duty role "Accueil" of 2 places. Léa subscribes to both,
 * Paul to the winter one only.
 */
async function world() {
  const t = makeTestApp({ config: testConfig({ distribution: { place: 'Cour de l’école Jules-Ferry' } }) });
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const winter = setupContract(t.ctx, admin.id);
  t.db.update(contracts).set({ name: 'Légumes hiver' }).where(eq(contracts.id, winter.contractId)).run();
  const summer = setupContract(t.ctx, admin.id, {
    products: [{ name: 'Cagette de fruits', unit: 'cagette (5 kg)', priceCents: 1200 }],
    from: '2027-06-03',
    to: '2027-06-24',
  });
  t.db.update(contracts).set({ name: 'Fruits été' }).where(eq(contracts.id, summer.contractId)).run();
  setDutySettings(t.ctx, actor(t.ctx, admin.id), {
    dutyPlacesPerDay: 3,
    dutyRoles: [{ name: 'Accueil', places: 2 }],
    dutyWithdrawalHours: 48,
    dutyShiftsPerSeason: 2,
    dutySeasonStartMonth: 9,
  });
  const lea = (await createMember(t.ctx, { firstName: 'Léa', lastName: 'Martin', email: 'lea@exemple.fr' })).id;
  const paul = (await createMember(t.ctx, { firstName: 'Paul', lastName: 'Dupont', email: 'paul@exemple.fr' })).id;
  subscribeEveryDelivery(t.ctx, winter, lea, { quantity: 2 });
  subscribeEveryDelivery(t.ctx, summer, lea);
  subscribeEveryDelivery(t.ctx, winter, paul);
  return { t, admin: admin.id, lea, paul, winter, summer };
}

/** Creates (or renews) the member's calendar URL from /compte and returns the feed's path. */
async function feedPathOf(agent: request.Agent): Promise<string> {
  const res = await submitForm(agent, '/compte', '/compte/calendrier', {});
  expect(res.status).to.equal(302);
  const page = (await agent.get('/compte')).text;
  const m = /value="http:\/\/amap\.test(\/calendrier\/[A-Za-z0-9_-]+\.ics)"/.exec(page);
  if (!m) throw new Error('no calendar URL on /compte:\n' + text(page).slice(0, 2000));
  return m[1];
}

interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  location: string;
  status: string;
  startUtc: string;
  endUtc: string;
  tzid: string;
}

function parseFeed(body: string) {
  const cal = new ICAL.Component(ICAL.parse(body));
  const events: ParsedEvent[] = cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      description: e.description,
      location: e.location,
      status: String(v.getFirstPropertyValue('status')),
      startUtc: new Date(e.startDate.toUnixTime() * 1000).toISOString(),
      endUtc: new Date(e.endDate.toUnixTime() * 1000).toISOString(),
      tzid: String(v.getFirstProperty('dtstart')!.getParameter('tzid')),
    };
  });
  return { cal, events };
}

/** RFC 5545 puts every calendar property before the first component: the lines that break it. */
function calendarPropertiesAfterComponents(body: string): string[] {
  let depth = 0;
  let seenComponent = false;
  const misplaced: string[] = [];
  for (const line of body.split('\r\n').filter((l) => l && !l.startsWith(' '))) {
    if (line.startsWith('BEGIN:')) {
      if (depth === 1) seenComponent = true;
      depth++;
    } else if (line.startsWith('END:')) depth--;
    else if (depth === 1 && seenComponent) misplaced.push(line);
  }
  return misplaced;
}

async function fetchFeed(t: TestApp, path: string) {
  const res = await t.agent().get(path);
  expect(res.status, res.text).to.equal(200);
  return { res, ...parseFeed(res.text) };
}

describe('calendar feeds', () => {
  it('a member gets a private URL on /compte; the feed lists each delivery with what they collect, at Paris time in winter and summer', async () => {
    const { t, lea } = await world();
    const agent = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const before = text((await agent.get('/compte')).text);
    expect(before).to.contain('Créer l’adresse de mon calendrier');
    const path = await feedPathOf(agent);
    const page = (await agent.get('/compte')).text;
    expect(page).to.contain(`href="webcal://amap.test${path}"`);
    expect(text(page)).to.contain('Ajouter un calendrier avec abonnement');
    expect(text(page)).to.contain('À partir de l’URL');

    const { res, cal, events } = await fetchFeed(t, path);
    expect(res.headers['content-type']).to.equal('text/calendar; charset=utf-8');
    expect(res.headers['set-cookie']).to.equal(undefined);
    expect(res.headers['cache-control']).to.match(/private|no-store/);
    expect(cal.getFirstSubcomponent('vtimezone')!.getFirstPropertyValue('tzid')).to.equal('Europe/Paris');
    expect(res.text).to.match(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    expect(calendarPropertiesAfterComponents(res.text)).to.deep.equal([]);

    const deliveries = events.filter((e) => e.summary.startsWith('Livraison'));
    expect(deliveries).to.have.length(12 + 4);
    const jan7 = deliveries.find((e) => e.startUtc.startsWith('2027-01-07'))!;
    expect(jan7.summary).to.equal('Livraison Légumes hiver');
    expect(jan7.description).to.contain('2 × Panier de légumes (panier)');
    expect(jan7.location).to.equal('Cour de l’école Jules-Ferry');
    expect(jan7.tzid).to.equal('Europe/Paris');
    expect(jan7.startUtc).to.equal('2027-01-07T17:30:00.000Z');
    expect(jan7.endUtc).to.equal('2027-01-07T18:30:00.000Z');
    expect(jan7.status).to.equal('CONFIRMED');
    const june3 = deliveries.find((e) => e.startUtc.startsWith('2027-06-03'))!;
    expect(june3.summary).to.equal('Livraison Fruits été');
    expect(june3.description).to.contain('1 × Cagette de fruits (cagette, 5 kg)');
    expect(june3.startUtc).to.equal('2027-06-03T16:30:00.000Z');
    expect(new Set(events.map((e) => e.uid)).size).to.equal(events.length);
    expect(jan7.uid).to.match(new RegExp(`^livraison-\\d+-membre-${lea}@amap\\.test$`));
  });

  it('duty shifts are in the feed with their role; a cancelled delivery and a cancelled day are CANCELLED', async () => {
    const { t, admin, lea, paul, winter } = await world();
    takePlace(t.ctx, actor(t.ctx, lea), { on: '2027-01-14', memberId: lea, roleName: 'Accueil' });
    takePlace(t.ctx, actor(t.ctx, paul), { on: '2027-01-14', memberId: paul, roleName: 'Accueil' });
    takePlace(t.ctx, actor(t.ctx, lea), { on: '2027-02-04', memberId: lea, roleName: 'Accueil' });
    cancelDelivery(t.ctx, actor(t.ctx, admin), winter.contractId, winter.deliveryIds[2]); // 21 January
    cancelDay(t.ctx, actor(t.ctx, admin), '2027-02-04', 'Grève des transports');
    const path = await feedPathOf(await loginAs(t, 'lea@exemple.fr', PASSWORD));
    const { events } = await fetchFeed(t, path);

    const shifts = events.filter((e) => e.summary.startsWith('Permanence'));
    expect(shifts.map((s) => [s.summary, s.startUtc, s.status])).to.deep.equal([
      ['Permanence – Accueil', '2027-01-14T17:30:00.000Z', 'CONFIRMED'],
      ['Permanence – Accueil (annulée)', '2027-02-04T17:30:00.000Z', 'CANCELLED'],
    ]);
    expect(shifts[0].description).to.contain('Avec : Paul Dupont');
    const shiftIds = t.db.select().from(dutyShifts).where(eq(dutyShifts.memberId, lea)).all();
    expect(shifts[0].uid).to.equal(`permanence-${shiftIds[0].id}@amap.test`);

    const jan21 = events.find((e) => e.startUtc.startsWith('2027-01-21'))!;
    expect(jan21.status).to.equal('CANCELLED');
    expect(jan21.summary).to.equal('Livraison Légumes hiver (annulée)');
    const feb4 = events.find((e) => e.startUtc.startsWith('2027-02-04') && e.summary.startsWith('Livraison'))!;
    expect(feb4.status).to.equal('CANCELLED');
    expect(feb4.description).to.contain('Grève des transports');
    expect(events.filter((e) => e.status === 'CANCELLED')).to.have.length(3);
  });

  it('a new URL keeps the same events (same UIDs); the old URL, an unknown or malformed token give 404, without a cookie', async () => {
    const { t } = await world();
    const agent = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const first = await feedPathOf(agent);
    const uidsBefore = (await fetchFeed(t, first)).events.map((e) => e.uid);
    const second = await feedPathOf(agent);
    expect(second).not.to.equal(first);
    expect(text((await agent.get('/compte')).text)).to.contain('Créer une nouvelle adresse');
    const uidsAfter = (await fetchFeed(t, second)).events.map((e) => e.uid);
    expect(uidsAfter).to.deep.equal(uidsBefore);

    for (const wrong of [first, '/calendrier/' + 'A'.repeat(43) + '.ics', '/calendrier/abc.ics', '/calendrier/x']) {
      const res = await t.agent().get(wrong);
      expect(res.status, wrong).to.equal(404);
      expect(res.headers['set-cookie'], wrong).to.equal(undefined);
    }
    // The token opens the feed and nothing else.
    const home = await t.agent().get('/').set('Cookie', '');
    expect(home.status).to.equal(302);
  });

  it('guessing tokens is slowed down: after 30 wrong tokens from one address, 429, even for a good token from that address', async () => {
    const { t } = await world();
    const path = await feedPathOf(await loginAs(t, 'lea@exemple.fr', PASSWORD));
    for (let i = 0; i < 30; i++)
      expect((await t.agent().get(`/calendrier/${'C'.repeat(42)}${i % 10}.ics`)).status).to.equal(404);
    expect((await t.agent().get(`/calendrier/${'D'.repeat(43)}.ics`)).status).to.equal(429);
    expect((await t.agent().get(path)).status).to.equal(429);
  });

  it('an inactive member’s feed is gone', async () => {
    const { t, lea } = await world();
    const path = await feedPathOf(await loginAs(t, 'lea@exemple.fr', PASSWORD));
    t.db.update(members).set({ active: false }).where(eq(members.id, lea)).run();
    expect((await t.agent().get(path)).status).to.equal(404);
  });

  it('the AMAP’s feed of distribution days is private by default (a member’s token), public once the setting says so', async () => {
    const { t } = await world();
    const lea = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const path = await feedPathOf(lea);
    const token = /\/calendrier\/(.+)\.ics$/.exec(path)![1];
    expect((await t.agent().get('/calendrier/amap.ics')).status).to.equal(404);
    expect((await t.agent().get('/calendrier/amap/' + 'B'.repeat(43) + '.ics')).status).to.equal(404);
    const { events } = await fetchFeed(t, `/calendrier/amap/${token}.ics`);
    expect(events).to.have.length(12 + 4);
    const jan7 = events.find((e) => e.startUtc.startsWith('2027-01-07'))!;
    expect(jan7.summary).to.equal('Distribution');
    expect(jan7.description).to.contain('Légumes hiver (GAEC des Volcans)');
    expect(jan7.description).to.contain('2 places encore libres');
    expect(jan7.uid).to.equal('distribution-2027-01-07@amap.test');

    const admin = await loginAs(t, 'alice@exemple.fr', PASSWORD);
    expect(text((await admin.get('/admin/reglages')).text)).to.contain('Calendrier des distributions public');
    const saved = await submitForm(admin, '/admin/reglages', '/admin/reglages/calendrier', {
      calendarFeedPublic: 'on',
    });
    expect(saved.status).to.equal(302);
    const open = await fetchFeed(t, '/calendrier/amap.ics');
    expect(open.events.map((e) => e.uid)).to.deep.equal(events.map((e) => e.uid));
    // A member cannot change it.
    const refused = await submitForm(lea, '/compte', '/admin/reglages/calendrier', {});
    expect(refused.status).to.equal(403);
    expect((await t.agent().get('/calendrier/amap.ics')).status).to.equal(200);
  });

  it('the duty sign-up mail carries the shift as an .ics that parses, with the feed’s UID', async () => {
    const { t, lea } = await world();
    takePlace(t.ctx, actor(t.ctx, lea), { on: '2027-06-10', memberId: lea, roleName: 'Accueil' });
    const mail = outboxMails(t.ctx).find((m) => m.toAddress === 'lea@exemple.fr' && m.subject.includes('inscrit'))!;
    expect(mail.text).to.contain('Le fichier joint (.ics)');
    const [ics] = attachmentsOf(t.db, [mail.id]).get(mail.id)!;
    expect(ics.filename).to.equal('permanence-2027-06-10.ics');
    expect(ics.contentType).to.match(/^text\/calendar/);
    const { cal, events } = parseFeed(ics.body.toString('utf8'));
    expect(cal.getFirstPropertyValue('method')).to.equal('PUBLISH');
    expect(events).to.have.length(1);
    expect(events[0].summary).to.equal('Permanence – Accueil');
    expect(events[0].startUtc).to.equal('2027-06-10T16:30:00.000Z');
    expect(events[0].location).to.equal('Cour de l’école Jules-Ferry');
    const feed = await fetchFeed(t, await feedPathOf(await loginAs(t, 'lea@exemple.fr', PASSWORD)));
    expect(feed.events.map((e) => e.uid)).to.include(events[0].uid);
  });

  it('the feed runs the same number of statements for 12 deliveries as for 16 deliveries and two shifts', async () => {
    const { t, lea } = await world();
    takePlace(t.ctx, actor(t.ctx, lea), { on: '2027-01-14', memberId: lea, roleName: 'Accueil' });
    takePlace(t.ctx, actor(t.ctx, lea), { on: '2027-06-10', memberId: lea, roleName: 'Accueil' });
    const leaPath = await feedPathOf(await loginAs(t, 'lea@exemple.fr', PASSWORD));
    const paulPath = await feedPathOf(await loginAs(t, 'paul@exemple.fr', PASSWORD));
    const counts: number[] = [];
    for (const path of [paulPath, leaPath]) {
      let events: unknown[] = [];
      const run = await statementsRun(t.db, async () => ({ events } = await fetchFeed(t, path)));
      expect(events.length).to.be.greaterThan(10);
      counts.push(run.length);
    }
    expect(counts[0]).to.equal(counts[1]);
    expect(counts[0]).to.be.at.most(10);
  });
});
