import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { makeTestApp, csrfFrom, loginAs, submitForm } from '../support/app.js';
import { createAdmin, createMember, memberRow, PASSWORD } from '../support/factories.js';
import { members, producers } from '../../server/db/schema/index.js';
import { text } from '../support/text.js';

/** C0 control characters and DEL, but the tab and line breaks a CSV may carry inside a quoted cell. */
const FORBIDDEN_IN_CSV = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

async function admin() {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
  const agent = await loginAs(t, 'admin@exemple.fr', PASSWORD);
  return { t, agent };
}

describe('control characters in text fields', () => {
  it('refuses a NUL in a new member’s name with a French message on that field (422), and writes nothing', async () => {
    const { t, agent } = await admin();
    const before = t.db.select().from(members).all().length;
    const res = await submitForm(agent, '/admin/membres/nouveau', '/admin/membres/nouveau', {
      firstName: 'Lé\u0000a',
      lastName: 'Martin',
      email: 'lea@exemple.fr',
    });
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.contain('Prénom : ce texte contient un caractère invisible non autorisé ; retapez-le.');
    expect(res.text).to.match(/name="firstName"[^>]*aria-invalid="true"/);
    expect(t.db.select().from(members).all()).to.have.length(before);
  });

  it('refuses an escape sequence in the member’s own contact details, keeping what was stored', async () => {
    const { t } = await admin();
    const lea = await createMember(t.ctx, { email: 'lea@exemple.fr', firstName: 'Léa', lastName: 'Martin' });
    const agent = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const res = await submitForm(agent, '/compte', '/compte', {
      firstName: 'Léa',
      lastName: 'Martin',
      email: 'lea@exemple.fr',
      city: 'Riom\u001b[2J',
    });
    expect(res.status).to.equal(422);
    expect(text(res.text)).to.contain('Ville : ce texte contient un caractère invisible non autorisé');
    expect(memberRow(t.ctx, lea.id)!.city).to.equal(null);
  });

  it('keeps the line breaks of a text area (as LF) but refuses a bell in it', async () => {
    const { t, agent } = await admin();
    const bell = await submitForm(agent, '/producteurs/nouveau', '/producteurs/nouveau', {
      name: 'Fournil du Puy',
      description: 'Pain au levain\u0007',
    });
    expect(bell.status).to.equal(422);
    expect(text(bell.text)).to.contain('Description : ce texte contient un caractère invisible non autorisé');
    expect(t.db.select().from(producers).all()).to.have.length(0);

    const ok = await submitForm(agent, '/producteurs/nouveau', '/producteurs/nouveau', {
      name: 'Fournil du Puy',
      description: 'Pain au levain\r\n\tcuit au feu de bois',
    });
    expect(ok.status).to.equal(302);
    const saved = t.db.select().from(producers).where(eq(producers.name, 'Fournil du Puy')).get()!;
    expect(saved.description).to.equal('Pain au levain\n\tcuit au feu de bois');
  });

  it('reports a control character on the import line it is on; the other lines stay importable', async () => {
    const { t, agent } = await admin();
    const page = await agent.get('/admin/membres/import');
    const preview = await agent
      .post('/admin/membres/import/apercu')
      .field('_csrf', csrfFrom(page.text))
      .attach('fichier', Buffer.from('nom;prénom;ville\nMartin;Léa;Riom\nDurand;Pa\u0000ul;Thiers\n'), 'membres.csv');
    expect(preview.status).to.equal(200);
    expect(text(preview.text)).to.contain('prénom : caractère invisible non autorisé');
    expect(text(preview.text)).to.contain('1 ligne prête à importer, 1 ligne avec un problème');
    expect(t.db.select().from(members).all(), 'a preview writes nothing').to.have.length(1);
  });

  it('never puts a control character in the members CSV, even from data stored before the check', async () => {
    const { t, agent } = await admin();
    const old = await createMember(t.ctx, { email: 'ancien@exemple.fr', firstName: 'Jean\u0000', lastName: 'Ancien' });
    t.db
      .update(members)
      .set({ city: 'Cler\u001bmont\u007f', address: '12 rue\u0008 des Lilas' })
      .where(eq(members.id, old.id))
      .run();
    const res = await agent.get('/admin/membres/export.csv').buffer(true);
    expect(res.status).to.equal(200);
    const body = String(res.text);
    expect(body).to.not.match(FORBIDDEN_IN_CSV);
    expect(body).to.contain('Ancien;Jean;ancien@exemple.fr;;;12 rue des Lilas;;Clermont');
  });
});
