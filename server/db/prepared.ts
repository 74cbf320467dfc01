/**
 * Queries built once and prepared once per database handle, then run by every request with new
 * values. Under load, building a query with drizzle, preparing it in SQLite and mapping its rows
 * through drizzle's generic mapper cost far more than running it: a page's queries are written with
 * drizzle as before, with `sql.placeholder('name')` where a value goes, and compiled here the first
 * time they run.
 */
import type { Statement } from 'better-sqlite3';
import { Column, is, Param, Placeholder, SQL, sql, type SQLWrapper } from 'drizzle-orm';
import type { Db } from './client.js';

/** The values of a query's placeholders, as SQLite takes them (numbers, strings, null). */
export type Values = Record<string, string | number | bigint | null>;

/** A built select: its SQL text and parameters, and (for its type only) the rows it returns. */
interface Built<R> {
  toSQL(): { sql: string; params: unknown[] };
  all(): R[];
}

/** A select compiled once: run it with new placeholder values. */
export interface Compiled<R> {
  all(values?: Values): R[];
  get(values?: Values): R | undefined;
}

type Field = Column | SQL | SQL.Aliased;
type Decoder = ((value: unknown) => unknown) | null;

function decoderOf(field: Field): Decoder {
  // An SQL fragment's decoder (`.mapWith()`) is not in drizzle's public types.
  type WithDecoder = { decoder: { mapFromDriverValue(v: unknown): unknown } };
  const d = is(field, Column)
    ? field
    : is(field, SQL)
      ? (field as unknown as WithDecoder).decoder
      : ((field as SQL.Aliased).sql as unknown as WithDecoder).decoder;
  // Most columns hand the driver's value through unchanged: skip the call for them.
  const probe = {};
  let same = false;
  try {
    same = d.mapFromDriverValue(probe) === probe;
  } catch {
    // a decoder that parses (JSON, dates) is not the identity
  }
  return same ? null : (v) => d.mapFromDriverValue(v);
}

type Slot = { name: string; encode: (v: unknown) => unknown } | { value: unknown };

function compile<R>(db: Db, fields: Record<string, Field>, query: Built<R>): Compiled<R> {
  const { sql: text, params } = query.toSQL();
  const slots: Slot[] = params.map((p) =>
    is(p, Placeholder)
      ? { name: p.name, encode: (v: unknown) => v }
      : is(p, Param) && is(p.value, Placeholder)
        ? { name: (p.value as Placeholder).name, encode: (v: unknown) => p.encoder.mapToDriverValue(v) }
        : { value: p },
  );
  const stmt: Statement<unknown[], unknown[]> = db.$client.prepare<unknown[], unknown[]>(text).raw(true);
  const keys = Object.keys(fields);
  const decoders = keys.map((k) => decoderOf(fields[k]));
  if (stmt.columns().length !== keys.length)
    throw new Error(`prepared: ${keys.length} fields, SQL returns other columns`);
  const bind = (values: Values = {}) =>
    slots.map((s) => {
      if ('value' in s) return s.value;
      if (!(s.name in values)) throw new Error(`prepared: no value for placeholder "${s.name}"`);
      return s.encode(values[s.name]);
    });
  const row = (raw: unknown[]): R => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const v = raw[i];
      const d = decoders[i];
      out[keys[i]] = v === null || d === null ? v : d(v);
    }
    return out as R;
  };
  return {
    all: (values) => stmt.all(...bind(values)).map(row),
    get: (values) => {
      const raw = stmt.get(...bind(values));
      return raw === undefined ? undefined : row(raw);
    },
  };
}

const cache = new WeakMap<Db, Map<string, Compiled<unknown>>>();

/**
 * The select `build` returns, compiled once per database handle under `key` (one key per query
 * and shape: the same key must always build the same SQL). `fields` is the flat selection the
 * query was built with, in the same order.
 */
export function prepared<R>(
  db: Db,
  key: string,
  build: () => { fields: Record<string, Field>; query: Built<R> },
): Compiled<R> {
  let mine = cache.get(db);
  if (!mine) cache.set(db, (mine = new Map()));
  let q = mine.get(key) as Compiled<R> | undefined;
  if (!q) {
    const { fields, query } = build();
    mine.set(key, (q = compile(db, fields, query)));
  }
  return q;
}

/** A placeholder for a value. */
export const ph = (name: string) => sql.placeholder(name);

/**
 * `column in (…)` over a list given as one placeholder (its JSON text): one statement whatever the
 * length of the list. Pass the value with `json(list)`.
 */
export function inList(column: SQLWrapper, name: string): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(name)}))`;
}

export const json = (list: readonly (string | number)[]) => JSON.stringify(list);

/** SQLite has no booleans: 1 or 0 for a placeholder compared with a boolean column. */
export const bool = (b: boolean) => (b ? 1 : 0);
