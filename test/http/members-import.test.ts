import { expect } from 'chai';
import type request from 'supertest';
import { makeTestApp, csrfFrom, loginAs, submitForm, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { audit } from '../support/audit.js';
import { members } from '../../server/db/schema/index.js';

async function setup() {
  const t = makeTestApp();
  const admin = await createAdmin(t.ctx, { email: 'alice@exemple.fr' });
  const agent = await loginAs(t, 'alice@exemple.fr', PASSWORD);
  return { t, admin, agent };
}

function allMembers(t: TestApp) {
  return t.db.select().from(members).orderBy(members.id).all();
}

function decode(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Uploads a file to the preview page, as the import page's form does. */
async function preview(agent: request.Agent, file: string | Buffer, filename = 'membres.csv') {
  const page = await agent.get('/admin/membres/import');
  return agent
    .post('/admin/membres/import/apercu')
    .field('_csrf', csrfFrom(page.text))
    .attach('fichier', typeof file === 'string' ? Buffer.from(file, 'utf8') : file, filename);
}

/** The lines of the preview table: [line number, nom, prénom, e-mail, état]. */
function previewRows(html: string): [number, string, string, string, string][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1];
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((tr) => {
    const cells = [...tr[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => decode(m[1]).trim());
    return [Number(cells[0]), cells[1], cells[2], cells[3], cells[6]];
  });
}

/** The summary sentence above the preview table, as read on screen. */
function summary(html: string): string {
  return decode(/<p class="summary">([\s\S]*?)<\/p>/.exec(html)![1].replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Sends the preview page's import form (hidden importId and csv), as its button does. */
function confirmImport(agent: request.Agent, previewHtml: string) {
  const importId = /name="importId" value="([^"]+)"/.exec(previewHtml)![1];
  const csv = decode(/<textarea name="csv" hidden>([\s\S]*?)<\/textarea>/.exec(previewHtml)![1]);
  return agent
    .post('/admin/membres/import')
    .type('form')
    .send({ _csrf: csrfFrom(previewHtml), importId, csv });
}

async function exportCsv(agent: request.Agent): Promise<Buffer> {
  const res = await agent
    .get('/admin/membres/export.csv')
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  expect(res.status).to.equal(200);
  return res.body as Buffer;
}

const MIXED =
  [
    'nom;prénom;email;téléphone;code postal;ville',
    'Durand;Camille;camille@exemple.fr;06 12 34 56 78;63000;Clermont-Ferrand', // 2 OK
    ';Paul;paul@exemple.fr;;;', // 3 no last name
    'Martin;Léa;lea@;;;', // 4 bad e-mail
    'Petit;Luc;luc@exemple.fr;;6300;Riom', // 5 bad postal code
    'Durand;Cam;CAMILLE@exemple.fr;;;', // 6 same e-mail as line 2
    'Admin;Alice;Alice@Exemple.fr;;;', // 7 already a member
    'Sansmail;Paul;;;;', // 8 already a member without e-mail
    'Bernard;Zoé;;04 73 00 00 00;63200;Riom', // 9 OK
    '', // 10 blank
    'Roux;Jeanne;jeanne@exemple.fr;;;', // 11 OK
    ';;;;;', // 12 a spreadsheet's empty row
  ].join('\r\n') + '\r\n';

describe('admin: CSV import of members', () => {
  it('previews every line with its problem and writes nothing', async () => {
    const { t, agent } = await setup();
    await createMember(t.ctx, { firstName: 'Paul', lastName: 'Sansmail', email: null });
    const before = { members: allMembers(t).length, audit: audit(t).length };
    const res = await preview(agent, MIXED);
    expect(res.status).to.equal(200);
    expect(previewRows(res.text)).to.deep.equal([
      [2, 'Durand', 'Camille', 'camille@exemple.fr', 'OK'],
      [3, '', 'Paul', 'paul@exemple.fr', 'nom manquant'],
      [4, 'Martin', 'Léa', 'lea@', 'e-mail invalide « lea@ »'],
      [5, 'Petit', 'Luc', 'luc@exemple.fr', 'code postal invalide « 6300 »'],
      [6, 'Durand', 'Cam', 'camille@exemple.fr', 'e-mail en double (déjà ligne 2)'],
      [7, 'Admin', 'Alice', 'alice@exemple.fr', 'déjà membre (même e-mail)'],
      [8, 'Sansmail', 'Paul', '', 'déjà membre (même nom, sans e-mail)'],
      [9, 'Bernard', 'Zoé', '', 'OK'],
      [11, 'Roux', 'Jeanne', 'jeanne@exemple.fr', 'OK'],
    ]);
    expect(summary(res.text)).to.equal(
      '3 lignes prêtes à importer, 6 lignes avec un problème (elles ne seront pas importées). Rien n’est encore enregistré.',
    );
    expect(res.text).to.contain('Importer les 3 lignes valides');
    expect(allMembers(t)).to.have.length(before.members);
    expect(audit(t)).to.have.length(before.audit);
  });

  it('imports exactly the valid lines in one go, with one audit entry; the same preview twice writes nothing more', async () => {
    const { t, admin, agent } = await setup();
    await createMember(t.ctx, { firstName: 'Paul', lastName: 'Sansmail', email: null });
    const page = await preview(agent, MIXED);
    const res = await confirmImport(agent, page.text);
    expect(res.status, res.text.slice(0, 500)).to.equal(302);
    expect(res.headers.location).to.equal('/admin/membres');
    const list = await agent.get('/admin/membres');
    expect(list.text).to.contain('3 membres importés, 6 lignes écartées.');

    const imported = allMembers(t)
      .slice(2)
      .map((m) => ({
        lastName: m.lastName,
        firstName: m.firstName,
        email: m.email,
        phone: m.phone,
        postalCode: m.postalCode,
        city: m.city,
        active: m.active,
        passwordHash: m.passwordHash,
      }));
    expect(imported).to.deep.equal([
      {
        lastName: 'Durand',
        firstName: 'Camille',
        email: 'camille@exemple.fr',
        phone: '06 12 34 56 78',
        postalCode: '63000',
        city: 'Clermont-Ferrand',
        active: true,
        passwordHash: null,
      },
      {
        lastName: 'Bernard',
        firstName: 'Zoé',
        email: null,
        phone: '04 73 00 00 00',
        postalCode: '63200',
        city: 'Riom',
        active: true,
        passwordHash: null,
      },
      {
        lastName: 'Roux',
        firstName: 'Jeanne',
        email: 'jeanne@exemple.fr',
        phone: null,
        postalCode: null,
        city: null,
        active: true,
        passwordHash: null,
      },
    ]);
    const entries = audit(t).filter((a) => a.action === 'members.imported');
    expect(entries).to.have.length(1);
    expect(entries[0].actorId).to.equal(admin.id);
    expect(entries[0].details).to.include({ imported: 3, skipped: 6 });

    const again = await confirmImport(agent, page.text);
    expect(again.status).to.equal(422);
    expect(again.text).to.contain('Cet import a déjà été fait');
    expect(allMembers(t)).to.have.length(5);
    expect(audit(t).filter((a) => a.action === 'members.imported')).to.have.length(1);
  });

  it('checks the file again at import time: a member added since the preview is not imported twice', async () => {
    const { t, agent } = await setup();
    const page = await preview(
      agent,
      'nom;prénom;email\nDurand;Camille;camille@exemple.fr\nRoux;Jeanne;jeanne@exemple.fr\n',
    );
    expect(page.text).to.contain('Importer les 2 lignes valides');
    expect(summary(page.text)).to.equal('2 lignes prêtes à importer. Rien n’est encore enregistré.');
    await createMember(t.ctx, { firstName: 'Camille', lastName: 'Durand', email: 'camille@exemple.fr' });
    const res = await confirmImport(agent, page.text);
    expect(res.status).to.equal(302);
    expect((await agent.get('/admin/membres')).text).to.contain('1 membre importé, 1 ligne écartée.');
    expect(allMembers(t).map((m) => m.email)).to.deep.equal([
      'alice@exemple.fr',
      'camille@exemple.fr',
      'jeanne@exemple.fr',
    ]);
  });

  it('accepts `,` as separator, a BOM, quoted cells and a header like "Prénom,NOM,E-mail"', async () => {
    const { t, agent } = await setup();
    const csv =
      '\uFEFFPrénom,NOM,E-mail,Adresse,Code Postal\r\nHélène,Lefèvre,Helene@Exemple.fr,"12, rue des Lilas",63000\r\n"Jean-Luc","Le ""Grand""",,,\r\n';
    const page = await preview(agent, csv);
    expect(page.status).to.equal(200);
    expect(previewRows(page.text)).to.deep.equal([
      [2, 'Lefèvre', 'Hélène', 'helene@exemple.fr', 'OK'],
      [3, 'Le "Grand"', 'Jean-Luc', '', 'OK'],
    ]);
    expect((await confirmImport(agent, page.text)).status).to.equal(302);
    const [, helene, jeanLuc] = allMembers(t);
    expect(helene).to.include({
      firstName: 'Hélène',
      lastName: 'Lefèvre',
      email: 'helene@exemple.fr',
      address: '12, rue des Lilas',
      postalCode: '63000',
    });
    expect(jeanLuc).to.include({ firstName: 'Jean-Luc', lastName: 'Le "Grand"', email: null });
  });

  it('accepts the header "Prénom;NOM;E-mail" with `;`', async () => {
    const { t, agent } = await setup();
    const page = await preview(agent, 'Prénom;NOM;E-mail\nCamille;Durand;camille@exemple.fr\n');
    expect(previewRows(page.text)).to.deep.equal([[2, 'Durand', 'Camille', 'camille@exemple.fr', 'OK']]);
    expect((await confirmImport(agent, page.text)).status).to.equal(302);
    expect(allMembers(t)[1]).to.include({ firstName: 'Camille', lastName: 'Durand', email: 'camille@exemple.fr' });
  });

  it('refuses a file without nom and prénom columns: 422 with a French message by the file field', async () => {
    const { t, agent } = await setup();
    const res = await preview(agent, 'Durand;Camille;camille@exemple.fr\nMartin;Paul;paul@exemple.fr\n');
    expect(res.status).to.equal(422);
    expect(res.text).to.match(
      /id="f-fichier-error" class="field-error">La première ligne doit nommer les colonnes, au moins « nom » et « prénom »/,
    );
    expect(res.text).to.contain('aria-invalid="true"');
    expect(allMembers(t)).to.have.length(1);
  });

  it('refuses a file that is not UTF-8 (latin-1 from an old spreadsheet): 422, nothing written', async () => {
    const { t, agent } = await setup();
    const latin1 = Buffer.from('nom;prénom;ville\nLefèvre;Hélène;Besançon\n', 'latin1');
    const res = await preview(agent, latin1);
    expect(res.status).to.equal(422);
    expect(decode(res.text)).to.contain(
      'Le fichier n’est pas en UTF-8. Dans votre tableur, enregistrez-le en « CSV UTF-8 ».',
    );
    expect(allMembers(t)).to.have.length(1);
  });

  it('says so when no file, or only a header, is sent', async () => {
    const { agent } = await setup();
    const page = await agent.get('/admin/membres/import');
    const none = await agent.post('/admin/membres/import/apercu').field('_csrf', csrfFrom(page.text));
    expect(none.status).to.equal(422);
    expect(none.text).to.contain('Choisissez un fichier CSV.');
    const headerOnly = await preview(agent, 'nom;prénom\n');
    expect(headerOnly.status).to.equal(422);
    expect(headerOnly.text).to.contain('Le fichier est vide');
  });

  it('refuses a file of more than 2 000 members and a file over 2 MB', async () => {
    const { t, agent } = await setup();
    const many = 'nom;prénom\n' + Array.from({ length: 2001 }, (_, i) => `Nom${i};Prénom${i}`).join('\n');
    const res = await preview(agent, many);
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Trop de lignes (2001) : 2000 au plus par import.');
    const huge = await preview(agent, 'nom;prénom\n' + 'Durand;Camille\n'.repeat(150_000));
    expect(huge.status).to.equal(413);
    expect(huge.text).to.contain('Le fichier envoyé est trop gros (2 Mo au plus).');
    expect(allMembers(t)).to.have.length(1);
  });

  it('shows no import button when no line is valid, and refuses such an import', async () => {
    const { t, agent } = await setup();
    const page = await preview(agent, 'nom;prénom;email\nAdmin;Alice;alice@exemple.fr\n;Paul;\n');
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Aucune ligne n’est importable');
    expect(summary(page.text)).to.equal(
      '0 ligne prête à importer, 2 lignes avec un problème (elles ne seront pas importées). Rien n’est encore enregistré.',
    );
    expect(page.text).not.to.contain('name="importId"');
    const res = await submitForm(agent, '/admin/membres/import', '/admin/membres/import', {
      importId: 'a'.repeat(24),
      csv: 'nom;prénom;email\nAdmin;Alice;alice@exemple.fr\n',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Aucune ligne valide à importer.');
    expect(allMembers(t)).to.have.length(1);
  });

  it('refuses an import without a preview id', async () => {
    const { t, agent } = await setup();
    const res = await submitForm(agent, '/admin/membres/import', '/admin/membres/import', {
      importId: 'pas-un-id',
      csv: 'nom;prénom\nDurand;Camille\n',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('Aperçu manquant : envoyez à nouveau le fichier.');
    expect(allMembers(t)).to.have.length(1);
  });

  it('is closed to plain members, for the preview as for the import', async () => {
    const { t } = await setup();
    await createMember(t.ctx, { email: 'paul@exemple.fr' });
    const paul = await loginAs(t, 'paul@exemple.fr', PASSWORD);
    const compte = await paul.get('/compte');
    const up = await paul
      .post('/admin/membres/import/apercu')
      .field('_csrf', csrfFrom(compte.text))
      .attach('fichier', Buffer.from('nom;prénom\nPirate;Eve\n'), 'membres.csv');
    expect(up.status).to.equal(403);
    const res = await submitForm(paul, '/compte', '/admin/membres/import', {
      importId: 'b'.repeat(24),
      csv: 'nom;prénom\nPirate;Eve\n',
    });
    expect(res.status).to.equal(403);
    expect(allMembers(t)).to.have.length(2);
    expect(audit(t).filter((a) => a.action === 'members.imported')).to.have.length(0);
  });

  it('reads back its own export: every line is flagged "déjà membre"', async () => {
    const { t, agent } = await setup();
    await createMember(t.ctx, {
      firstName: 'Hélène',
      lastName: 'Lefèvre',
      email: 'helene@exemple.fr',
      phone: '+33 6 12 34 56 78',
    });
    await createMember(t.ctx, { firstName: 'Zoé', lastName: 'Sansmail', email: null });
    await createMember(t.ctx, { firstName: 'Luc', lastName: 'Ancien', email: 'luc@exemple.fr', active: false });
    const file = await exportCsv(agent);
    const page = await preview(agent, file, 'membres-2026-11-28.csv');
    expect(page.status).to.equal(200);
    const rows = previewRows(page.text);
    expect(rows.map((r) => [r[2], r[4]])).to.deep.equal([
      ['Alice', 'déjà membre (même e-mail)'],
      ['Luc', 'déjà membre (même e-mail)'],
      ['Hélène', 'déjà membre (même e-mail)'],
      ['Zoé', 'déjà membre (même nom, sans e-mail)'],
    ]);
    expect(page.text).to.contain('Aucune ligne n’est importable');
  });

  it('moves members from one installation to another unchanged through export and import', async () => {
    const source = await setup();
    const details = {
      firstName: 'Hélène',
      lastName: 'Lefèvre-D’Aubigné',
      email: 'helene@exemple.fr',
      phone: '+33 6 12 34 56 78',
      phone2: '-',
      address: '3 rue du "Puy"; bâtiment B',
      postalCode: '63000',
      city: '=Clermont',
    };
    const { id } = await createMember(source.t.ctx, {
      firstName: details.firstName,
      lastName: details.lastName,
      email: details.email,
    });
    await submitForm(source.agent, `/admin/membres/${id}`, `/admin/membres/${id}`, details);
    const file = await exportCsv(source.agent);

    const target = makeTestApp();
    await createAdmin(target.ctx, { email: 'root@autre.fr' });
    const agent = await loginAs(target, 'root@autre.fr', PASSWORD);
    const page = await preview(agent, file);
    expect(page.text).to.contain('Importer les 2 lignes valides');
    expect((await confirmImport(agent, page.text)).status).to.equal(302);
    const moved = target.db
      .select()
      .from(members)
      .all()
      .find((m) => m.email === 'helene@exemple.fr')!;
    expect(moved).to.include(details);
  });
});
