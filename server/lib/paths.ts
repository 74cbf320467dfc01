import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The project root (where package.json, views/, static/ and migrations/ are), found from this
 * file so the same code works from server/ under tsx and from dist/server/ once built.
 */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json introuvable au-dessus de ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const rootDir = findRoot();
export const viewsDir = path.join(rootDir, 'views');
export const staticDir = path.join(rootDir, 'static');
export const migrationsDir = path.join(rootDir, 'migrations');
