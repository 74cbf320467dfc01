import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../server/config.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('fills every key with a default from an empty file', () => {
    const c = parseConfig({});
    expect(c.server.port).to.equal(3000);
    expect(c.timezone).to.equal('Europe/Paris');
    expect(c.mail.smtpUrl).to.equal(null);
    expect(c.dataDir).to.equal('./data');
  });

  it('the committed amap.config.json is valid', () => {
    const c = loadConfig({}, path.resolve('.'));
    expect(c.amap.name).to.be.a('string').and.not.empty;
  });

  it('reports one line per problem, naming the key', () => {
    const problems = problemsOf(() =>
      parseConfig({
        server: { port: 'abc', baseUrl: 'ftp://x' },
        timezone: 'Mars/Olympus',
        distribution: { day: 'funday', startTime: '25:00' },
        backup: { schedule: 'every night' },
        typo: 1,
      }),
    );
    const text = problems.join('\n');
    expect(problems.length).to.be.at.least(6);
    expect(text).to.match(/server\.port/);
    expect(text).to.match(/server\.baseUrl/);
    expect(text).to.match(/timezone : fuseau horaire inconnu/);
    expect(text).to.match(/distribution\.day/);
    expect(text).to.match(/distribution\.startTime : heure attendue/);
    expect(text).to.match(/backup\.schedule : expression cron invalide/);
    expect(text).to.match(/typo/);
  });

  it('refuses unknown keys inside a section (a typo is not silently ignored)', () => {
    const problems = problemsOf(() => parseConfig({ server: { prot: 3000 } }));
    expect(problems.join()).to.match(/server.*prot/);
  });

  it('applies environment overrides and keeps the local base URL on the chosen port', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-config-'));
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ server: { baseUrl: 'http://localhost:3000' } }));
    const c = loadConfig(
      {
        AMAP_CONFIG: 'c.json',
        PORT: '4010',
        DATA_DIR: 'donnees',
        SMTP_URL: 'smtp://mail.test:25',
        SESSION_SECRET: 's',
      },
      dir,
    );
    expect(c.server.port).to.equal(4010);
    expect(c.server.baseUrl).to.equal('http://localhost:4010');
    expect(c.dataPath).to.equal(path.join(dir, 'donnees'));
    expect(c.mail.smtpUrl).to.equal('smtp://mail.test:25');
    expect(c.sessionSecret).to.equal('s');
  });

  it('does not rewrite a public base URL when PORT is set', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-config-'));
    fs.writeFileSync(
      path.join(dir, 'amap.config.json'),
      JSON.stringify({ server: { baseUrl: 'https://amap.example.org/' } }),
    );
    const c = loadConfig({ PORT: '8080' }, dir);
    expect(c.server.baseUrl).to.equal('https://amap.example.org');
  });

  it('says clearly when the file is not JSON or AMAP_CONFIG points nowhere', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-config-'));
    fs.writeFileSync(path.join(dir, 'amap.config.json'), '{ "amap": ');
    expect(problemsOf(() => loadConfig({}, dir))[0]).to.match(/JSON illisible/);
    expect(problemsOf(() => loadConfig({ AMAP_CONFIG: 'absent.json' }, dir))[0]).to.match(/introuvable/);
  });

  it('a wrong config stops `npm start` with exit code 1 and one line per problem', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-config-'));
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ server: { port: 0 }, timezone: 'Nulle/Part' }));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, AMAP_CONFIG: file, DATA_DIR: dir },
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('Configuration invalide');
    expect(r.stderr).to.match(/- server\.port/);
    expect(r.stderr).to.match(/- timezone/);
  });
});
