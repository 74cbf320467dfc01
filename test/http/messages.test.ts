import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type request from 'supertest';
import {
  auditLog,
  mailAttachments,
  messageRecipients,
  messages,
  outboxAttachments,
} from '../../server/db/schema/index.js';
import type { MailTransport } from '../../server/lib/mailer.js';
import { sendOutbox } from '../../server/features/mail/send-outbox.task.js';
import { csrfFrom, loginAs, makeTestApp, type TestApp } from '../support/app.js';
import { outboxMails, PASSWORD } from '../support/factories.js';
import { audienceWorld, DUTY_DAY } from '../support/audience.js';
import { decode, text } from '../support/text.js';

type World = Awaited<ReturnType<typeof audienceWorld>>;

/** Posts the message form (multipart, as the browser does) with the filter's fields first. */
async function postMessage(
  agent: request.Agent,
  filter: [string, string][],
  fields: Record<string, string>,
  files: { name: string; body: Buffer }[] = [],
  action = '/messages/nouveau',
) {
  const page = await agent.get(`/messages/nouveau?${new URLSearchParams(filter)}`);
  let req = agent.post(action).field('_csrf', csrfFrom(page.text));
  for (const [k, v] of filter) req = req.field(k, v);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const f of files) req = req.attach('pieces', f.body, f.name);
  return req;
}

async function send(agent: request.Agent, id: number) {
  const preview = await agent.get(`/messages/${id}/apercu`);
  return agent
    .post(`/messages/${id}/envoyer`)
    .type('form')
    .send({ _csrf: csrfFrom(preview.text) });
}

const idFrom = (location: string) => Number(/\/messages\/(\d+)\/apercu$/.exec(location)![1]);

function fakeTransport() {
  const sent: Parameters<MailTransport['sendMail']>[0][] = [];
  const transport: MailTransport = {
    async sendMail(m) {
      sent.push(m);
    },
  };
  return { transport, sent };
}

describe('messages from the app', () => {
  let t: TestApp;
  let w: World;
  const as = (who: keyof World) => loginAs(t, (w[who] as { email: string }).email, PASSWORD);

  beforeEach(async () => {
    t = makeTestApp();
    w = await audienceWorld(t);
  });

  it('previews the exact mail and its recipients, then sends one mail per recipient, replying to the sender', async () => {
    const agent = await as('referent');
    const filter: [string, string][] = [['contrat', String(w.veg.contractId)]];
    const form = await agent.get(`/messages/nouveau?contrat=${w.veg.contractId}`);
    expect(text(form.text)).to.include('À : Souscripteurs de « Légumes été 2027 » — 2 membres');
    const res = await postMessage(agent, filter, {
      objet: 'Carottes en retard',
      texte: 'Les **carottes** arrivent jeudi.\n\n- apportez un sac\n- <b>merci</b>',
    });
    expect(res.status, res.text.slice(0, 300)).to.equal(302);
    const id = idFrom(res.headers.location);
    expect(outboxMails(t.ctx)).to.have.length(0);

    const preview = await agent.get(`/messages/${id}/apercu`);
    const seen = text(preview.text);
    expect(seen).to.include('2 membres recevront ce message');
    expect(seen).to.include('il part aussi à ceux qui ont refusé les annonces');
    expect(seen).to.include('Les réponses iront à victor@amap.test');
    expect(seen).to.include('Carottes en retard');
    const html = await agent.get(`/messages/${id}/apercu.html`);
    expect(html.headers['content-security-policy']).to.include("default-src 'none'");
    expect(html.text).to.include('Bonjour Zoé,');
    expect(html.text).to.include('<strong>carottes</strong>');
    expect(html.text).to.include('<li>&lt;b&gt;merci&lt;/b&gt;</li>');

    const sent = await send(agent, id);
    expect(sent.status).to.equal(302);
    expect(sent.headers.location).to.equal(`/messages/${id}`);
    const mails = outboxMails(t.ctx);
    expect(mails.map((m) => m.toAddress).sort()).to.deep.equal(['lea@exemple.fr', 'zoe@exemple.fr']);
    for (const m of mails) {
      expect(m.subject).to.equal('Carottes en retard');
      expect(m.replyTo).to.equal('victor@amap.test');
      expect(m.essential).to.equal(true);
      expect(m.text).to.include('Les carottes arrivent jeudi.').and.include('- <b>merci</b>');
    }
    expect(mails.find((m) => m.toAddress === 'lea@exemple.fr')!.text).to.include('Bonjour Léa,');

    // The outbox job sends with the sender as reply-to, the recipient alone in "to".
    const { transport, sent: out } = fakeTransport();
    await sendOutbox(t.ctx, transport);
    expect(out.map((m) => m.replyTo)).to.deep.equal(['victor@amap.test', 'victor@amap.test']);
    expect(out.every((m) => !m.to.includes(','))).to.equal(true);
  });

  it('sends nothing twice when "Envoyer" is clicked again', async () => {
    const agent = await as('referent');
    const res = await postMessage(agent, [['permanence-jour', DUTY_DAY]], { objet: 'Permanence', texte: 'Merci !' });
    const id = idFrom(res.headers.location);
    const preview = await agent.get(`/messages/${id}/apercu`);
    const token = csrfFrom(preview.text);
    const first = await agent.post(`/messages/${id}/envoyer`).type('form').send({ _csrf: token });
    const second = await agent.post(`/messages/${id}/envoyer`).type('form').send({ _csrf: token });
    expect(first.status).to.equal(302);
    expect(second.status).to.equal(302);
    expect(outboxMails(t.ctx).map((m) => m.toAddress)).to.deep.equal(['marc@exemple.fr']);
    const page = await agent.get(`/messages/${id}`);
    expect(text(page.text)).to.include('rien n’a été envoyé une seconde fois');
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'message.sent')).all()).to.have.length(1);
  });

  it('honours the opt-out for an announcement and records each recipient’s fate in the history', async () => {
    const agent = await as('admin');
    const res = await postMessage(agent, [['actifs', '1']], { objet: 'Assemblée générale', texte: 'Le 3 février.' });
    const id = idFrom(res.headers.location);
    const preview = text((await agent.get(`/messages/${id}/apercu`)).text);
    expect(preview).to.include('7 membres recevront ce message');
    expect(preview).to.include('C’est une annonce');
    expect(preview).to.include('1 sans adresse e-mail (à prévenir autrement) : Paul Durand (06 01 02 03 04)');
    expect(preview).to.include('1 ont refusé les annonces et ne le recevront pas : Zoé Bernard');
    await send(agent, id);
    const mails = outboxMails(t.ctx);
    expect(mails).to.have.length(7);
    expect(mails.map((m) => m.toAddress)).not.to.include('zoe@exemple.fr');
    expect(mails.every((m) => m.essential === false && m.replyTo === 'alice@amap.test')).to.equal(true);
    const rows = t.db.select().from(messageRecipients).where(eq(messageRecipients.messageId, id)).all();
    expect(rows).to.have.length(9);

    const { transport } = fakeTransport();
    await sendOutbox(t.ctx, transport);
    const detail = await agent.get(`/messages/${id}`);
    const states = [...detail.text.matchAll(/data-state="([a-z-]+)"/g)].map((m) => m[1]);
    expect(states.filter((s) => s === 'sent')).to.have.length(7);
    expect(states.filter((s) => s === 'no-address')).to.have.length(1);
    expect(states.filter((s) => s === 'opted-out')).to.have.length(1);
    expect(text(detail.text)).to.include('Zoé Bernard zoe@exemple.fr annonces refusées : pas envoyé');

    const list = text((await agent.get('/messages')).text);
    expect(list).to.include('Assemblée générale').and.include('9 destinataires').and.include('7 partis');
    const journal = text((await agent.get('/admin/journal')).text);
    expect(journal).to.include(
      'Message « Assemblée générale » envoyé à 9 membres (7 mails, 1 sans adresse, 1 ayant refusé les annonces)',
    );
  });

  it('attaches the month’s planning and an uploaded file, each stored once for every recipient', async () => {
    const agent = await as('admin');
    const upload = Buffer.from('%PDF-1.4 ordre du jour');
    const res = await postMessage(
      agent,
      [
        ['contrat', String(w.bread.contractId)],
        ['contrat', String(w.veg.contractId)],
      ],
      { objet: 'Documents', texte: 'Voici.', planning: '2027-01' },
      [{ name: 'ordre-du-jour.pdf', body: upload }],
    );
    expect(res.status, res.text.slice(0, 400)).to.equal(302);
    const id = idFrom(res.headers.location);
    const preview = text((await agent.get(`/messages/${id}/apercu`)).text);
    expect(preview).to.include('Planning de janvier 2027 (PDF), ordre-du-jour.pdf (1 ko)');
    await send(agent, id);
    const mails = outboxMails(t.ctx);
    expect(mails).to.have.length(2);
    const links = t.db.select().from(outboxAttachments).all();
    expect(links).to.have.length(4);
    expect(links.map((l) => l.filename).sort()).to.deep.equal(
      ['ordre-du-jour.pdf', 'ordre-du-jour.pdf', 'planning-2027-01.pdf', 'planning-2027-01.pdf'].sort(),
    );
    const stored = t.db.select().from(mailAttachments).all();
    expect(stored).to.have.length(2);
    expect(stored.some((s) => s.body.equals(upload))).to.equal(true);
    expect(stored.some((s) => s.body.subarray(0, 5).toString() === '%PDF-' && !s.body.equals(upload))).to.equal(true);
  });

  it('attaches a day’s sign-in sheet and the referent’s own delivery sheet, never another producer’s', async () => {
    const agent = await as('referent');
    const filter: [string, string][] = [['permanence-jour', DUTY_DAY]];
    const other = await postMessage(agent, filter, {
      objet: 'Feuilles',
      texte: 'x',
      livraisonContrat: String(w.bread.contractId),
      livraisonJour: DUTY_DAY,
    });
    expect(other.status).to.equal(422);
    expect(text(other.text)).to.include('Choisissez un de vos contrats.');
    const res = await postMessage(agent, filter, {
      objet: 'Feuilles',
      texte: 'Les feuilles de jeudi.',
      emargement: DUTY_DAY,
      livraisonContrat: String(w.veg.contractId),
      livraisonJour: DUTY_DAY,
    });
    expect(res.status, res.text.slice(0, 300)).to.equal(302);
    await send(agent, idFrom(res.headers.location));
    const names = t.db
      .select()
      .from(outboxAttachments)
      .all()
      .map((a) => a.filename);
    expect(names).to.have.length(2);
    expect(
      names.some((n) => /emargement.*2027-01-14\.pdf$/.test(n)),
      names.join(),
    ).to.equal(true);
    expect(names).to.include('livraison-legumes-2027-01-14.pdf');
  });

  it('refuses an empty subject and a too-large upload with the form refilled and an error summary, saving nothing', async () => {
    const agent = await as('referent');
    const filter: [string, string][] = [['contrat', String(w.veg.contractId)]];
    const empty = await postMessage(agent, filter, { objet: '  ', texte: 'Mon texte gardé' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.include('class="error-summary"');
    expect(text(empty.text)).to.include('Objet : Donnez un objet au message.');
    expect(decode(empty.text)).to.include('>Mon texte gardé</textarea>');
    expect(empty.text).to.include(`name="contrat" value="${w.veg.contractId}"`);

    const big = await postMessage(agent, filter, { objet: 'Photos', texte: 'Les photos de la ferme' }, [
      { name: 'photos.zip', body: Buffer.alloc(5 * 1024 * 1024 + 10, 1) },
    ]);
    expect(big.status).to.equal(413);
    expect(big.text).to.include('class="error-summary"');
    expect(text(big.text)).to.include('Les fichiers joints dépassent 5 Mo en tout');
    expect(decode(big.text)).to.include('>Les photos de la ferme</textarea>');
    expect(big.text).to.include('value="Photos"');

    const twoHalves = await postMessage(agent, filter, { objet: 'Photos', texte: 'x' }, [
      { name: 'a.jpg', body: Buffer.alloc(3 * 1024 * 1024, 1) },
      { name: 'b.jpg', body: Buffer.alloc(3 * 1024 * 1024, 2) },
    ]);
    expect(twoHalves.status).to.equal(413);
    expect(t.db.select().from(messages).all()).to.have.length(0);

    const badDay = await postMessage(agent, filter, { objet: 'Feuille', texte: 'x', emargement: '2027-01-15' });
    expect(badDay.status).to.equal(422);
    expect(text(badDay.text)).to.include('Pas de distribution ce jour-là.');
  });

  it('keeps a referent to their subscribers and the people on duty, and their own history', async () => {
    const referent = await as('referent');
    const other = await postMessage(referent, [['contrat', String(w.bread.contractId)]], { objet: 'x', texte: 'x' });
    expect(other.status).to.equal(403);
    expect((await referent.get(`/messages/nouveau?contrat=${w.bread.contractId}`)).status).to.equal(403);

    const admin = await as('admin');
    const res = await postMessage(admin, [['referents', '1']], { objet: 'Réunion des référents', texte: 'Lundi.' });
    const id = idFrom(res.headers.location);
    await send(admin, id);
    expect((await referent.get(`/messages/${id}`)).status).to.equal(403);
    expect(text((await referent.get('/messages')).text)).not.to.include('Réunion des référents');

    const mine = await postMessage(referent, [['actifs', '1']], { objet: 'À mes souscripteurs', texte: 'Bonjour.' });
    const mineId = idFrom(mine.headers.location);
    // A referent writes about their contracts: Zoé gets it although she opted out of announcements.
    const minePreview = text((await referent.get(`/messages/${mineId}/apercu`)).text);
    expect(minePreview).to.include('2 membres recevront');
    expect(minePreview).to.include('À : Tous les souscripteurs des contrats de Victor Vert (2 membres)');
    expect(minePreview).to.include('il part aussi à ceux qui ont refusé les annonces');
    await send(referent, mineId);
    expect(text((await admin.get('/messages')).text)).to.include('À mes souscripteurs');
  });

  it('is not for members nor the treasurer (403), and the menu says so', async () => {
    for (const who of ['lea', 'treasurer'] as const) {
      const agent = await as(who);
      expect((await agent.get('/messages')).status, who).to.equal(403);
      expect((await agent.get('/messages/nouveau?actifs=1')).status, who).to.equal(403);
    }
    const coordinator = await as('coordinator');
    const home = await coordinator.get('/');
    expect(home.text).to.include('href="/messages"').and.include('href="/adresses"');
    expect((await coordinator.get('/messages/nouveau?actifs=1')).status).to.equal(200);
  });
});
