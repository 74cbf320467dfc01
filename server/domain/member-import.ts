/**
 * Checking a members CSV before anything is written: which column is which, and what is wrong
 * with each line. Pure: the caller gives the rows and what the AMAP already has.
 */
import { z } from 'zod';
import { hasControlCharacter } from './text.js';

export const IMPORT_COLUMNS = [
  'nom',
  'prénom',
  'email',
  'téléphone',
  'téléphone 2',
  'adresse',
  'code postal',
  'ville',
] as const;

export type ImportField = 'lastName' | 'firstName' | 'email' | 'phone' | 'phone2' | 'address' | 'postalCode' | 'city';

/** Header spellings people actually use, compared without accents, case, spaces or punctuation. */
const HEADER_ALIASES: Record<string, ImportField> = {
  nom: 'lastName',
  nomdefamille: 'lastName',
  prenom: 'firstName',
  email: 'email',
  mail: 'email',
  courriel: 'email',
  adressemail: 'email',
  adresseemail: 'email',
  telephone: 'phone',
  tel: 'phone',
  telephone1: 'phone',
  portable: 'phone',
  mobile: 'phone',
  telephone2: 'phone2',
  tel2: 'phone2',
  adresse: 'address',
  rue: 'address',
  codepostal: 'postalCode',
  cp: 'postalCode',
  ville: 'city',
  commune: 'city',
};

export function normalizeHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export type ColumnMap = Partial<Record<ImportField, number>>;

/** Maps header cells to fields; problems when nom or prénom is missing. */
export function mapColumns(header: string[]): { columns: ColumnMap; problems: string[] } {
  const columns: ColumnMap = {};
  header.forEach((h, i) => {
    const field = HEADER_ALIASES[normalizeHeader(h)];
    if (field && columns[field] === undefined) columns[field] = i;
  });
  const problems: string[] = [];
  if (columns.lastName === undefined || columns.firstName === undefined) {
    problems.push(
      `La première ligne doit nommer les colonnes, au moins « nom » et « prénom ». Colonnes reconnues : ${IMPORT_COLUMNS.join(', ')}.`,
    );
  }
  return { columns, problems };
}

export interface ImportedMember {
  lastName: string;
  firstName: string;
  email: string | null;
  phone: string | null;
  phone2: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
}

export interface ImportLine {
  /** Line number in the file, header being line 1. */
  lineNumber: number;
  member: ImportedMember;
  problems: string[];
}

export interface ExistingMembers {
  /** Lower-cased e-mails already in the AMAP. */
  emails: Set<string>;
  /** `nameKey(first, last)` of members already in the AMAP. */
  names: Set<string>;
}

export function nameKey(firstName: string, lastName: string): string {
  return normalizeHeader(firstName) + '|' + normalizeHeader(lastName);
}

/** The check of the member form, so an imported address is one the member page accepts too. */
const isEmail = (v: string) => z.email().safeParse(v).success;

/**
 * The same limits as the member form, so an imported member can be edited without surprise:
 * field, column name, longest length and its message.
 */
const FIELD_RULES: [ImportField, string, number, string][] = [
  ['lastName', 'nom', 100, 'nom trop long'],
  ['firstName', 'prénom', 100, 'prénom trop long'],
  ['email', 'e-mail', 200, 'e-mail trop long'],
  ['phone', 'téléphone', 30, 'téléphone trop long'],
  ['phone2', 'téléphone 2', 30, 'téléphone 2 trop long'],
  ['address', 'adresse', 200, 'adresse trop longue'],
  ['city', 'ville', 100, 'ville trop longue'],
];

/**
 * Checks every data line. `lineNumbers` are the lines of the rows in the file (blank lines of the
 * file skipped); without them the rows are taken as lines 2, 3, … after the header.
 */
export function checkImportLines(
  rows: string[][],
  columns: ColumnMap,
  existing: ExistingMembers,
  lineNumbers?: number[],
): ImportLine[] {
  const seenEmails = new Map<string, number>();
  const seenNames = new Map<string, number>();
  return rows.map((row, i) => {
    const lineNumber = lineNumbers?.[i] ?? i + 2;
    const get = (f: ImportField) => {
      const idx = columns[f];
      const v = idx === undefined ? '' : (row[idx] ?? '').trim();
      return v === '' ? null : v;
    };
    const member: ImportedMember = {
      lastName: get('lastName') ?? '',
      firstName: get('firstName') ?? '',
      email: get('email')?.toLowerCase() ?? null,
      phone: get('phone'),
      phone2: get('phone2'),
      address: get('address'),
      postalCode: get('postalCode'),
      city: get('city'),
    };
    const problems: string[] = [];
    if (!member.lastName) problems.push('nom manquant');
    if (!member.firstName) problems.push('prénom manquant');
    if (member.email) {
      if (!isEmail(member.email)) problems.push(`e-mail invalide « ${member.email} »`);
      else if (existing.emails.has(member.email)) problems.push('déjà membre (même e-mail)');
      else if (seenEmails.has(member.email))
        problems.push(`e-mail en double (déjà ligne ${seenEmails.get(member.email)})`);
      else seenEmails.set(member.email, lineNumber);
    }
    if (member.postalCode && !/^\d{5}$/.test(member.postalCode))
      problems.push(`code postal invalide « ${member.postalCode} »`);
    for (const [field, column, max, tooLong] of FIELD_RULES) {
      const value = member[field] ?? '';
      // As the member form refuses them: such characters would land raw in exports and mails.
      if (hasControlCharacter(value)) problems.push(`${column} : caractère invisible non autorisé`);
      if (value.length > max) problems.push(`${tooLong} (${max} caractères au plus)`);
    }
    if (member.firstName && member.lastName && !member.email) {
      const key = nameKey(member.firstName, member.lastName);
      if (existing.names.has(key)) problems.push('déjà membre (même nom, sans e-mail)');
      else if (seenNames.has(key)) problems.push(`en double (déjà ligne ${seenNames.get(key)})`);
      else seenNames.set(key, lineNumber);
    }
    return { lineNumber, member, problems };
  });
}
