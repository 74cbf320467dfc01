import fs from 'node:fs';
import path from 'node:path';
import { rootDir } from './paths.js';

/** The version of this installation (package.json), for the start-up line and the status page. */
export const appVersion: string = (
  JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as { version: string }
).version;
