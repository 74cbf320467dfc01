/**
 * The journal's reads: a page of audit entries filtered by person, kind and period, each with
 * its French sentence. A page is three queries plus one per kind of thing its entries name,
 * whatever the number of entries.
 */
import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { auditLog, cheques, members, subscriptions } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { addDays } from '../../domain/delivery-calendar.js';
import { displayName, sortName } from '../../lib/format.js';
import { startOfDayIn } from '../../lib/today.js';
import { AUDIT_KINDS } from './audit-labels.js';
import type { JournalQuery } from './audit.forms.js';
import { loadAuditNames, type StoredAuditEntry } from './audit-names.js';
import { auditSentence } from './audit-sentences.js';

export interface JournalFilter {
  /** Entries by this member, or about them (their record, subscriptions, cheques…). */
  personId?: number | null;
  /** Slugs of AUDIT_KINDS; none means every kind. */
  kinds?: readonly string[];
  /** First and last day (YYYY-MM-DD, in the AMAP's timezone), inclusive. */
  from?: string | null;
  to?: string | null;
}

export interface JournalEntry {
  id: number;
  createdAt: string;
  actorName: string | null;
  sentence: string;
  /** The member the entry is about, when it is one, for a link to their page. */
  memberId: number | null;
}

/**
 * An action's family, its text up to the first dot ("cheque" for "cheque.receive", "login" for
 * "login"): an action is of a kind when its family is one of the kind's prefixes (none holds a dot).
 * One IN test a row: /tresorerie reads its latest entries by scanning back from the newest, and an
 * `= p or like 'p.%'` pair per prefix cost twice as much (103 against 44 µs on the bench AMAP).
 */
const actionFamily = sql`substr(${auditLog.action}, 1, instr(${auditLog.action} || '.', '.') - 1)`;

function kindWhere(slugs: readonly string[]): SQL | undefined {
  const prefixes = AUDIT_KINDS.filter((k) => slugs.includes(k.slug)).flatMap((k) => k.prefixes);
  if (prefixes.length === 0) return undefined;
  return inArray(actionFamily, prefixes);
}

function personWhere(id: number): SQL {
  return or(
    eq(auditLog.actorId, id),
    and(eq(auditLog.targetType, 'member'), eq(auditLog.targetId, id)),
    and(
      eq(auditLog.targetType, 'subscription'),
      inArray(
        auditLog.targetId,
        sql`(select ${subscriptions.id} from ${subscriptions} where ${subscriptions.memberId} = ${id})`,
      ),
    ),
    and(
      eq(auditLog.targetType, 'cheque'),
      inArray(
        auditLog.targetId,
        sql`(select ${cheques.id} from ${cheques} join ${subscriptions} on ${subscriptions.id} = ${cheques.subscriptionId} where ${subscriptions.memberId} = ${id})`,
      ),
    ),
    sql`json_extract(${auditLog.details}, '$.memberId') = ${id}`,
  )!;
}

function journalWhere(filter: JournalFilter, timeZone: string): SQL | undefined {
  return and(
    filter.personId ? personWhere(filter.personId) : undefined,
    filter.kinds?.length ? kindWhere(filter.kinds) : undefined,
    filter.from ? gte(auditLog.createdAt, startOfDayIn(timeZone, filter.from)) : undefined,
    filter.to ? lt(auditLog.createdAt, startOfDayIn(timeZone, addDays(filter.to, 1))) : undefined,
  );
}

const storedColumns = {
  id: auditLog.id,
  createdAt: auditLog.createdAt,
  action: auditLog.action,
  actorId: auditLog.actorId,
  actorFirst: members.firstName,
  actorLast: members.lastName,
  targetType: auditLog.targetType,
  targetId: auditLog.targetId,
  details: auditLog.details,
};

type StoredRow = { [K in keyof typeof storedColumns]: (typeof storedColumns)[K]['_']['data'] | null };

function storedQuery(db: Db, where: SQL | undefined) {
  return db.select(storedColumns).from(auditLog).leftJoin(members, eq(members.id, auditLog.actorId)).where(where);
}

function toStored({ actorFirst, actorLast, details, ...r }: StoredRow): StoredAuditEntry {
  return {
    ...(r as Omit<StoredAuditEntry, 'actorName' | 'details'>),
    actorName:
      actorFirst !== null && actorLast !== null ? displayName({ firstName: actorFirst, lastName: actorLast }) : null,
    details: parseDetails(details ?? '{}'),
  };
}

function storedEntries(db: Db, where: SQL | undefined, limit: number, offset: number): StoredAuditEntry[] {
  return storedQuery(db, where).orderBy(desc(auditLog.id)).limit(limit).offset(offset).all().map(toStored);
}

function parseDetails(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The entries with their sentences, the names they refer to read in one query per kind of thing. */
function described(db: Db, rows: StoredAuditEntry[]): JournalEntry[] {
  const names = loadAuditNames(db, rows);
  return rows.map((e) => ({
    id: e.id,
    createdAt: e.createdAt,
    actorName: e.actorName,
    sentence: auditSentence(e, names),
    memberId:
      e.targetType === 'member' && e.targetId
        ? e.targetId
        : (names.subscription(e.targetType === 'subscription' ? e.targetId : e.details.subscriptionId)?.memberId ??
          null),
  }));
}

export const JOURNAL_PAGE_SIZE = 50;

/** One page (from 1) of the journal, newest first, with the number of matching entries. */
export function journalPage(
  db: Db,
  timeZone: string,
  filter: JournalFilter,
  page: number,
): { entries: JournalEntry[]; total: number; page: number; pages: number } {
  const where = journalWhere(filter, timeZone);
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(auditLog)
      .where(where)
      .get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / JOURNAL_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = storedEntries(db, where, JOURNAL_PAGE_SIZE, (current - 1) * JOURNAL_PAGE_SIZE);
  return { entries: described(db, rows), total, page: current, pages };
}

/**
 * The latest entries of some kinds (the treasury's "Derniers mouvements"), on every view of
 * /tresorerie: prepared once per list of kinds and length.
 */
export function latestJournalEntries(db: Db, kinds: readonly string[], limit: number): JournalEntry[] {
  const rows = prepared(db, `journal-latest:${kinds.join(',')}:${limit}`, () => ({
    fields: storedColumns,
    query: storedQuery(db, kindWhere(kinds)).orderBy(desc(auditLog.id)).limit(limit),
  })).all() as StoredRow[];
  return described(db, rows.map(toStored));
}

/** /admin/journal: the page the filters of the query string ask for, and the people to filter by. */
export function journalView(db: Db, timeZone: string, query: JournalQuery) {
  const filter = { personId: query.personne, kinds: query.type ? [query.type] : [], from: query.du, to: query.au };
  return {
    ...journalPage(db, timeZone, filter, query.page),
    filtered: !!(query.personne || query.type || query.du || query.au),
    people: journalPeople(db),
  };
}

/** Every member, as the journal's person filter lists them ("MARTIN Léa"). */
function journalPeople(db: Db): { id: number; label: string }[] {
  return db
    .select({ id: members.id, firstName: members.firstName, lastName: members.lastName })
    .from(members)
    .orderBy(asc(sql`lower(${members.lastName})`), asc(sql`lower(${members.firstName})`))
    .all()
    .map((m) => ({ id: m.id, label: sortName(m) }));
}
