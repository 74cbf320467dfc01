import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { viewsDir } from '../lib/paths.js';

/**
 * EJS compiles each view into a function whose body sits in `with (locals) { … }`: every name the
 * view uses is then looked up through the locals object at each use, which V8 cannot optimise;
 * it was about half of a page's rendering. Here each view (and each partial it includes, which
 * EJS compiles through the same function) is compiled without `with`, its names declared once at
 * the top from the locals (`destructuredLocals`). The names are every identifier the view's code
 * tags mention, except JavaScript's own words and globals: a name too many is an unused variable,
 * never a missing one.
 */

/** Words that cannot name a variable, and the names EJS itself gives the compiled function. */
const NOT_A_LOCAL = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if implements import in instanceof interface let new null package private protected public return ' +
    'static super switch this throw true try typeof var void while with yield async await of arguments eval ' +
    'undefined NaN Infinity include locals __locals __append __output __line __lines __filename escapeFn rethrow'
  ).split(' '),
);

/** Code tags (`<% %>`, `<%= %>`, `<%- %>`, `<%_ _%>`), comments (`<%# %>`) left out. */
const CODE_TAG = /<%([_=\-#%]?)([\s\S]*?)[_-]?%>/g;
/** An identifier that is not a property (after `.` or `?.`). */
const IDENTIFIER = /(?<![.\w$])[A-Za-z_$][\w$]*/g;
/**
 * A name the view declares itself with const, let, class or function (destructuring too):
 * declared again from the locals it would be a syntax error, and the view does not read it there.
 */
const OWN_DECLARATION = /\b(?:const|let|class|function)\s+(?:([A-Za-z_$][\w$]*)|[{[]([^=]*?)[}\]]\s*=)/g;

/** The names a view's code may read from its locals. */
export function viewLocalNames(template: string): string[] {
  const names = new Set<string>();
  const own = new Set<string>();
  for (const tag of template.matchAll(CODE_TAG)) {
    if (tag[1] === '#' || tag[1] === '%') continue;
    for (const [id] of tag[2].matchAll(IDENTIFIER)) if (!NOT_A_LOCAL.has(id) && !(id in globalThis)) names.add(id);
    for (const d of tag[2].matchAll(OWN_DECLARATION)) {
      if (d[1]) own.add(d[1]);
      else for (const [id] of (d[2] ?? '').matchAll(IDENTIFIER)) own.add(id);
    }
  }
  return [...names].filter((n) => !own.has(n));
}

/** `include('../partials/head'`, `include('_row'`: a partial named by a relative path in the view's code. */
const RELATIVE_INCLUDE = /\binclude\(\s*(['"])([^'"/][^'"]*)\1/g;

/**
 * The view with its partials named by absolute paths. EJS looks a relative partial up on disk at
 * every include of every render (a file system call each: 40 % of rendering a small page); an
 * absolute one it takes as is. The view's file is known at compile time, so is each partial's.
 */
export function withAbsoluteIncludes(template: string, filename: string): string {
  const dir = path.dirname(filename);
  return template.replace(RELATIVE_INCLUDE, (_all, quote: string, relative: string) => {
    const file = path.resolve(dir, relative);
    return `include(${quote}${path.extname(file) ? file : `${file}.ejs`}${quote}`;
  });
}

/**
 * The global function a compiled view calls for its partials. EJS's own `include` makes two copies
 * of every local for each partial it renders (one of the render's options, one of the locals,
 * each without prototype so that a polluted `Object.prototype` cannot reach names looked up
 * through `with`): with fifty locals and a dozen partials a page, that copying was a tenth of
 * a page's time. Without `with`, a view reads only the names it declares at its top, so a partial
 * reads its parent's locals object itself or, given data of its own, one spread copy with that
 * data over it (a copy V8 makes from the object's shape; a prototype link instead was slower: each
 * page's locals a new prototype, the partials' reads of them went uncached).
 */
export const VIEW_INCLUDE = '__viewInclude';

/** `include(` in a view: a partial's call, whatever its arguments. */
const INCLUDE_CALL = /(?<![.\w$])include\(/g;

/**
 * The view's partials called through {@link VIEW_INCLUDE}, with the locals, the view's escaping
 * (a mail's text part escapes nothing, its partials neither) and the view's folder.
 */
export function withOwnIncludes(template: string, filename: string | undefined): string {
  const dir = JSON.stringify(filename ? path.dirname(filename) : process.cwd());
  return template.replace(CODE_TAG, (tag) => tag.replace(INCLUDE_CALL, `${VIEW_INCLUDE}(locals, escapeFn, ${dir}, `));
}

const HTML_SPECIAL = /[&<>'"]/;
const HTML_SPECIALS = /[&<>'"]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/**
 * What `<%= %>` prints: EJS's escaping, to the character, for less. Most values printed are
 * numbers, or names and amounts with nothing to escape: they go out as they are, without the
 * regular-expression replace EJS ran on each (a quarter of rendering a list of contracts).
 */
export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  return HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIALS, (c) => ENTITY[c]) : text;
}

type Compile = (template: string, opts?: Record<string, unknown>) => unknown;
type View = (locals: Record<string, unknown>) => string;
type Has = (o: object, name: string) => boolean;
/** What `{ ...locals, ...data }` gives for the names a partial can read (see {@link pickerOf}). */
type Pick = (data: Record<string, unknown>, locals: Record<string, unknown>, has: Has) => Record<string, unknown>;
interface Partial {
  view: View;
  /** Null: the partial gets a copy of all the locals. */
  pick: Pick | null;
}

/**
 * The locals a partial given data of its own reads: what `{ ...locals, ...data }` would give for
 * each name its code (and its partials') can read, and only those: a partial in a table's row
 * reads a few names, the page's locals are forty. One object literal, so one allocation of a
 * fixed shape, rather than a copy of every local.
 */
function pickerOf(names: string[] | null): Pick | null {
  if (!names) return null;
  const entries = names.map((n) => {
    const key = JSON.stringify(n);
    return `${key}: has(data, ${key}) ? data[${key}] : has(locals, ${key}) ? locals[${key}] : undefined`;
  });
  return new Function('data', 'locals', 'has', `return { ${entries.join(', ')} };`) as Pick;
}
type Escape = (value: unknown) => string;
interface Ejs {
  compile: Compile & { withoutWith?: true };
}

/** A mail's template (views/mail/…), or a template given as text: left as written. */
function isMailView(filename: string | undefined): boolean {
  return !filename || path.relative(viewsDir, filename).split(path.sep)[0] === 'mail';
}

/**
 * Installs the compilation on the `ejs` module Express renders with (the one in node_modules,
 * loaded by name); once per process, whatever the number of apps. `lineNumbers: false` (in
 * production) leaves out the line tracking that only serves an error's message.
 */
export function compileViewsWithoutWith(options: { lineNumbers: boolean } = { lineNumbers: true }): void {
  const ejs = createRequire(import.meta.url)('ejs') as Ejs;
  if (ejs.compile.withoutWith) return;
  const original = ejs.compile;
  const compile: Ejs['compile'] = (template, opts = {}) => {
    if (opts.strict) return original(template, opts);
    const filename = typeof opts.filename === 'string' ? opts.filename : undefined;
    const source = withOwnIncludes(filename ? withAbsoluteIncludes(template, filename) : template, filename);
    return original(source, {
      ...opts,
      _with: false,
      escape: opts.escape ?? opts.escapeFunction ?? escapeHtml,
      destructuredLocals: viewLocalNames(template),
      compileDebug: options.lineNumbers && opts.compileDebug !== false,
      // A page's indentation and blank lines are a sixth of its bytes (a member's contracts page:
      // 32.7 → 28.4 kB), encoded, sent and read by the phone for nothing: each line of a page's
      // template is trimmed (a line break stays where there was one, so words stay apart). Not the
      // mails, whose text version is laid out by its spaces and blank lines; no page view has
      // preformatted text written over several template lines (a test keeps it so).
      rmWhitespace: !isMailView(filename),
      // The locals are read as given, not copied (see VIEW_INCLUDE): Express builds them afresh
      // for each render, and no view writes to them.
      unsafePrototypeLocals: true,
    });
  };
  compile.withoutWith = true;
  ejs.compile = compile;

  /**
   * A partial, compiled with its view's escaping; once when the render caches its views (Express's
   * `view cache`, production), as EJS does, else read again at each include. With it, the names
   * the partial and the partials it includes in turn may read (see {@link partialLocalNames}).
   */
  const cached = new Map<Escape, Map<string, Partial>>();
  const partial = (file: string, escape: Escape, cache: boolean): Partial => {
    let views = cached.get(escape);
    let found = cache ? views?.get(file) : undefined;
    if (!found) {
      const view = compile(fs.readFileSync(file, 'utf8'), { filename: file, cache, escape }) as View;
      found = { view, pick: pickerOf(partialLocalNames(file, cache)) };
      if (cache) {
        if (!views) cached.set(escape, (views = new Map()));
        views.set(file, found);
      }
    }
    return found;
  };
  Object.defineProperty(globalThis, VIEW_INCLUDE, {
    value: (
      locals: Record<string, unknown>,
      escape: Escape,
      dir: string,
      name: string,
      data?: Record<string, unknown>,
    ) => {
      const file = path.isAbsolute(name) ? name : path.resolve(dir, path.extname(name) ? name : `${name}.ejs`);
      const { view, pick } = partial(file, escape, locals.cache === true);
      if (!data) return view(locals);
      return view(pick ? pick(data, locals, Object.hasOwn) : { ...locals, ...data });
    },
  });
}

/** `include('/abs/file.ejs'`: a partial named by a literal, once {@link withAbsoluteIncludes} ran. */
const LITERAL_INCLUDE = /(?<![.\w$])include\(\s*(['"])([^'"]+)\1/g;
/** Any other `include(`, or the word `locals`: the partial may read names its code does not spell. */
const OPEN_ENDED = /(?<![.\w$])(?:include\(\s*[^\s'"]|locals\b)/;

const namesCache = new Map<string, string[] | null>();

/**
 * Every name a partial reads from its locals, with those of the partials it includes, theirs too
 * (the locals object it is given is the one they get when included without data), and `cache`
 * (read by each include). Null when that cannot be known from the code: a partial named at run
 * time, or code that reads `locals` itself; such a partial gets a copy of all the locals.
 */
export function partialLocalNames(file: string, cache = true): string[] | null {
  const names = new Set<string>(['cache']);
  const seen = new Set<string>();
  const visit = (f: string): boolean => {
    if (seen.has(f)) return true;
    seen.add(f);
    const source = fs.readFileSync(f, 'utf8');
    const template = withAbsoluteIncludes(source, f);
    for (const tag of template.matchAll(CODE_TAG)) {
      if (tag[1] === '#' || tag[1] === '%') continue;
      if (OPEN_ENDED.test(tag[2])) return false;
    }
    for (const n of viewLocalNames(source)) names.add(n);
    for (const tag of template.matchAll(CODE_TAG)) {
      if (tag[1] === '#' || tag[1] === '%') continue;
      for (const m of tag[2].matchAll(LITERAL_INCLUDE))
        if (!visit(path.extname(m[2]) ? m[2] : `${m[2]}.ejs`)) return false;
    }
    return true;
  };
  if (cache && namesCache.has(file)) return namesCache.get(file)!;
  const result = visit(file) ? [...names] : null;
  if (cache) namesCache.set(file, result);
  return result;
}
