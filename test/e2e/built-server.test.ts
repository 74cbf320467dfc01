import { expect } from 'chai';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

/**
 * The server as `npm start` runs it: the one-file bundle of scripts/bundle-server.mjs, on a SQLite
 * file. Every other test runs the sources under tsx, so this is where a library that breaks once
 * bundled (a require by name, a file read next to its code) would show: installation, login
 * (argon2, loaded on first use), pages, a CSV upload (multer), a PDF (pdfmake) and a spreadsheet
 * (exceljs), then a clean stop.
 */
describe('the built server (bundle)', function () {
  const root = path.resolve('.');
  const bundle = path.join(root, 'dist', 'e2e', 'main.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-bundle-'));
  let child: ChildProcess;
  let base: string;
  let output = '';
  let cookie = '';

  function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
  }

  /** A request with the session cookie, which it keeps up to date. */
  async function go(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(base + url, {
      redirect: 'manual',
      ...init,
      headers: { ...(init.headers as Record<string, string>), cookie },
    });
    const set = res.headers.getSetCookie().map((c) => c.split(';')[0]);
    if (set.length > 0) cookie = set.join('; ');
    return res;
  }

  async function csrf(url: string): Promise<string> {
    const html = await (await go(url)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`pas de jeton CSRF sur ${url}`);
    return token;
  }

  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

  before(async function () {
    this.timeout(60000);
    execFileSync(process.execPath, ['scripts/bundle-server.mjs', bundle], { cwd: root, stdio: 'inherit' });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    fs.writeFileSync(
      path.join(dir, 'amap.config.json'),
      JSON.stringify({ amap: { name: 'AMAP du Paquet' }, server: { baseUrl: base }, dataDir: dir }),
    );
    child = spawn(process.execPath, [bundle], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        AMAP_CONFIG: path.join(dir, 'amap.config.json'),
        DATA_DIR: dir,
        PORT: String(port),
        SESSION_SECRET: 'bundle-test-secret',
      },
      stdio: 'pipe',
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`le serveur s’est arrêté :\n${output}`);
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() - started > 30000) throw new Error(`pas de /healthz après 30 s :\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  after(async () => {
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('installs, logs in and serves pages, an upload, a PDF and a spreadsheet', async () => {
    expect((await go('/')).headers.get('location')).to.equal('/installation');
    const install = await go(
      '/installation',
      form({
        _csrf: await csrf('/installation'),
        firstName: 'Camille',
        lastName: 'Durand',
        email: 'camille@exemple.fr',
        password: 'une phrase assez longue',
        passwordConfirm: 'une phrase assez longue',
      }),
    );
    expect(install.status, output).to.equal(302);
    const home = await go('/');
    expect(home.status).to.equal(200);
    expect(await home.text()).to.contain('Camille');

    // Log out and in again: the password is checked by argon2, loaded on first use.
    expect((await go('/deconnexion', form({ _csrf: await csrf('/') }))).status).to.equal(302);
    expect((await go('/')).headers.get('location')).to.equal('/connexion');
    const login = await go(
      '/connexion',
      form({ _csrf: await csrf('/connexion'), email: 'camille@exemple.fr', password: 'une phrase assez longue' }),
    );
    expect(login.headers.get('location')).to.equal('/');

    for (const page of ['/', '/contrats', '/mes-paiements', '/planning', '/admin/membres', '/tresorerie']) {
      const res = await go(page);
      expect(res.status, page).to.equal(200);
      expect(res.headers.get('content-security-policy'), page).to.contain("default-src 'self'");
    }

    const upload = new FormData();
    upload.set('_csrf', await csrf('/admin/membres/import'));
    upload.set('fichier', new Blob(['nom;prénom;e-mail\nMartin;Léa;lea@exemple.fr\n']), 'membres.csv');
    const preview = await go('/admin/membres/import/apercu', { method: 'POST', body: upload });
    expect(preview.status, output).to.equal(200);
    expect(await preview.text()).to.contain('lea@exemple.fr');

    const month = new Date().toISOString().slice(0, 7);
    const pdf = await go(`/planning/${month}.pdf`);
    expect(pdf.status, output).to.equal(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).to.equal('%PDF-');
    const xlsx = await go('/tresorerie/exports/cheques.xlsx');
    expect(xlsx.status, output).to.equal(200);
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).to.equal('PK');
    expect(output).not.to.match(/"level":50/);
  });
});
