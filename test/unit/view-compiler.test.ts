import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import os from 'node:os';
import fc from 'fast-check';
import {
  compileViewsWithoutWith,
  escapeHtml,
  partialLocalNames,
  viewLocalNames,
  withAbsoluteIncludes,
  withOwnIncludes,
} from '../../server/web/view-compiler.js';
import { viewsDir } from '../../server/lib/paths.js';

const ejs = createRequire(import.meta.url)('ejs') as {
  compile: (t: string, o: Record<string, unknown>) => (d: Record<string, unknown>) => string;
  escapeXML: (v: unknown) => string;
  render: (t: string, d: Record<string, unknown>, o?: Record<string, unknown>) => string;
};

function viewFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? viewFiles(path.join(dir, e.name)) : e.name.endsWith('.ejs') ? [path.join(dir, e.name)] : [],
    );
}

describe('views compiled without `with`', () => {
  before(() => compileViewsWithoutWith());

  it('finds the names a view reads, not its properties, keywords, globals or its own declarations', () => {
    const names = viewLocalNames(
      `<%# a comment: ignored %><h1><%= title %></h1>
       <% const total = items.reduce(function (sum, item) { return sum + item.price; }, 0); %>
       <% if (typeof hint !== 'undefined' && Math.max(total, 1)) { %><%- include('x', { note: hint }) %><% } %>
       <%= member?.firstName %> <%= formatEuros(total) %>`,
    );
    expect(names).to.include.members(['title', 'items', 'sum', 'item', 'hint', 'note', 'member', 'formatEuros']);
    for (const absent of ['price', 'reduce', 'firstName', 'total', 'Math', 'include', 'typeof', 'comment'])
      expect(names).not.to.include(absent);
  });

  it('renders like EJS does with `with`: locals, a missing optional local, a local reassigned', () => {
    const template = `<% var shown = typeof extra !== 'undefined' ? extra : 'rien'; %><%= title %> · <%= shown %>`;
    expect(ejs.compile(template, {})({ title: 'Accueil' })).to.equal('Accueil · rien');
    expect(ejs.compile(template, {})({ title: 'Accueil', extra: 'plus' })).to.equal('Accueil · plus');
  });

  it('names partials by absolute paths, so that no render looks them up on disk', () => {
    const file = path.join(viewsDir, 'contracts', 'show.ejs');
    expect(
      withAbsoluteIncludes(
        `<%- include('../partials/head') %><%- include("./_row.ejs", { r }) %><%- include(name) %><%- include('_cards') %>`,
        file,
      ),
    ).to.equal(
      `<%- include('${path.join(viewsDir, 'partials', 'head.ejs')}') %>` +
        `<%- include("${path.join(viewsDir, 'contracts', '_row.ejs')}", { r }) %><%- include(name) %>` +
        `<%- include('${path.join(viewsDir, 'contracts', '_cards.ejs')}') %>`,
    );
  });

  it('calls partials through its own include, in code only, with the view’s folder for a name given at run time', () => {
    expect(
      withOwnIncludes(
        `include(x) <%- include('/v/a.ejs', { r }) %><% if (include) { %><%= list.include(1) %>`,
        '/v/p.ejs',
      ),
    ).to.equal(
      `include(x) <%- __viewInclude(locals, escapeFn, "/v", '/v/a.ejs', { r }) %><% if (include) { %><%= list.include(1) %>`,
    );
  });

  it('gives a partial its parent’s locals with its own data over them, leaving the parent’s untouched', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'views-'));
    fs.writeFileSync(
      path.join(dir, '_item.ejs'),
      `[<%= label %> <%= title %><% if (typeof extra !== 'undefined') { %> <%= extra %><% } %>]`,
    );
    fs.writeFileSync(path.join(dir, '_nested.ejs'), `<%- include('_item', { label: 'imbriqué' }) %>`);
    const page = path.join(dir, 'page.ejs');
    fs.writeFileSync(
      page,
      `<% for (const l of labels) { %><%- include('_item', { label: l, extra: 'en plus' }) %><% } %>` +
        `<%- include(partialName) %> <%= label %> <%= typeof extra %>`,
    );
    const locals = { title: 'T', label: 'parent', labels: ['a', 'b'], partialName: '_nested' };
    for (const cache of [false, true])
      expect(ejs.compile(fs.readFileSync(page, 'utf8'), { filename: page, cache })({ ...locals, cache })).to.equal(
        '[a T en plus][b T en plus][imbriqué T] parent undefined',
      );
    // A view compiled with its own escaping (a mail's text part) passes it to its partials.
    const text = path.join(dir, 'mail.text.ejs');
    fs.writeFileSync(text, `<%= title %> <%- include('_item', { label: '<b>' }) %>`);
    const asTyped = (v: unknown) => (v == null ? '' : String(v));
    for (const cache of [false, true])
      expect(
        ejs.compile(fs.readFileSync(text, 'utf8'), { filename: text, escape: asTyped })({ title: "l'AMAP", cache }),
      ).to.equal("l'AMAP [<b> l'AMAP]");
    expect(ejs.compile(fs.readFileSync(text, 'utf8'), { filename: text })({ title: "l'AMAP" })).to.equal(
      'l&#39;AMAP [&lt;b&gt; l&#39;AMAP]',
    );
    fs.rmSync(dir, { recursive: true });
  });

  it('hands a partial given data only the names it and its own partials read, rendering as with every local', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'views-'));
    const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
    // _outer never names `title`; _inner, which it includes without data, does.
    write('_outer.ejs', `(<%= x %> <%- include('_inner') %>)`);
    write('_inner.ejs', `<%= title %>/<%= x %>/<%= typeof missing %>`);
    write('_open.ejs', `<%= locals.title %>`);
    write('_dynamic.ejs', `<%- include(name) %>`);
    write(
      'page.ejs',
      `<% for (const x of [1, 2]) { %><%- include('_outer', { x: x }) %><% } %><%- include('_open', { y: 1 }) %>`,
    );
    expect(partialLocalNames(path.join(dir, '_outer.ejs'))).to.include.members(['cache', 'missing', 'title', 'x']);
    expect(partialLocalNames(path.join(dir, '_open.ejs')), 'reads locals itself').to.equal(null);
    expect(partialLocalNames(path.join(dir, '_dynamic.ejs')), 'a partial named at run time').to.equal(null);
    const page = path.join(dir, 'page.ejs');
    for (const cache of [false, true])
      expect(ejs.compile(fs.readFileSync(page, 'utf8'), { filename: page, cache })({ title: 'T', cache })).to.equal(
        '(1 T/1/undefined)(2 T/2/undefined)T',
      );
    fs.rmSync(dir, { recursive: true });
  });

  it('knows the names of every partial of the app from its code', () => {
    const partials = viewFiles(viewsDir).filter((f) => path.basename(f).startsWith('_') || f.includes('/partials/'));
    expect(partials.length).to.be.greaterThan(20);
    for (const file of partials) expect(partialLocalNames(file, false), file).not.to.equal(null);
  });

  it('escapes exactly as EJS does, whatever the value', () => {
    const value = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'é', '&', '<', '>', '"', "'", ' ', '€', ';', '#') }),
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constantFrom(null, undefined, { toString: () => '<b>' }, [1, '<'], 0, -0, NaN),
    );
    fc.assert(
      fc.property(value, (v) => escapeHtml(v) === ejs.escapeXML(v)),
      { numRuns: 3000 },
    );
    expect(ejs.compile('<%= a %>|<%= b %>|<%- a %>', {})({ a: '<Léa & "Jo">', b: 12.5 })).to.equal(
      '&lt;Léa &amp; &#34;Jo&#34;&gt;|12.5|<Léa & "Jo">',
    );
  });

  it('no view reaches into EJS’s own variables (they change with the compile options: __line is gone in production)', () => {
    for (const file of viewFiles(viewsDir))
      expect(fs.readFileSync(file, 'utf8'), file).not.to.match(/\b(__append|__line|__output|escapeFn|__locals)\b/);
  });

  it('trims the lines of a page’s template, not of a mail’s', () => {
    const page = path.join(viewsDir, 'any', 'page.ejs');
    const mail = path.join(viewsDir, 'mail', 'any.text.ejs');
    const template = '<ul>\n    <li><%= a %></li>\n\n    <li>b</li>\n</ul>\n';
    expect(ejs.compile(template, { filename: page })({ a: 'x' })).to.equal('<ul>\n<li>x</li>\n<li>b</li>\n</ul>');
    expect(ejs.compile(template, { filename: mail })({ a: 'x' })).to.equal(
      '<ul>\n    <li>x</li>\n\n    <li>b</li>\n</ul>\n',
    );
  });

  it('no page view writes preformatted text over several lines (trimming them would change it)', () => {
    const preformatted = /<(pre|textarea)\b[^>]*>([\s\S]*?)<\/\1>/g;
    for (const file of viewFiles(viewsDir)) {
      if (path.relative(viewsDir, file).split(path.sep)[0] === 'mail') continue;
      for (const [element] of fs.readFileSync(file, 'utf8').matchAll(preformatted))
        expect(element, file).not.to.include('\n');
    }
  });

  it('compiles every view of the app', () => {
    const files = viewFiles(viewsDir);
    expect(files.length).to.be.greaterThan(100);
    for (const file of files)
      expect(() => ejs.compile(fs.readFileSync(file, 'utf8'), { filename: file }), file).not.to.throw();
  });
});
