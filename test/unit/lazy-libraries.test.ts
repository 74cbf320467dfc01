import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The heavy libraries a fresh process has loaded after importing `entry` (CommonJS cache, seen by a child node). */
function heavyLibrariesLoadedBy(entry: string): string[] {
  const probe = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(path.join(root, entry))});
    const cache = Object.keys(createRequire(import.meta.url).cache);
    const names = new Set(cache.map((k) => /node_modules\\/(pdfmake|exceljs|nodemailer)\\//.exec(k)?.[1]).filter(Boolean));
    console.log(JSON.stringify([...names].sort()));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[];
}

describe('heavy libraries loaded on first use', () => {
  it('starting the server loads neither pdfmake, exceljs nor nodemailer (memory and time to ready)', function () {
    this.timeout(30000);
    expect(heavyLibrariesLoadedBy('server/server.ts')).to.deep.equal([]);
  });
});
