/**
 * AmapJ's tables as typed records. Every column is found by its NAME in the table's own CREATE line,
 * so the column orders of V025 and V045 (and the columns one has and the other lacks) read alike.
 * Values stay AmapJ's (enum strings, cents, ids); the import plan decides what they mean here.
 */
import { ScriptError, type ScriptTable, type SqlValue } from './hsqldb-script.js';
import type { AmapjData } from './amapj-records.js';

export type * from './amapj-records.js';

/** Tables without which a file is not an AmapJ database (every version has them). */
export const REQUIRED_TABLES = [
  'UTILISATEUR',
  'PRODUCTEUR',
  'PRODUIT',
  'MODELECONTRAT',
  'MODELECONTRATDATE',
  'MODELECONTRATPRODUIT',
  'MODELECONTRATDATEPAIEMENT',
  'CONTRAT',
  'CONTRATCELL',
  'PAIEMENT',
] as const;

/** One row read by column name: `req` for a column every version has, `opt` for the others. */
interface RowReader {
  line: number;
  str(col: string): string | null;
  int(col: string): number | null;
  day(col: string): string | null;
}

function reader(table: ScriptTable | undefined, required: string[]): ((fn: (r: RowReader) => void) => void) | null {
  if (!table) return null;
  for (const col of required)
    if (!table.columns.includes(col))
      throw new ScriptError(table.line, `la table ${table.name} n’a pas de colonne ${col} : ce n’est pas AmapJ.`);
  const index = new Map(table.columns.map((c, i) => [c, i]));
  return (fn) => {
    for (const row of table.rows) {
      const raw = (col: string): SqlValue => {
        const i = index.get(col);
        return i === undefined ? null : row.values[i];
      };
      fn({
        line: row.line,
        str: (col) => {
          const v = raw(col);
          return v === null ? null : String(v);
        },
        int: (col) => {
          const v = raw(col);
          if (v === null) return null;
          const n = typeof v === 'number' ? v : Number(v);
          if (!Number.isSafeInteger(n))
            throw new ScriptError(row.line, `${table.name}.${col} : nombre entier attendu.`);
          return n;
        },
        day: (col) => {
          const v = raw(col);
          if (v === null) return null;
          const m = /^(\d{4}-\d{2}-\d{2})/.exec(String(v));
          if (!m) throw new ScriptError(row.line, `${table.name}.${col} : date attendue, lu « ${String(v)} ».`);
          return m[1];
        },
      });
    }
  };
}

function rows<T>(tables: Map<string, ScriptTable>, name: string, required: string[], map: (r: RowReader) => T): T[] {
  const read = reader(tables.get(name), required);
  const out: T[] = [];
  read?.((r) => out.push(map(r)));
  return out;
}

const id = (r: RowReader) => r.int('ID')!;

/** Reads every AmapJ table this server imports; throws a ScriptError naming a missing table or column. */
export function readAmapjData(tables: Map<string, ScriptTable>): AmapjData {
  for (const name of REQUIRED_TABLES)
    if (!tables.has(name))
      throw new ScriptError(0, `la table ${name} est absente : ce n’est pas une sauvegarde AmapJ complète.`);
  const link = (owner: string) => (r: RowReader) => ({
    line: r.line,
    producerId: r.int('PRODUCTEUR_ID'),
    userId: r.int(owner),
    notification: r.str('NOTIFICATION'),
  });
  const params = rows(tables, 'PARAMETRES', [], (r) => ({ name: r.str('NOMAMAP'), city: r.str('VILLEAMAP') }))[0];
  return {
    users: rows(tables, 'UTILISATEUR', ['ID', 'NOM', 'PRENOM', 'EMAIL'], (r) => ({
      line: r.line,
      id: id(r),
      lastName: r.str('NOM') ?? '',
      firstName: r.str('PRENOM') ?? '',
      email: r.str('EMAIL'),
      phone: r.str('NUMTEL1'),
      phone2: r.str('NUMTEL2'),
      address: r.str('LIBADR1'),
      postalCode: r.str('CODEPOSTAL'),
      city: r.str('VILLE'),
      state: r.str('ETATUTILISATEUR'),
      password: r.str('PASSWORD'),
      salt: r.str('SALT'),
    })),
    admins: rows(tables, 'ROLEADMIN', ['UTILISATEUR_ID'], (r) => ({ line: r.line, userId: r.int('UTILISATEUR_ID') })),
    treasurers: rows(tables, 'ROLETRESORIER', ['UTILISATEUR_ID'], (r) => ({
      line: r.line,
      userId: r.int('UTILISATEUR_ID'),
    })),
    referents: rows(tables, 'PRODUCTEURREFERENT', ['PRODUCTEUR_ID', 'REFERENT_ID'], link('REFERENT_ID')),
    producerUsers: rows(tables, 'PRODUCTEURUTILISATEUR', ['PRODUCTEUR_ID', 'UTILISATEUR_ID'], link('UTILISATEUR_ID')),
    producers: rows(tables, 'PRODUCTEUR', ['ID', 'NOM'], (r) => ({
      line: r.line,
      id: id(r),
      name: r.str('NOM') ?? '',
      description: r.str('DESCRIPTION'),
      state: r.str('ETAT'),
    })),
    products: rows(tables, 'PRODUIT', ['ID', 'NOM', 'PRODUCTEUR_ID'], (r) => ({
      line: r.line,
      id: id(r),
      producerId: r.int('PRODUCTEUR_ID'),
      name: r.str('NOM') ?? '',
      unit: r.str('CONDITIONNEMENT'),
    })),
    contracts: rows(tables, 'MODELECONTRAT', ['ID', 'NOM', 'PRODUCTEUR_ID', 'ETAT'], (r) => ({
      line: r.line,
      id: id(r),
      producerId: r.int('PRODUCTEUR_ID'),
      name: r.str('NOM') ?? '',
      description: r.str('DESCRIPTION'),
      state: r.str('ETAT'),
      closesOn: r.day('DATEFININSCRIPTION'),
      payee: r.str('LIBCHEQUE'),
      paymentMode: r.str('GESTIONPAIEMENT'),
      nature: r.str('NATURE'),
      paymentText: r.str('TEXTPAIEMENT'),
      minChequeCents: r.int('MONTANTCHEQUEMINICALCULPROPOSITION'),
      jokerType: r.str('TYPJOKER'),
      jokerMax: r.int('JOKERNBMAX'),
      jokerNoticeDays: r.int('JOKERDELAI'),
    })),
    contractDates: rows(tables, 'MODELECONTRATDATE', ['ID', 'DATELIV', 'MODELECONTRAT_ID'], (r) => ({
      line: r.line,
      id: id(r),
      contractId: r.int('MODELECONTRAT_ID'),
      on: r.day('DATELIV'),
    })),
    contractProducts: rows(tables, 'MODELECONTRATPRODUIT', ['ID', 'PRIX', 'MODELECONTRAT_ID', 'PRODUIT_ID'], (r) => ({
      line: r.line,
      id: id(r),
      contractId: r.int('MODELECONTRAT_ID'),
      productId: r.int('PRODUIT_ID'),
      priceCents: r.int('PRIX'),
      position: r.int('INDX') ?? 0,
    })),
    exclusions: rows(tables, 'MODELECONTRATEXCLUDE', ['DATE_ID', 'MODELECONTRAT_ID'], (r) => ({
      line: r.line,
      contractId: r.int('MODELECONTRAT_ID'),
      dateId: r.int('DATE_ID'),
      productId: r.int('PRODUIT_ID'),
    })),
    paymentDates: rows(tables, 'MODELECONTRATDATEPAIEMENT', ['ID', 'DATEPAIEMENT', 'MODELECONTRAT_ID'], (r) => ({
      line: r.line,
      id: id(r),
      contractId: r.int('MODELECONTRAT_ID'),
      on: r.day('DATEPAIEMENT'),
    })),
    subscriptions: rows(tables, 'CONTRAT', ['ID', 'MODELECONTRAT_ID', 'UTILISATEUR_ID'], (r) => ({
      line: r.line,
      id: id(r),
      contractId: r.int('MODELECONTRAT_ID'),
      userId: r.int('UTILISATEUR_ID'),
      creditCents: r.int('MONTANTAVOIR') ?? 0,
      createdAt: r.str('DATECREATION'),
      aboInfo: r.str('ABOINFO'),
    })),
    cells: rows(
      tables,
      'CONTRATCELL',
      ['QTE', 'CONTRAT_ID', 'MODELECONTRATDATE_ID', 'MODELECONTRATPRODUIT_ID'],
      (r) => ({
        line: r.line,
        subscriptionId: r.int('CONTRAT_ID'),
        dateId: r.int('MODELECONTRATDATE_ID'),
        contractProductId: r.int('MODELECONTRATPRODUIT_ID'),
        quantity: r.int('QTE') ?? 0,
      }),
    ),
    payments: rows(
      tables,
      'PAIEMENT',
      ['ID', 'ETAT', 'MONTANT', 'CONTRAT_ID', 'MODELECONTRATDATEPAIEMENT_ID'],
      (r) => ({
        line: r.line,
        id: id(r),
        subscriptionId: r.int('CONTRAT_ID'),
        paymentDateId: r.int('MODELECONTRATDATEPAIEMENT_ID'),
        amountCents: r.int('MONTANT') ?? 0,
        state: r.str('ETAT'),
        comments: ['COMMENTAIRE1', 'COMMENTAIRE2', 'COMMENTAIRE3', 'COMMENTAIRE4'].map((c) => r.str(c)?.trim() ?? ''),
        handoverId: r.int('REMISE_ID'),
      }),
    ),
    handovers: rows(tables, 'REMISEPRODUCTEUR', ['ID', 'DATEPAIEMENT_ID'], (r) => ({
      line: r.line,
      id: id(r),
      paymentDateId: r.int('DATEPAIEMENT_ID'),
      on: r.day('DATEREMISE'),
      amountCents: r.int('MONTANT') ?? 0,
    })),
    membershipPeriods: rows(tables, 'PERIODECOTISATION', ['ID', 'NOM'], (r) => ({
      line: r.line,
      id: id(r),
      name: r.str('NOM') ?? '',
      startsOn: r.day('DATEDEBUT'),
      endsOn: r.day('DATEFIN'),
      payee: r.str('LIBCHEQUE'),
      minimumCents: r.int('MONTANTMINI') ?? 0,
      suggestedCents: r.int('MONTANTCONSEILLE'),
      info: r.str('TEXTPAIEMENT'),
    })),
    memberships: rows(tables, 'PERIODECOTISATIONUTILISATEUR', ['PERIODECOTISATION_ID', 'UTILISATEUR_ID'], (r) => ({
      line: r.line,
      periodId: r.int('PERIODECOTISATION_ID'),
      userId: r.int('UTILISATEUR_ID'),
      amountCents: r.int('MONTANTADHESION') ?? 0,
      state: r.int('ETATPAIEMENTADHESION'),
      method: r.int('TYPEPAIEMENTADHESION'),
      receivedOn: r.day('DATERECEPTIONCHEQUE'),
      createdAt: r.str('DATEADHESION'),
    })),
    dutyPeriods: rows(tables, 'PERIODEPERMANENCE', ['ID'], (r) => ({
      line: r.line,
      id: id(r),
      name: r.str('NOM') ?? '',
    })),
    dutyDates: rows(tables, 'PERIODEPERMANENCEDATE', ['ID', 'DATEPERM'], (r) => ({
      line: r.line,
      id: id(r),
      periodId: r.int('PERIODEPERMANENCE_ID'),
      on: r.day('DATEPERM'),
      places: r.int('NBPLACE') ?? 0,
    })),
    dutyRoles: rows(tables, 'PERMANENCEROLE', ['ID', 'NOM'], (r) => ({
      line: r.line,
      id: id(r),
      name: r.str('NOM') ?? '',
    })),
    dutyMembers: rows(tables, 'PERIODEPERMANENCEUTILISATEUR', ['ID', 'UTILISATEUR_ID'], (r) => ({
      line: r.line,
      id: id(r),
      periodId: r.int('PERIODEPERMANENCE_ID'),
      userId: r.int('UTILISATEUR_ID'),
      wanted: r.int('NBPARTICIPATION') ?? 0,
    })),
    dutyCells: rows(tables, 'PERMANENCECELL', ['PERIODEPERMANENCEDATE_ID'], (r) => ({
      line: r.line,
      dateId: r.int('PERIODEPERMANENCEDATE_ID'),
      dutyMemberId: r.int('PERIODEPERMANENCEUTILISATEUR_ID'),
      roleId: r.int('PERMANENCEROLE_ID'),
    })),
    amapName: params?.name?.trim() || null,
    amapCity: params?.city?.trim() || null,
  };
}
