import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { rootDir } from '../../server/lib/paths.js';

/**
 * The layering of DESIGN.md §3, checked on the import statements of server/:
 * - server/domain/ is pure: it imports only itself (and date-fns, zod);
 * - server/domain/, server/read/ and server/lib/ never import a feature;
 * - no two feature folders import each other (a cycle between two features).
 * Type-only imports count too: a feature that needs another's types depends on it all the same.
 */

/** Repository-relative path (with /) → the specifiers it imports. */
type ImportMap = Map<string, string[]>;

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => m[1]);
}

function readServer(): ImportMap {
  const map: ImportMap = new Map();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts'))
        map.set(path.relative(rootDir, full).split(path.sep).join('/'), importsOf(fs.readFileSync(full, 'utf8')));
    }
  };
  walk(path.join(rootDir, 'server'));
  return map;
}

/** A relative specifier as a repository path ('./x.js' from server/a/b.ts → server/a/x.ts); null for a package. */
function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return path.posix.join(path.posix.dirname(from), spec).replace(/\.js$/, '.ts');
}

const DOMAIN_PACKAGES = /^(date-fns|zod)(\/|$)/;

function featureOf(file: string): string | null {
  return /^server\/features\/([^/]+)\//.exec(file)?.[1] ?? null;
}

export function impureDomainImports(map: ImportMap): string[] {
  const out: string[] = [];
  for (const [file, specs] of map) {
    if (!file.startsWith('server/domain/')) continue;
    for (const spec of specs) {
      const target = resolve(file, spec);
      const ok = target === null ? DOMAIN_PACKAGES.test(spec) : target.startsWith('server/domain/');
      if (!ok) out.push(`${file} → ${spec}`);
    }
  }
  return out;
}

export function lowerLayersImportingFeatures(map: ImportMap): string[] {
  const out: string[] = [];
  for (const [file, specs] of map) {
    if (!/^server\/(domain|read|lib)\//.test(file)) continue;
    for (const spec of specs) if (featureOf(resolve(file, spec) ?? '')) out.push(`${file} → ${spec}`);
  }
  return out;
}

/** "a ↔ b" (sorted) → the file imports each way, for every pair of features that import each other. */
export function featureCycles(map: ImportMap): Map<string, string[]> {
  const edges = new Map<string, string[]>(); // "a→b" → ["server/features/a/x.ts → ../b/y.js", …]
  for (const [file, specs] of map) {
    const from = featureOf(file);
    if (!from) continue;
    for (const spec of specs) {
      const to = featureOf(resolve(file, spec) ?? '');
      if (!to || to === from) continue;
      const key = `${from}→${to}`;
      edges.set(key, [...(edges.get(key) ?? []), `${file} → ${spec}`]);
    }
  }
  const cycles = new Map<string, string[]>();
  for (const [key, files] of edges) {
    const [a, b] = key.split('→');
    const back = edges.get(`${b}→${a}`);
    if (a < b && back) cycles.set(`${a} ↔ ${b}`, [...files, ...back]);
  }
  return cycles;
}

/**
 * Feature cycles that exist today and are being removed. This list must shrink to empty: a new
 * cycle fails the test, and so does an entry here that no longer is one (remove it then).
 */
const KNOWN_FEATURE_CYCLES: string[] = [
  // the settings page reads the membership periods; memberships read the settings service.
  'memberships ↔ settings',
];

describe('architecture', () => {
  describe('the checks themselves, on a small made-up tree', () => {
    const tree: ImportMap = new Map([
      ['server/domain/a.ts', ['./b.js', 'date-fns/locale', 'zod', '../lib/format.js', 'node:fs']],
      ['server/domain/b.ts', []],
      ['server/read/r.ts', ['../features/x/x.queries.js', '../domain/a.js']],
      ['server/lib/l.ts', ['../db/client.js']],
      ['server/features/x/x.service.ts', ['../y/y.service.js', '../../read/r.js']],
      ['server/features/x/x.routes.ts', ['./x.service.js']],
      ['server/features/y/y.service.ts', ['../x/x.routes.js']],
      ['server/features/z/z.service.ts', ['../x/x.service.js']],
    ]);

    it('finds what a domain file imports from outside the domain, packages other than date-fns and zod included', () => {
      expect(impureDomainImports(tree)).to.deep.equal([
        'server/domain/a.ts → ../lib/format.js',
        'server/domain/a.ts → node:fs',
      ]);
    });

    it('finds a read model importing a feature', () => {
      expect(lowerLayersImportingFeatures(tree)).to.deep.equal(['server/read/r.ts → ../features/x/x.queries.js']);
    });

    it('finds two features importing each other, with the files of each direction, and not a one-way import', () => {
      expect([...featureCycles(tree)]).to.deep.equal([
        [
          'x ↔ y',
          ['server/features/x/x.service.ts → ../y/y.service.js', 'server/features/y/y.service.ts → ../x/x.routes.js'],
        ],
      ]);
    });
  });

  describe('the code of server/', () => {
    const map = readServer();

    it('reads the imports of the whole server', () => {
      expect(map.size).to.be.greaterThan(50);
      expect(map.get('server/app.ts')).to.include('./lib/context.js');
    });

    it('keeps server/domain/ pure: it imports only itself, date-fns and zod', () => {
      expect(impureDomainImports(map)).to.deep.equal([]);
    });

    it('never imports a feature from server/domain/, server/read/ or server/lib/', () => {
      expect(lowerLayersImportingFeatures(map)).to.deep.equal([]);
    });

    it('has no two feature folders importing each other (but the known cycles being removed)', () => {
      const cycles = featureCycles(map);
      const fresh = [...cycles].filter(([pair]) => !KNOWN_FEATURE_CYCLES.includes(pair));
      expect(
        fresh.map(([pair, files]) => `${pair}:\n    ${files.join('\n    ')}`),
        'features that import each other',
      ).to.deep.equal([]);
      const gone = KNOWN_FEATURE_CYCLES.filter((pair) => !cycles.has(pair));
      expect(gone, 'no longer a cycle: remove from KNOWN_FEATURE_CYCLES').to.deep.equal([]);
    });
  });
});
