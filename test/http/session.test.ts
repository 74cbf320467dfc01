import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { makeTestApp, loginAs, type TestApp } from '../support/app.js';
import { createAdmin, createMember, PASSWORD } from '../support/factories.js';
import { sessions } from '../../server/db/schema/index.js';
import { TOUCH_EVERY_MS } from '../../server/web/session-store.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

async function withMember(): Promise<TestApp & { memberId: number }> {
  const t = makeTestApp();
  await createAdmin(t.ctx, { email: 'admin@exemple.fr' });
  const member = await createMember(t.ctx, { email: 'lea@exemple.fr' });
  return { ...t, memberId: member.id };
}

/** The cookie express-session wrote: `s:` + id + `.` + HMAC-SHA256 in base64 without padding, URL-encoded. */
function signedCookie(sid: string, secret: string): string {
  const signature = createHmac('sha256', secret).update(sid).digest('base64').replace(/=+$/, '');
  return `amap.sid=${encodeURIComponent(`s:${sid}.${signature}`)}`;
}

const rows = (t: TestApp) => t.db.select().from(sessions).all();

describe('sessions', () => {
  it('a page view writes nothing and sends no cookie; an expiry older than a few minutes is rolled forward', async () => {
    const t = await withMember();
    const agent = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const [stored] = rows(t);
    expect(stored.expiresAt).to.be.closeTo(Date.now() + 30 * DAY, MINUTE);

    const view = await agent.get('/compte');
    expect(view.status).to.equal(200);
    expect(view.headers['set-cookie']).to.equal(undefined);
    expect(rows(t)).to.deep.equal([stored]);

    // Stored six minutes ago: the next page view writes the new expiry and sends the cookie again.
    const older = stored.expiresAt - TOUCH_EVERY_MS - MINUTE;
    t.db.update(sessions).set({ expiresAt: older }).where(eq(sessions.sid, stored.sid)).run();
    const rolled = await agent.get('/compte');
    expect(rolled.status).to.equal(200);
    const cookie = String(rolled.headers['set-cookie']);
    expect(cookie)
      .to.match(/^amap\.sid=s%3A/)
      .and.match(/HttpOnly/)
      .and.match(/SameSite=Lax/);
    const [after] = rows(t);
    expect(after.data).to.equal(stored.data);
    expect(after.expiresAt).to.be.closeTo(Date.now() + 30 * DAY, MINUTE);
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)![1]);
    expect(expires).to.be.closeTo(after.expiresAt, 1000);
  });

  it('opens a session stored by express-session (its cookie and row format) without writing it again', async () => {
    const t = await withMember();
    const sid = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
    const data = JSON.stringify({
      cookie: { originalMaxAge: 30 * DAY, expires: new Date(Date.now() + 30 * DAY), httpOnly: true, path: '/' },
      passport: { user: t.memberId },
      csrfToken: 'a'.repeat(128),
    });
    const expiresAt = Date.now() + 30 * DAY;
    t.db.insert(sessions).values({ sid, data, expiresAt }).run();

    const res = await request(t.app)
      .get('/compte')
      .set('Cookie', `theme=dark; ${signedCookie(sid, t.ctx.config.sessionSecret)}`);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('lea@exemple.fr');
    expect(rows(t)).to.deep.equal([{ sid, data, expiresAt }]);
  });

  it('a cookie whose signature is wrong, or another secret’s, opens no session', async () => {
    const t = await withMember();
    const agent = await loginAs(t, 'lea@exemple.fr', PASSWORD);
    const [{ sid }] = rows(t);
    expect((await agent.get('/compte')).status).to.equal(200);
    for (const cookie of [
      signedCookie(sid, 'another-secret'),
      signedCookie(sid, t.ctx.config.sessionSecret).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      `amap.sid=${sid}`,
      'amap.sid=s%3A',
      'amap.sid=%E0%A4%A',
    ]) {
      const res = await request(t.app).get('/compte').set('Cookie', cookie);
      expect(res.status, cookie).to.equal(302);
      expect(res.headers.location, cookie).to.equal('/connexion');
    }
    // The well-signed cookie, remembered since its first check, still opens the session; once
    // the session is gone (logged out), the same cookie opens none.
    const good = signedCookie(sid, t.ctx.config.sessionSecret);
    expect((await request(t.app).get('/compte').set('Cookie', good)).status).to.equal(200);
    t.db.delete(sessions).where(eq(sessions.sid, sid)).run();
    expect((await request(t.app).get('/compte').set('Cookie', good)).status).to.equal(302);
  });

  it('a visitor’s session is stored once it holds something, the page asked for', async () => {
    const t = await withMember();
    const res = await request(t.app).get('/compte');
    expect(res.status).to.equal(302);
    const [row] = rows(t);
    expect(JSON.parse(row.data)).to.deep.equal({ returnTo: '/compte' });
    expect(String(res.headers['set-cookie'])).to.contain(signedCookie(row.sid, t.ctx.config.sessionSecret));
  });
});
