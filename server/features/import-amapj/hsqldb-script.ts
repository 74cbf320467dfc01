/**
 * A reader of HSQLDB's `.script` file, the text half of an AmapJ backup: `CREATE … TABLE` lines give
 * each table's column names in their order, `INSERT INTO … VALUES(…)` lines give positional rows.
 * HSQLDB writes one statement per line, every non-ASCII character (and the backslash) as `\uXXXX`,
 * a quote inside a string as `''`. Only the PUBLIC schema is read (SYSTEM_LOBS holds no data of AmapJ).
 */

export type SqlValue = string | number | boolean | null;

export interface ScriptRow {
  values: SqlValue[];
  /** 1-based line of the INSERT in the file, for problems a person can look up. */
  line: number;
}

export interface ScriptTable {
  name: string;
  columns: string[];
  /** Line of the CREATE statement. */
  line: number;
  rows: ScriptRow[];
}

/** The file cannot be read as a .script: the line concerned (0: the whole file) and why, in French. */
export class ScriptError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(line > 0 ? `Ligne ${line} du fichier .script : ${reason}` : `Fichier .script : ${reason}`);
  }
}

const CREATE = /^CREATE\s+(?:(?:MEMORY|CACHED|TEXT)\s+)?TABLE\s+([^\s(]+)\s*\(/i;
const INSERT = /^INSERT\s+INTO\s+([^\s(]+)\s+VALUES\s*\(/i;
const SET_SCHEMA = /^SET\s+SCHEMA\s+(\S+)\s*$/i;
const CONSTRAINT_START = /^(CONSTRAINT|PRIMARY\s+KEY|UNIQUE|FOREIGN\s+KEY|CHECK)\b/i;

/** `PUBLIC.UTILISATEUR`, `"PUBLIC"."UTILISATEUR"` → schema and table, upper-cased. */
function qualifiedName(raw: string): { schema: string | null; table: string } {
  const parts = raw.split('.').map((p) => p.replace(/^"(.*)"$/, '$1').toUpperCase());
  return parts.length > 1 ? { schema: parts[0], table: parts[parts.length - 1] } : { schema: null, table: parts[0] };
}

/** Splits the inside of a parenthesised list at its top-level commas (parentheses and quotes kept whole). */
function splitTopLevel(text: string, line: number): string[] {
  const items: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "'") {
        if (text[i + 1] === "'") i++;
        else quoted = false;
      }
    } else if (c === "'") quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (quoted) throw new ScriptError(line, 'une chaîne entre apostrophes n’est pas fermée.');
  items.push(text.slice(start).trim());
  return items;
}

function columnsOf(statement: string, open: number, line: number): string[] {
  const close = statement.lastIndexOf(')');
  if (close < open) throw new ScriptError(line, 'la liste des colonnes n’est pas fermée.');
  const columns = splitTopLevel(statement.slice(open + 1, close), line)
    .filter((item) => item !== '' && !CONSTRAINT_START.test(item))
    .map((item) =>
      item
        .split(/\s+/)[0]
        .replace(/^"(.*)"$/, '$1')
        .toUpperCase(),
    );
  if (columns.length === 0) throw new ScriptError(line, 'table sans colonne.');
  return columns;
}

/** Decodes `\uXXXX` escapes; a lone backslash (never written by HSQLDB) is kept as it is. */
function unescape(raw: string, line: number): string {
  return raw.replace(/\\u([0-9a-fA-F]{0,4})/g, (whole, hex: string) => {
    if (hex.length !== 4) throw new ScriptError(line, `séquence « ${whole} » invalide (il faut \\u et 4 chiffres).`);
    return String.fromCharCode(parseInt(hex, 16));
  });
}

/** Reads the values of `VALUES(…)` from `start` (just after the parenthesis) to the closing one. */
function valuesOf(statement: string, start: number, line: number): SqlValue[] {
  const values: SqlValue[] = [];
  let i = start;
  const skipSpaces = () => {
    while (statement[i] === ' ' || statement[i] === '\t') i++;
  };
  for (;;) {
    skipSpaces();
    if (statement[i] === "'") {
      let text = '';
      i++;
      for (;;) {
        const quote = statement.indexOf("'", i);
        if (quote < 0) throw new ScriptError(line, 'une chaîne entre apostrophes n’est pas fermée.');
        text += statement.slice(i, quote);
        if (statement[quote + 1] === "'") {
          text += "'";
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      values.push(unescape(text, line));
    } else {
      const m = /^[^,)]*/.exec(statement.slice(i))!;
      const token = m[0].trim();
      i += m[0].length;
      if (/^NULL$/i.test(token)) values.push(null);
      else if (/^TRUE$/i.test(token)) values.push(true);
      else if (/^FALSE$/i.test(token)) values.push(false);
      else if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(token)) values.push(Number(token));
      else if (/^X'[0-9A-Fa-f]*'$/.test(token)) values.push(token.slice(2, -1));
      else throw new ScriptError(line, `valeur illisible « ${token.slice(0, 40)} ».`);
    }
    skipSpaces();
    const c = statement[i];
    if (c === ',') {
      i++;
      continue;
    }
    if (c === ')') {
      if (statement.slice(i + 1).trim() !== '')
        throw new ScriptError(line, 'texte après la fin de la ligne VALUES(…).');
      return values;
    }
    throw new ScriptError(line, 'la ligne VALUES(…) n’est pas fermée.');
  }
}

/** Every table of the PUBLIC schema with its columns and rows, by upper-cased name. */
export function parseScript(text: string): Map<string, ScriptTable> {
  const tables = new Map<string, ScriptTable>();
  let schema = 'PUBLIC';
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const statement = lines[n].trim();
    const line = n + 1;
    if (statement === '') continue;
    const set = SET_SCHEMA.exec(statement);
    if (set) {
      schema = qualifiedName(set[1]).table;
      continue;
    }
    const create = CREATE.exec(statement);
    if (create) {
      const name = qualifiedName(create[1]);
      if ((name.schema ?? schema) !== 'PUBLIC') continue;
      tables.set(name.table, {
        name: name.table,
        columns: columnsOf(statement, create[0].length - 1, line),
        line,
        rows: [],
      });
      continue;
    }
    const insert = INSERT.exec(statement);
    if (insert) {
      const name = qualifiedName(insert[1]);
      if ((name.schema ?? schema) !== 'PUBLIC') continue;
      const table = tables.get(name.table);
      if (!table) throw new ScriptError(line, `INSERT dans la table ${name.table}, qui n’a pas été créée plus haut.`);
      const values = valuesOf(statement, insert[0].length, line);
      if (values.length !== table.columns.length)
        throw new ScriptError(
          line,
          `${values.length} valeurs pour les ${table.columns.length} colonnes de la table ${table.name}.`,
        );
      table.rows.push({ values, line });
    }
  }
  return tables;
}
