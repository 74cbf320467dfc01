/**
 * `npm run build`'s second step: the server as one file, dist/server/main.js (or the path given).
 *
 * Node 20 spends most of a start resolving, reading and linking modules one by one: some 370 of
 * ours and a few hundred of the libraries'. One bundled file starts in about half the time and
 * half a hundred megabytes' worth of module records fewer (issue "Performance": ready to serve
 * in under 0.5 s). `tsc` still compiles every file to dist/ (the CLI and the demo run from there).
 *
 * Left outside the bundle, loaded from node_modules as usual: native modules (better-sqlite3,
 * argon2), the libraries loaded on first use (pdfmake with its fonts, exceljs, nodemailer), and
 * pino, whose transports run in worker threads that load it by name.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.resolve(root, process.argv[2] ?? 'dist/server/main.js');

const external = ['better-sqlite3', '@node-rs/argon2', 'pdfmake', 'exceljs', 'nodemailer', 'pino', 'pino-pretty'];

await build({
  entryPoints: [path.join(root, 'server/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  // The CommonJS libraries inside an ES module still call require and read __dirname.
  banner: {
    js: [
      "import { createRequire as __bundleRequire } from 'node:module';",
      "import { fileURLToPath as __bundlePath } from 'node:url';",
      "import { dirname as __bundleDirname } from 'node:path';",
      'const require = __bundleRequire(import.meta.url);',
      'const __filename = __bundlePath(import.meta.url);',
      'const __dirname = __bundleDirname(__filename);',
    ].join(' '),
  },
  logLevel: 'warning',
});
