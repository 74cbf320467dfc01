import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../server/config.js';

describe('config: backup and log keys', () => {
  it('defaults: backups kept 14, alert after 2 days, in <dataDir>/backups; log level info', () => {
    const c = parseConfig({});
    expect(c.backup).to.deep.equal({ enabled: true, schedule: '30 3 * * *', keep: 14, dir: null, alertAfterDays: 2 });
    expect(c.log.level).to.equal('info');
  });

  it('refuses an unknown log level with the list of valid ones', () => {
    expect(() => parseConfig({ log: { level: 'verbeux' } }))
      .to.throw(ConfigError)
      .with.property('problems')
      .that.deep.equals(['log.level : niveau attendu parmi : fatal, error, warn, info, debug, trace, silent']);
  });

  it('LOG_LEVEL and TRUST_PROXY override the file; backup.dir resolves from the working directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amap-config-'));
    try {
      fs.writeFileSync(path.join(dir, 'amap.config.json'), JSON.stringify({ backup: { dir: 'copies' } }));
      const c = loadConfig({ LOG_LEVEL: 'debug', TRUST_PROXY: '1' }, dir);
      expect(c.log.level).to.equal('debug');
      expect(c.server.trustProxy).to.equal(1);
      expect(c.backupPath).to.equal(path.join(dir, 'copies'));
      expect(loadConfig({ TRUST_PROXY: 'loopback' }, dir).server.trustProxy).to.equal('loopback');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
